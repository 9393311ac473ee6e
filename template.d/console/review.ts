// The review screen, shown before anything runs: every question asked, numbered, with its
// value (a secret, or a value its source marked secret, as the mask), then one question: apply,
// quit, or the number of an answer to change. The same lines in both drivers (they are notes
// and a text question). Pure apart from the driver.
import { MASK } from '../params/secrets.js';
import type { DialogState } from './dialog.js';
import type { PromptDriver } from './driver.js';
import { isAsked, shortKey, type Question } from './questions.js';

/** What the user chose on the review. */
export type ReviewDecision = 'apply' | 'quit' | { change: string };

function shown(state: DialogState, question: Question): string {
  const value = state.values[question.key];
  if (value === undefined || value === '') return '(not set)';
  if (question.kind === 'secret' || state.hidden.has(question.key)) return `${MASK} (not shown)`;
  return value;
}

/** Why: the questions the review lists: those asked and still relevant, in asking order. */
export function reviewed(state: DialogState): Question[] {
  const known = { ...state.preset, ...state.values };
  return state.questions.filter((q) => state.asked.has(q.key) && isAsked(q, known));
}

/** Why: the review's lines, for the drivers and for tests. */
export function reviewLines(state: DialogState): string[] {
  const listed = reviewed(state);
  const width = Math.max(0, ...listed.map((q) => shortKey(q.key).length));
  const lines = listed.map((q, i) => `  ${String(i + 1).padStart(2)}) ${shortKey(q.key).padEnd(width)}  ${shown(state, q)}`);
  return ['Review the answers (nothing has been changed yet):', ...lines];
}

/** Why: apply, quit, or change one answer; asked until one of these is typed. */
export async function reviewAnswers(state: DialogState, driver: PromptDriver): Promise<ReviewDecision> {
  const listed = reviewed(state);
  for (const line of reviewLines(state)) driver.note(line);
  const parse = (typed: string): ReviewDecision | undefined => {
    const text = typed.trim().toLowerCase();
    if (text === 'apply' || text === 'a') return 'apply';
    if (text === 'quit' || text === 'q') return 'quit';
    const question = /^[0-9]+$/.test(text) ? listed[Number(text) - 1] : undefined;
    return question ? { change: question.key } : undefined;
  };
  const range = listed.length ? `, or a number from 1 to ${listed.length} to change that answer` : '';
  const prompt = `Apply these answers? [apply, quit${listed.length ? ', or the number of an answer to change' : ''}]:`;
  const typed = await driver.text(prompt, (v) => (parse(v) ? undefined : `type apply or quit${range}`));
  return parse(typed)!;
}
