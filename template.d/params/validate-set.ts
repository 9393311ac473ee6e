// Validates a whole parameter set against every enabled module's descriptors before anything
// runs (shared spec template-config.md: missing `required`, value outside `choices`, malformed
// value; `depends`/`requires` decide whether a key is relevant). Pure.
import type { Descriptor, Params } from './descriptor.js';
import { FORMATS, allowsLineBreaks, checkFormat, controlCharProblem } from './formats.js';
import { descriptorFor } from './indexed-keys.js';
import { describeRefusal, type Refusal } from './refusal.js';

export interface ModuleDescriptors {
  name: string;
  descriptors: Descriptor[];
}

/** Whether the descriptor applies, given `depends` (key set) and `requires` (value in list). */
export function isRelevant(descriptor: Descriptor, params: Params): boolean {
  if (descriptor.depends !== undefined && !params[descriptor.depends]) return false;
  if (descriptor.requires !== undefined) {
    const [key, values] = descriptor.requires;
    const value = params[key];
    const current = value === undefined || value === '' ? null : value;
    if (!values.includes(current)) return false;
  }
  return true;
}

/** The reason of a required key that is relevant but missing. */
export const NOT_SET = 'required but not set';

/** A required key that is relevant but missing, for each declared descriptor. */
function missingRequired(module: string, descriptors: readonly Descriptor[], params: Params): Refusal[] {
  return descriptors
    .filter((d) => d.required && (params[d.key] ?? '') === '' && isRelevant(d, params))
    .map((d) => ({ key: d.key, module, reason: NOT_SET }));
}

/**
 * The problem with one present value, judged by its descriptor; a secret is never quoted. Only
 * `choices` and `format` judge a value here: a third-party key without either may carry any
 * text (even several lines), and its module decides.
 */
function valueProblem(d: Descriptor, value: string): string | undefined {
  const shown = d.password ? 'the value' : JSON.stringify(value);
  if (d.choices && !d.choices.includes(value)) return `${shown} is not allowed (choose one of: ${d.choices.join(', ')})`;
  if (d.format === undefined) return undefined;
  const problem = checkFormat(d.format, value);
  if (problem === undefined) return undefined;
  if (!d.password) return problem;
  const control = controlCharProblem(value, allowsLineBreaks(d.format));
  return `the value ${control ?? `is not ${FORMATS[d.format]?.describe ?? d.format}`}`;
}

/**
 * Why: a run either starts with a valid set or does not start at all; every error is listed.
 * Every key present is checked, at any index (`device.7` like the declared `device.0`), so a bad
 * value for one module cannot let the modules before it change the system first.
 */
export function validateParamSet(modules: ModuleDescriptors[], params: Params): string[] {
  return findRefusals(modules, params).map(describeRefusal);
}

/** Why: the same checks as validateParamSet, as structured reasons for reports and ovmd's result. */
export function findRefusals(modules: ModuleDescriptors[], params: Params): Refusal[] {
  const found = new Map<string, Refusal>();
  const add = (r: Refusal) => found.set(describeRefusal(r), r);
  for (const module of modules) {
    missingRequired(module.name, module.descriptors, params).forEach(add);
    for (const [key, value] of Object.entries(params)) {
      if (value === '') continue;
      const d = descriptorFor(module.descriptors, key);
      const reason = d && valueProblem(d, value);
      if (reason) add({ key, module: module.name, reason });
    }
  }
  return [...found.values()];
}

/** Every key any module flags `password: true`: secret for the whole run. */
export function secretKeysOf(modules: ModuleDescriptors[]): string[] {
  const keys = modules.flatMap((m) => m.descriptors.filter((d) => d.password).map((d) => d.key));
  return [...new Set(keys)].sort();
}
