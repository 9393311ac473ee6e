// The console dialog's questions, derived from the modules' descriptors (house style: nobody
// writes a prompt by hand a second time). Pure. Rules from shared spec template-config.md
// (`--console-input`) and modules.md: hidden keys are never asked; questions follow module
// priority order, then each module's declaration order; `depends`/`requires` decide at ask time
// whether a question applies, from the answers given so far.
import type { Descriptor, Params } from '../params/descriptor.js';
import { keyNameProblem } from '../params/key-name.js';
import { isRelevant, type ModuleDescriptors } from '../params/validate-set.js';

/** One module's declaration of a key. */
export interface Declaration {
  module: string;
  descriptor: Descriptor;
}

/** Why: one question of the dialog, with everything needed to ask it and judge the answer. */
export interface Question {
  key: string;
  /** The module whose declaration is asked (the first that shows the key). */
  module: string;
  /** The prompt: the descriptor's description, or the key when there is none. */
  text: string;
  kind: 'text' | 'secret' | 'choice';
  choices?: string[];
  required: boolean;
  /** The declaration that decides relevance and choices. */
  asked: Descriptor;
  /** Every module's declaration of the key: an answer must satisfy all of them. */
  declarations: Declaration[];
}

/** The prefix Oracle's keys share; dropped when the key is shown next to a prompt. */
export const ORACLE_PREFIX = 'com.oracle.linux.';

/** Why: the key as a person reads it next to the question (network.ipaddr.0). */
export function shortKey(key: string): string {
  return key.startsWith(ORACLE_PREFIX) ? key.slice(ORACLE_PREFIX.length) : key;
}

function declarationsByKey(modules: ModuleDescriptors[]): Map<string, Declaration[]> {
  const byKey = new Map<string, Declaration[]>();
  for (const module of modules) {
    for (const descriptor of module.descriptors) {
      byKey.set(descriptor.key, [...(byKey.get(descriptor.key) ?? []), { module: module.name, descriptor }]);
    }
  }
  return byKey;
}

function toQuestion(key: string, all: Declaration[]): Question | undefined {
  const shown = all.find((d) => !d.descriptor.hidden);
  if (shown === undefined) return undefined;
  const d = shown.descriptor;
  const kind = all.some((x) => x.descriptor.password) ? 'secret' : d.choices && d.choices.length ? 'choice' : 'text';
  return {
    key,
    module: shown.module,
    text: (d.description ?? '').trim() || key,
    kind,
    ...(kind === 'choice' ? { choices: [...d.choices!] } : {}),
    required: all.some((x) => x.descriptor.required),
    asked: d,
    declarations: all,
  };
}

/** Why: a module that declares a key no entry would accept gets it refused, naming the module. */
export function questionKeyProblems(modules: ModuleDescriptors[]): string[] {
  const out: string[] = [];
  for (const [key, all] of declarationsByKey(modules)) {
    const problem = keyNameProblem(key);
    if (problem !== undefined) out.push(`module "${all[0]!.module}" declares ${problem}`);
  }
  return out;
}

/** Why: every non-hidden key of the modules (given in run order), once, in asking order; never a bad key name. */
export function buildQuestions(modules: ModuleDescriptors[]): Question[] {
  const byKey = declarationsByKey(modules);
  const out: Question[] = [];
  for (const [key, all] of byKey) {
    if (keyNameProblem(key) !== undefined) continue; // questionKeyProblems says why
    const question = toQuestion(key, all);
    if (question) out.push(question);
  }
  return out;
}

/** Why: a question is asked only when its depends/requires hold for the answers so far. */
export function isAsked(question: Question, answers: Params): boolean {
  return isRelevant(question.asked, answers);
}
