// What one module gets on stdin (issue 12 item 6): every non-secret key, as Oracle's protocol
// hands the whole set to every module, but a secret key only to a module that declares that
// key in its enumeration. A module that declares no key gets no secret; a careless or hostile
// module cannot read the root password meant for another one.
import type { Descriptor, Params } from '../params/descriptor.js';
import { isSecretKey, type SecretMasker } from '../params/secrets.js';

export interface ModuleInput {
  /** The set written to the module's stdin. */
  given: Params;
  /** Secret keys kept back; they pass on to the next module unchanged. */
  withheld: Params;
}

/** Why: the one place that decides which secret values a module may see. */
export function inputFor(params: Params, masker: SecretMasker, declared: readonly Descriptor[]): ModuleInput {
  const own = declared.map((d) => d.key);
  const given: Params = {};
  const withheld: Params = {};
  for (const [key, value] of Object.entries(params)) {
    // The indexed rule of isSecretKey: a module that declares ...password.0 accepts ...password.3.
    if (masker.isSecret(key) && !isSecretKey(own, key)) withheld[key] = value;
    else given[key] = value;
  }
  return { given, withheld };
}

/**
 * The set after a module: what it returned, plus the secrets it never saw, in the order of the
 * set before it (then any keys it added), so a withheld key keeps its place.
 */
export function mergeOutput(before: Params, output: Params, input: ModuleInput): Params {
  const merged: Params = {};
  for (const key of Object.keys(before)) {
    if (key in input.withheld) merged[key] = input.withheld[key]!;
    else if (key in output) merged[key] = output[key]!;
  }
  for (const [key, value] of Object.entries(output)) if (!(key in merged)) merged[key] = value;
  return merged;
}
