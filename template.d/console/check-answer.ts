// Judges one console answer the way the runner will judge the parameter set before any module
// runs (template.d/params/validate-set.ts): required, choices, and the descriptor's `format`
// through checkFormat. Pure. A secret answer is never quoted back.
import { checkFormat, FORMATS, hasControlChar } from '../params/formats.js';
import type { Question } from './questions.js';

function formatProblem(question: Question, value: string): string | undefined {
  for (const { descriptor } of question.declarations) {
    if (descriptor.format === undefined) continue;
    const problem = checkFormat(descriptor.format, value);
    if (problem === undefined) continue;
    if (question.kind !== 'secret') return problem;
    const spec = Object.hasOwn(FORMATS, descriptor.format) ? FORMATS[descriptor.format] : undefined;
    return `the value is not ${spec?.describe ?? descriptor.format}`;
  }
  return undefined;
}

function choiceProblem(question: Question, value: string): string | undefined {
  for (const { module, descriptor } of question.declarations) {
    if (descriptor.choices && descriptor.choices.length && !descriptor.choices.includes(value)) {
      return `module "${module}" accepts only ${descriptor.choices.join(', ')}`;
    }
  }
  return undefined;
}

/**
 * Why: the message shown under the question, or undefined when the answer is acceptable. An
 * empty answer is acceptable unless the key is required (it then stays unset), or when it keeps
 * a value an earlier source gave (`keeps`).
 */
export function checkAnswer(question: Question, value: string, keeps = false): string | undefined {
  if (value === '') {
    return question.required && !keeps ? `A value is required: module "${question.module}" cannot run without it.` : undefined;
  }
  if (hasControlChar(value)) return 'The value contains a control character (tab, escape...); type it again.';
  return choiceProblem(question, value) ?? formatProblem(question, value);
}
