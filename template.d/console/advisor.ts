// What the dialog may ask of the system it configures, as an interface: the values the root has
// now (offered as defaults), whether a module needs a key the user is about to skip (a follow-up
// an earlier answer made necessary, e.g. the address after "static"), and the whole batch's
// check before anything runs (template.d/plan). root-advisor.ts answers from the root being
// configured; without one the dialog offers no defaults and checks each answer alone.
import type { Params } from '../params/descriptor.js';
import type { Question } from './questions.js';

/** Why: the dialog's questions to the modules, kept out of the dialog's own logic. */
export interface Advisor {
  /** Values the root has now, by key (only for keys the modules can read back). */
  current(): Promise<Params>;
  /** Why the question's module cannot do without `question.key` given `known`; undefined when it can. */
  needed(question: Question, known: Params): Promise<string | undefined>;
  /** Every reason the modules would refuse this whole set, as lines with secrets masked; [] when none. */
  refusals(params: Params): Promise<string[]>;
}

/** Why: the dialog works without a root to ask (first-boot tests, scripted drivers). */
export const NO_ADVICE: Advisor = {
  current: async () => ({}),
  needed: async () => undefined,
  refusals: async () => [],
};
