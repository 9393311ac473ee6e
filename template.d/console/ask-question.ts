// Asks one question: builds its prompt (description, key, what Enter does), lists a choice's
// entries, checks the answer the way the runner will, asks a secret twice, and turns what was
// typed into the key's value. What Enter does depends on the offer: a value an earlier source
// gave (kept), the root's current value, or the answer given before (on a change from the
// review). A question a module needs after the answers so far cannot be skipped.
import { checkAnswer } from './check-answer.js';
import { choiceEntries, choiceLine, pickChoice, UNSET_LABEL } from './choice.js';
import type { PromptDriver, Shown, Validate } from './driver.js';
import { ORACLE_PREFIX, shortKey, type Question } from './questions.js';

/** What Enter takes: `given` by an earlier source, `current` on the root, or the earlier `answer`. */
export interface Offer {
  value: string;
  from: 'given' | 'current' | 'answer';
  /** Never shown: a secret, or a value its source marked secret. */
  hidden: boolean;
}

/** How one question is asked: what Enter takes, and why a module needs it, if it does. */
export interface Asking {
  offer?: Offer;
  /** The module's reason, when skipping would refuse the batch (a follow-up such as the address after static). */
  needed?: string;
}

function enterHint(question: Question, asking: Asking): string {
  const { offer } = asking;
  if (offer === undefined) return question.required || asking.needed ? 'required' : 'Enter to skip';
  if (question.kind === 'secret') return offer.from === 'answer' ? 'Enter keeps the one typed before' : 'Enter keeps the one already given';
  if (offer.hidden) return 'Enter keeps the value already given';
  return `Enter keeps ${offer.value}${offer.from === 'current' ? ' (current)' : ''}`;
}

/** Why: the prompt line: the description, then the key, how to answer, and what Enter does. */
export function promptText(question: Question, asking: Asking = {}): string {
  const how = question.kind === 'choice' ? ['a number or a value'] : [];
  return `${question.text} [${[shortKey(question.key), ...how, enterHint(question, asking)].join(', ')}]:`;
}

function emptyProblem(question: Question, asking: Asking): string | undefined {
  if (asking.offer !== undefined) return undefined;
  if (question.required) return checkAnswer(question, '');
  if (asking.needed) return `This one cannot be skipped: ${shortKey(question.key)} ${asking.needed.replaceAll(ORACLE_PREFIX, '')}.`;
  return undefined;
}

/** The value a non-empty typed answer stands for, or the problem with it. */
function valueOf(question: Question, typed: string, given: boolean): { value: string } | { problem: string } {
  if (question.kind === 'secret') return { value: typed };
  if (question.kind !== 'choice') return { value: typed.trim() };
  return pickChoice(choiceEntries(question, given), typed);
}

function validator(question: Question, asking: Asking): Validate {
  const given = asking.offer?.from === 'given';
  return (typed) => {
    if ((question.kind === 'secret' ? typed : typed.trim()) === '') return emptyProblem(question, asking);
    const picked = valueOf(question, typed, given);
    if ('problem' in picked) return picked.problem;
    return picked.value === '' ? undefined : checkAnswer(question, picked.value, true);
  };
}

/** The answered line: the value Enter takes (unless hidden), a choice's value for its number or its name in any case. */
function shownAnswer(question: Question, asking: Asking): Shown {
  const taken = asking.offer && !asking.offer.hidden ? asking.offer.value : undefined;
  return (typed) => {
    if (typed.trim() === '') return taken ?? typed;
    if (question.kind !== 'choice') return typed;
    const picked = valueOf(question, typed, asking.offer?.from === 'given');
    return 'value' in picked ? picked.value || UNSET_LABEL : typed;
  };
}

/** A secret, typed twice until both entries match; Enter alone takes the offer. */
async function askSecret(question: Question, driver: PromptDriver, asking: Asking): Promise<string> {
  for (;;) {
    const first = await driver.secret(promptText(question, asking), validator(question, asking));
    if (first === '') return first;
    const again = await driver.secret(`Type it again to confirm [${shortKey(question.key)}]:`, () => undefined);
    if (again === first) return first;
    driver.note('The two entries differ; please type the password again.');
  }
}

/**
 * Why: one question, asked until the answer is acceptable. Returns the key's value: the offer
 * on Enter, '' when left unset (skipped, or the choice's unset entry).
 */
export async function askQuestion(question: Question, driver: PromptDriver, asking: Asking): Promise<string> {
  let typed: string;
  if (question.kind === 'secret') typed = await askSecret(question, driver, asking);
  else {
    if (question.kind === 'choice') driver.note(choiceLine(choiceEntries(question, asking.offer?.from === 'given')));
    typed = await driver.text(promptText(question, asking), validator(question, asking), shownAnswer(question, asking));
  }
  if ((question.kind === 'secret' ? typed : typed.trim()) === '') return asking.offer?.value ?? '';
  const picked = valueOf(question, typed, asking.offer?.from === 'given');
  return 'value' in picked ? picked.value : '';
}
