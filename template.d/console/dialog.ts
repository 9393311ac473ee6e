// The console dialog: walks the questions in order, asks those whose depends/requires hold for
// the values so far, then shows the review (apply, change an answer, quit). A change asks that
// question again and then only the follow-ups it newly makes relevant; answers that no longer
// apply are dropped. On apply the whole set goes through the run's own check (validation and
// every module's plan) and a refused set goes back to the review with every reason shown.
// Values given by an earlier source (--ovf-transport-iso, --input FD) count for
// depends/requires and are offered: Enter keeps them (a secret's is never shown); the root's
// current values are offered the same way. Returns only the keys the dialog set or changed.
import type { Params } from '../params/descriptor.js';
import { NO_ADVICE, type Advisor } from './advisor.js';
import { askQuestion, type Offer } from './ask-question.js';
import { DialogClosed, type PromptDriver } from './driver.js';
import { isAsked, type Question } from './questions.js';
import { reviewAnswers } from './review.js';

/** What the dialog starts from: values of earlier sources (`hidden`: never shown) and an advisor. */
export interface DialogOptions {
  preset?: Params;
  hidden?: string[];
  advisor?: Advisor;
}

/** The dialog's state: its value per key (answered, kept or taken), and which questions were asked. */
export interface DialogState {
  questions: Question[];
  preset: Params;
  hidden: Set<string>;
  current: Params;
  values: Params;
  asked: Set<string>;
}

function offerFor(state: DialogState, question: Question, again: boolean): Offer | undefined {
  const hidden = question.kind === 'secret' || state.hidden.has(question.key);
  const value = state.values[question.key];
  if (again && value !== undefined) return { value, from: 'answer', hidden };
  const given = state.preset[question.key];
  if (given !== undefined && given !== '') return { value: given, from: 'given', hidden };
  const current = question.kind === 'secret' ? undefined : state.current[question.key];
  return current !== undefined && current !== '' ? { value: current, from: 'current', hidden } : undefined;
}

/** Why: the set as the modules would see it now (earlier sources, then the dialog's values). */
export function knownValues(state: DialogState): Params {
  return { ...state.preset, ...state.values };
}

/**
 * Asks, in order, every relevant question not asked yet, and `again` once more; answers of
 * questions that stopped being relevant are dropped.
 */
async function walk(state: DialogState, driver: PromptDriver, advisor: Advisor, again?: string): Promise<void> {
  for (const question of state.questions) {
    if (!isAsked(question, knownValues(state))) {
      delete state.values[question.key];
      state.asked.delete(question.key);
      continue;
    }
    if (state.asked.has(question.key) && question.key !== again) continue;
    const offer = offerFor(state, question, question.key === again);
    const needed = offer === undefined && !question.required ? await advisor.needed(question, knownValues(state)) : undefined;
    const value = await askQuestion(question, driver, { offer, needed });
    state.asked.add(question.key);
    if (value === '') delete state.values[question.key];
    else state.values[question.key] = value;
  }
}

/** The dialog's result: what it set that the earlier sources did not already hold. */
function answersOf(state: DialogState): Params {
  return Object.fromEntries(Object.entries(state.values).filter(([key, value]) => state.preset[key] !== value));
}

/**
 * Why: the whole question-and-answer part of `--console-input` and of first boot, ending only
 * when the user applies a set the modules accept (or quits, or the dialog is closed).
 */
export async function runDialog(questions: Question[], driver: PromptDriver, options: DialogOptions = {}): Promise<Params> {
  const advisor = options.advisor ?? NO_ADVICE;
  const state: DialogState = {
    questions,
    preset: options.preset ?? {},
    hidden: new Set(options.hidden ?? []),
    current: await advisor.current(),
    values: {},
    asked: new Set(),
  };
  await walk(state, driver, advisor);
  for (;;) {
    const decision = await reviewAnswers(state, driver);
    if (decision === 'quit') throw new DialogClosed('you quit at the review');
    if (decision !== 'apply') {
      await walk(state, driver, advisor, decision.change);
      continue;
    }
    const reasons = await advisor.refusals(knownValues(state));
    if (reasons.length === 0) return answersOf(state);
    driver.note(`The modules refuse these answers (${reasons.length === 1 ? '1 reason' : `${reasons.length} reasons`}); nothing was changed:`);
    for (const reason of reasons) driver.note(`  ! ${reason}`);
    driver.note('Change an answer to fix it, or quit.');
  }
}
