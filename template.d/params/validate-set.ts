// Validates a whole parameter set against every enabled module's descriptors before anything
// runs (shared spec template-config.md: missing `required`, value outside `choices`, malformed
// value; `depends`/`requires` decide whether a key is relevant). Pure.
import type { Descriptor, Params } from './descriptor.js';
import { checkFormat } from './formats.js';

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

/** Problems with one key for one module; a secret value is never quoted. */
function checkOne(module: string, d: Descriptor, params: Params): string[] {
  const value = params[d.key];
  const present = value !== undefined && value !== '';
  if (!present) {
    return d.required && isRelevant(d, params) ? [`${d.key}: required by module "${module}" but not set`] : [];
  }
  const shown = d.password ? 'the value' : `"${value}"`;
  if (d.choices && !d.choices.includes(value)) {
    return [`${d.key}: ${shown} is not allowed by module "${module}" (choose one of: ${d.choices.join(', ')})`];
  }
  if (d.format === undefined) return [];
  const problem = checkFormat(d.format, value);
  if (problem === undefined) return [];
  return [`${d.key}: ${d.password ? `the value is not ${d.format}` : problem} (module "${module}")`];
}

/** Why: a run either starts with a valid set or does not start at all; every error is listed. */
export function validateParamSet(modules: ModuleDescriptors[], params: Params): string[] {
  const errors: string[] = [];
  for (const module of modules) {
    for (const descriptor of module.descriptors) errors.push(...checkOne(module.name, descriptor, params));
  }
  return [...new Set(errors)];
}

/** Every key any module flags `password: true`: secret for the whole run. */
export function secretKeysOf(modules: ModuleDescriptors[]): string[] {
  const keys = modules.flatMap((m) => m.descriptors.filter((d) => d.password).map((d) => d.key));
  return [...new Set(keys)].sort();
}
