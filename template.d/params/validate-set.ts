// Validates a whole parameter set against every enabled module's descriptors before anything
// runs (shared spec template-config.md: missing `required`, value outside `choices`, malformed
// value; `depends`/`requires` decide whether a key is relevant). Pure.
import type { Descriptor, Params } from './descriptor.js';
import { FORMATS, allowsLineBreaks, checkFormat, controlCharProblem } from './formats.js';
import { descriptorFor } from './indexed-keys.js';

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

/** A required key that is relevant but missing, for each declared descriptor. */
function missingRequired(module: string, descriptors: readonly Descriptor[], params: Params): string[] {
  return descriptors
    .filter((d) => d.required && (params[d.key] ?? '') === '' && isRelevant(d, params))
    .map((d) => `${d.key}: required by module "${module}" but not set`);
}

/**
 * The problem with one present value, judged by its descriptor; a secret is never quoted. Only
 * `choices` and `format` judge a value here: a third-party key without either may carry any
 * text (even several lines), and its module decides.
 */
function valueProblem(module: string, d: Descriptor, value: string): string | undefined {
  const shown = d.password ? 'the value' : JSON.stringify(value);
  if (d.choices && !d.choices.includes(value)) {
    return `${d.key}: ${shown} is not allowed by module "${module}" (choose one of: ${d.choices.join(', ')})`;
  }
  if (d.format === undefined) return undefined;
  const problem = checkFormat(d.format, value);
  if (problem === undefined) return undefined;
  if (!d.password) return `${d.key}: ${problem} (module "${module}")`;
  const control = controlCharProblem(value, allowsLineBreaks(d.format));
  return `${d.key}: the value ${control ?? `is not ${FORMATS[d.format]?.describe ?? d.format}`} (module "${module}")`;
}

/**
 * Why: a run either starts with a valid set or does not start at all; every error is listed.
 * Every key present is checked, at any index (`device.7` like the declared `device.0`), so a bad
 * value for one module cannot let the modules before it change the system first.
 */
export function validateParamSet(modules: ModuleDescriptors[], params: Params): string[] {
  const errors: string[] = [];
  for (const module of modules) {
    errors.push(...missingRequired(module.name, module.descriptors, params));
    for (const [key, value] of Object.entries(params)) {
      if (value === '') continue;
      const d = descriptorFor(module.descriptors, key);
      const problem = d && valueProblem(module.name, d, value);
      if (problem) errors.push(problem);
    }
  }
  return [...new Set(errors)];
}

/** Every key any module flags `password: true`: secret for the whole run. */
export function secretKeysOf(modules: ModuleDescriptors[]): string[] {
  const keys = modules.flatMap((m) => m.descriptors.filter((d) => d.password).map((d) => d.key));
  return [...new Set(keys)].sort();
}
