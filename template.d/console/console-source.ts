// `--console-input` as a parameter source (template.d/params/sources.ts): checks for a
// terminal, asks the questions of the modules enabled for the target, and returns the answers.
// Ctrl-C during the dialog ends it with nothing run.
import { ParamInputError, type ParamSource, type ParamSourceContext } from '../params/sources.js';
import type { Params } from '../params/descriptor.js';
import type { Advisor } from './advisor.js';
import { runDialog } from './dialog.js';
import { DialogClosed, type PromptDriver } from './driver.js';
import { buildQuestions, questionKeyProblems } from './questions.js';
import { terminalDriver } from './terminal-driver.js';
import { requireTerminal } from './terminal.js';
import { rootAdvisor, type RootAdvisorOptions } from './root-advisor.js';

/** Options of the --console-input source. */
export interface ConsoleSourceOptions {
  /** Replaces the driver on the process's terminal (tests script the answers). */
  driver?: PromptDriver;
  /** The run the answers are for: its root gives the defaults and checks the answers (root-advisor.ts). */
  run?: Omit<RootAdvisorOptions, 'target' | 'secretKeys'>;
  /** Replaces the advisor built from `run` (tests). */
  advisor?: Advisor;
}

function intro(context: ParamSourceContext, count: number): string {
  if (count === 0) return `No module enabled for ${context.target} asks anything on the console.`;
  const kept = Object.keys(context.params ?? {}).length ? ' Values given before are offered: Enter keeps them.' : '';
  return `Configuration questions for ${context.target}: up to ${count}, follow-ups only when an answer needs them.${kept}`;
}

/** Why: the console dialog as one more way of getting a parameter set. */
export function consoleSource(options: ConsoleSourceOptions = {}): ParamSource {
  return {
    name: 'the console',
    read: async (context): Promise<Params> => {
      if (options.driver === undefined) requireTerminal();
      const driver = options.driver ?? terminalDriver();
      const badKeys = questionKeyProblems(context.modules);
      if (badKeys.length) throw new ParamInputError(`--console-input: ${badKeys.join('; ')}`);
      const questions = buildQuestions(context.modules);
      driver.note(intro(context, questions.length));
      try {
        const secretKeys = context.secretKeys ?? [];
        const advisor = options.advisor ?? (options.run ? rootAdvisor({ ...options.run, target: context.target, secretKeys }) : undefined);
        const answers = await runDialog(questions, driver, { preset: context.params, hidden: secretKeys, advisor });
        const count = Object.keys(answers).length;
        driver.note(`${count === 1 ? '1 answer' : `${count} answers`} taken; the modules accept them.`);
        return answers;
      } catch (error) {
        if (error instanceof DialogClosed) throw new ParamInputError(`--console-input: ${error.message}`);
        throw error;
      }
    },
  };
}
