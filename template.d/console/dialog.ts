// The console dialog: walks the questions in order, asks those whose depends/requires hold for
// the values so far, re-asks until an answer is acceptable, and asks a secret twice. Returns
// only the keys that were answered (a skipped optional question leaves its key unset). Values
// given by an earlier source (--ovf-transport-iso, --input FD) count for depends/requires and
// are offered: Enter keeps them (a secret's is never shown).
import type { Params } from '../params/descriptor.js';
import { checkAnswer } from './check-answer.js';
import type { Choice, PromptDriver } from './driver.js';
import { isAsked, shortKey, type Question } from './questions.js';

/** The entry that leaves an optional choice unset; it has no value of its own. */
export const UNSET_LABEL = '(leave unset)';

/** Why: the prompt line shows the description, the key, and what Enter does. */
export function promptText(question: Question, preset?: string, hide = false): string {
  const key = shortKey(question.key);
  if (preset !== undefined && question.kind === 'secret') return `${question.text} [${key}, Enter keeps the one already given]:`;
  if (preset !== undefined && hide) return `${question.text} [${key}, Enter keeps the value already given]:`;
  if (preset !== undefined && question.kind === 'text') return `${question.text} [${key}, Enter keeps ${preset}]:`;
  const optional = question.required || question.kind === 'choice' ? '' : ', Enter to skip';
  return `${question.text} [${key}${optional}]:`;
}

/** The numbered entries; a value given earlier can be kept, an optional key left unset. */
function choicesOf(question: Question, preset?: string, hide = false): Choice[] {
  const listed = (question.choices ?? []).map((value) => ({ value, label: value }));
  if (preset !== undefined) return [...listed, { value: '', label: hide ? '(keep the value already given)' : `(keep ${preset})` }];
  return question.required ? listed : [...listed, { value: '', label: UNSET_LABEL }];
}

/** A secret, typed twice until both entries match; empty when skipped or kept. */
async function askSecret(question: Question, driver: PromptDriver, preset?: string): Promise<string> {
  const keeps = preset !== undefined;
  for (;;) {
    const first = await driver.secret(promptText(question, preset), (v) => checkAnswer(question, v, keeps));
    if (first === '') return first;
    const again = await driver.secret(`Type it again to confirm [${shortKey(question.key)}]:`, () => undefined);
    if (again === first) return first;
    driver.note('The two entries differ; please type the password again.');
  }
}

async function askOne(question: Question, driver: PromptDriver, preset: string | undefined, hide: boolean): Promise<string> {
  if (question.kind === 'secret') return askSecret(question, driver, preset);
  if (question.kind === 'choice') return driver.choose(promptText(question, preset, hide), choicesOf(question, preset, hide));
  return driver.text(promptText(question, preset, hide), (v) => checkAnswer(question, v.trim(), preset !== undefined));
}

/**
 * Why: the whole question-and-answer part of `--console-input` and of first boot. `preset`
 * holds the values earlier sources gave (`hidden`: keys they marked secret, never shown); an
 * answer overrides one, Enter keeps it.
 */
export async function runDialog(questions: Question[], driver: PromptDriver, preset: Params = {}, hidden: string[] = []): Promise<Params> {
  const answers: Params = {};
  for (const question of questions) {
    if (!isAsked(question, { ...preset, ...answers })) continue;
    const given = Object.hasOwn(preset, question.key) && preset[question.key] !== '' ? preset[question.key] : undefined;
    const raw = await askOne(question, driver, given, hidden.includes(question.key));
    const value = question.kind === 'secret' ? raw : raw.trim();
    if (value !== '') answers[question.key] = value;
  }
  return answers;
}
