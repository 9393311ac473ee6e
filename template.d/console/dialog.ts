// The console dialog: walks the questions in order, asks those whose depends/requires hold for
// the answers so far, re-asks until an answer is acceptable, and asks a secret twice. Returns
// only the keys that were answered (a skipped optional question leaves its key unset).
import type { Params } from '../params/descriptor.js';
import { checkAnswer } from './check-answer.js';
import type { Choice, PromptDriver } from './driver.js';
import { isAsked, shortKey, type Question } from './questions.js';

/** The entry that leaves an optional choice unset; it has no value of its own. */
export const UNSET_LABEL = '(leave unset)';

/** Why: the prompt line shows the description, the key, and whether Enter skips. */
export function promptText(question: Question): string {
  const optional = question.required ? '' : question.kind === 'choice' ? '' : ', Enter to skip';
  return `${question.text} [${shortKey(question.key)}${optional}]:`;
}

function choicesOf(question: Question): Choice[] {
  const listed = (question.choices ?? []).map((value) => ({ value, label: value }));
  return question.required ? listed : [...listed, { value: '', label: UNSET_LABEL }];
}

/** A secret, typed twice until both entries match. */
async function askSecret(question: Question, driver: PromptDriver): Promise<string> {
  for (;;) {
    const first = await driver.secret(promptText(question), (v) => checkAnswer(question, v));
    if (first === '') return first;
    const again = await driver.secret(`Type it again to confirm [${shortKey(question.key)}]:`, () => undefined);
    if (again === first) return first;
    driver.note('The two entries differ; please type the password again.');
  }
}

async function askOne(question: Question, driver: PromptDriver): Promise<string> {
  if (question.kind === 'secret') return askSecret(question, driver);
  if (question.kind === 'choice') return driver.choose(promptText(question), choicesOf(question));
  return driver.text(promptText(question), (v) => checkAnswer(question, v.trim()));
}

/** Why: the whole question-and-answer part of `--console-input` and of first boot. */
export async function runDialog(questions: Question[], driver: PromptDriver): Promise<Params> {
  const answers: Params = {};
  for (const question of questions) {
    if (!isAsked(question, answers)) continue;
    const raw = await askOne(question, driver);
    const value = question.kind === 'secret' ? raw : raw.trim();
    if (value !== '') answers[question.key] = value;
  }
  return answers;
}
