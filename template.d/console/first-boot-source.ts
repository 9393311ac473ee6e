// The console dialog offered during first boot (shared spec ovmd.md, "First boot"), shaped
// as the second parameter source ovmd's first-boot run takes (ovmd/daemon/first-boot.ts
// ParameterSource; declared structurally here, since template.d does not import ovmd). The
// daemon waits for host messages meanwhile; whichever completes first wins:
//  - the dialog completes: its answers are submitted like a host batch, which triggers the run;
//  - the host's batch runs first: stop() closes the open question at once, answers are dropped.
// A run that fails after the dialog's answers leaves the questions open again, for a correction:
// the answers given so far are offered (Enter keeps them), so only the wrong one is retyped.
// Values the host already sent when the dialog opens are offered the same way.
import type { Params } from '../params/descriptor.js';
import type { ModuleDescriptors } from '../params/validate-set.js';
import type { Advisor } from './advisor.js';
import { runDialog } from './dialog.js';
import { DialogClosed, type PromptDriver } from './driver.js';
import { buildQuestions, questionKeyProblems } from './questions.js';
import { terminalDriver } from './terminal-driver.js';
import { terminalProblem, type TerminalStreams } from './terminal.js';

/** What the first-boot run lets a source do (ovmd/daemon/first-boot.ts SourceSink). */
export interface FirstBootSink {
  missing(): Promise<string[]>;
  submit(params: Params): Promise<void>;
  /** What is stored already (the host may have sent part of its batch), and which of it is secret. */
  stored?(): Promise<{ params: Params; secretKeys: string[] }>;
}

/** A parameter source as ovmd's first-boot run drives it: started once, stopped when done. */
export interface FirstBootSource {
  name: string;
  start(sink: FirstBootSink): Promise<void>;
  stop(): void;
}

/** Where the questions come from and, for tests, how they are answered. */
export interface FirstBootDialogOptions {
  /** The configure modules' descriptors in run order (ovmd's engine enumerates them). */
  loadModules: () => Promise<ModuleDescriptors[]>;
  /** A driver bound to the given signal; default: the process's terminal (terminal-driver.ts). */
  driver?: (signal: AbortSignal) => PromptDriver;
  streams?: TerminalStreams;
  /** Defaults and checks from the root first boot configures (root-advisor.ts); none when absent. */
  advisor?: Advisor;
}

/** Lets the loop see stop() when the run that the answers triggered has just ended. */
const settled = () => new Promise<void>((resolve) => setImmediate(resolve));

async function dialogLoop(options: FirstBootDialogOptions, sink: FirstBootSink, driver: PromptDriver, signal: AbortSignal): Promise<void> {
  const modules = await options.loadModules();
  // A key no entry would accept is not asked; say which, so a broken module is noticed.
  for (const problem of questionKeyProblems(modules)) driver.note(`Not asked: ${problem}.`);
  const questions = buildQuestions(modules);
  if (questions.length === 0) return driver.note('No enabled module asks anything on the console; waiting for the host.');
  driver.note('You may answer these questions here; if the host\'s configuration arrives first, it is used and the questions close.');
  const stored = (await sink.stored?.()) ?? { params: {}, secretKeys: [] };
  const asked = new Set(questions.map((q) => q.key));
  let given: Params = Object.fromEntries(Object.entries(stored.params).filter(([k]) => asked.has(k)));
  const offered = Object.keys(given).length;
  if (offered > 0) driver.note(`The host already sent ${offered} of these values: each is offered, Enter keeps it.`);
  for (;;) {
    given = { ...given, ...(await runDialog(questions, driver, { preset: given, hidden: stored.secretKeys, advisor: options.advisor })) };
    if (signal.aborted) return;
    driver.note('Answers taken; configuring now.');
    await sink.submit(given);
    await settled();
    if (signal.aborted) return;
    const missing = await sink.missing();
    const why = missing.length ? `still missing: ${missing.join(', ')}` : 'the run above did not succeed';
    driver.note(`The configuration is not done: ${why}. The questions start again.`);
  }
}

/**
 * Why: ovmd's first boot offers the dialog only where someone can answer it; undefined when
 * standard input or output is not a terminal (the run then waits for the host alone).
 */
export function firstBootDialog(options: FirstBootDialogOptions): FirstBootSource | undefined {
  if (options.driver === undefined && terminalProblem(options.streams) !== undefined) return undefined;
  const controller = new AbortController();
  const driver = (options.driver ?? terminalDriver)(controller.signal);
  return {
    name: 'the console',
    async start(sink) {
      try {
        await dialogLoop(options, sink, driver, controller.signal);
      } catch (error) {
        if (!(error instanceof DialogClosed)) throw error;
        driver.note(controller.signal.aborted ? 'The console questions are closed.' : `Console questions ended (${error.message}); still waiting for the host.`);
      }
    },
    stop() {
      controller.abort();
    },
  };
}
