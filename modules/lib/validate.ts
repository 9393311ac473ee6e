// Checks a parameter set against a target's declarations before the handler runs: control
// characters, `choices` and `format` (template.d/params/formats.ts). Only declared keys are
// checked; a module ignores keys it does not know (shared spec template-config.md). Pure.
import { FORMATS, allowsLineBreaks, checkFormat, controlCharProblem } from '../../template.d/params/formats.js';
import { descriptorFor } from '../../template.d/params/indexed-keys.js';
import { InputError } from './types.js';
import type { Descriptor, Params } from './types.js';

function checkOne(d: Descriptor, value: string, multiline: boolean): string | undefined {
  // A multi-line value may hold line breaks (LF, CRLF) but no other control character.
  const control = controlCharProblem(value, multiline || allowsLineBreaks(d.format));
  if (control !== undefined) return control;
  if (d.choices && !d.choices.includes(value)) {
    const shown = d.password ? 'the value' : JSON.stringify(value);
    return `${shown} is not one of: ${d.choices.join(', ')}`;
  }
  if (!d.format) return undefined;
  if (!d.password) return checkFormat(d.format, value);
  // A secret is never echoed, not even in an error message.
  const spec = FORMATS[d.format];
  return spec && spec.check(value) !== undefined ? `the value is not ${spec.describe}` : undefined;
}

/**
 * Why: the SDK's gate; throws InputError naming the first bad key, in the set's order.
 * `multiline` lists declared keys whose values may contain line breaks (ModuleDeclaration).
 */
export function validateParams(descriptors: readonly Descriptor[], params: Params, multiline: readonly string[] = []): void {
  for (const [key, value] of Object.entries(params)) {
    const d = descriptorFor(descriptors, key);
    if (!d) continue;
    // A module's multi-line keys cover every index of them, like its descriptors do.
    const lines = descriptorFor(multiline.map((k) => ({ key: k })), key) !== undefined;
    const problem = checkOne(d, value, lines);
    if (problem !== undefined) throw new InputError(key, problem);
  }
}

/** Why: the stdin contract: one JSON object whose values are all strings. */
export function parseParamSet(text: string): Params {
  let data: unknown;
  try {
    data = JSON.parse(text.trim() === '' ? '{}' : text);
  } catch (error) {
    throw new Error(`the parameter set on stdin is not valid JSON (${(error as Error).message})`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new Error('the parameter set on stdin must be a JSON object of string values');
  }
  for (const [key, value] of Object.entries(data)) {
    if (typeof value !== 'string') throw new InputError(key, `must be a string, not ${value === null ? 'null' : typeof value}`);
  }
  return data as Params;
}

/** Why: values of the keys the target declares secret, so the SDK can keep them out of sight. */
export function secretValues(descriptors: readonly Descriptor[], params: Params): string[] {
  return Object.entries(params)
    .filter(([key, value]) => value !== '' && descriptorFor(descriptors, key)?.password === true)
    .map(([, value]) => value);
}
