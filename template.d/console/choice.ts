// A choice question without arrow keys: the entries are listed once, numbered, and the answer
// is either an entry's number or its value typed out (`static`, `yes`; letter case does not
// matter). Both drivers get exactly this text, since it is built here and not in a driver. Pure.
import type { Question } from './questions.js';

/** The entry that leaves an optional choice unset; it has no value of its own. */
export const UNSET_LABEL = '(leave unset)';

/** One entry of a numbered choice: the value returned ('' for the unset entry) and the text shown. */
export interface Choice {
  value: string;
  label: string;
}

/** Why: the numbered entries; an optional key can be left unset unless an earlier source gave it. */
export function choiceEntries(question: Question, given: boolean): Choice[] {
  const listed = (question.choices ?? []).map((value) => ({ value, label: value }));
  return question.required || given ? listed : [...listed, { value: '', label: UNSET_LABEL }];
}

/** Why: the line printed above the prompt, e.g. `  1) dhcp   2) static   3) none   4) (leave unset)`. */
export function choiceLine(entries: Choice[]): string {
  return `  ${entries.map((c, i) => `${i + 1}) ${c.label}`).join('   ')}`;
}

/** Why: a typed answer (not empty) to the entry it names, or the message shown under the question. */
export function pickChoice(entries: Choice[], typed: string): { value: string } | { problem: string } {
  const text = typed.trim();
  if (/^[0-9]+$/.test(text) && entries[Number(text) - 1]) return { value: entries[Number(text) - 1]!.value };
  const named = entries.find((c) => c.value !== '' && c.value.toLowerCase() === text.toLowerCase());
  if (named) return named;
  const values = entries.filter((c) => c.value !== '').map((c) => c.value);
  return { problem: `type a number from 1 to ${entries.length}, or one of: ${values.join(', ')}` };
}
