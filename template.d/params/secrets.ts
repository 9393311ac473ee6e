// Masks secret values in any text the toolkit shows or stores (log lines, module errors, the
// run report). The one place masking happens, so a new output path cannot forget it. A key is
// secret when any installed module flags it `password: true` (shared spec template-config.md),
// or when its name says so (looksSecret);
// an indexed key (`...password.3`) is secret when the module flags any index of it, because
// modules accept every index present while they enumerate only 0 and 1 (shared spec modules.md).
import type { Params } from './descriptor.js';

export const MASK = '********';

const INDEXED = /^(.*)\.\d+$/;

/**
 * Names that say they hold a secret are secret even when no module declares them (a password
 * sent before its module is installed, or a run restricted with --script): ovmd's rule since
 * its first version, now the whole toolkit's.
 */
const SECRET_NAME = /password|passwd|secret|private[-_.]?key/i;

/** Why: the name half of the one secret rule (the other half: a module flags the key). */
export function looksSecret(key: string): boolean {
  return SECRET_NAME.test(key);
}

/** Why: one rule for "is this key secret", shared by masking, the report and ovmd's store. */
export function isSecretKey(secretKeys: readonly string[], key: string): boolean {
  if (secretKeys.includes(key)) return true;
  const stem = INDEXED.exec(key)?.[1];
  return stem !== undefined && secretKeys.some((k) => INDEXED.exec(k)?.[1] === stem);
}

/** Values this short would be found inside ordinary words: mask them only as whole words. */
const SHORT = 4;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Why: the one masking rule, also for callers that hold bare values (ovmd's log). Longest value
 * first, so a secret inside another is not half-masked; a short one only as a whole word.
 */
export function maskValues(text: string, values: Iterable<string>, mask = MASK): string {
  const sorted = [...values].filter(Boolean).sort((a, b) => b.length - a.length);
  let out = text;
  for (const value of sorted) {
    if (value.length >= SHORT) out = out.split(value).join(mask);
    else out = out.replace(new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(value)}(?![A-Za-z0-9])`, 'g'), mask);
  }
  return out;
}

/** Why: collects every secret value seen during a run and hides all of them everywhere. */
export class SecretMasker {
  private readonly values = new Set<string>();

  constructor(readonly keys: readonly string[]) {}

  isSecret(key: string): boolean {
    return isSecretKey(this.keys, key) || looksSecret(key);
  }

  /** Remembers the secret values of a parameter set (the input, and every module's output). */
  remember(params: Params): void {
    for (const [key, value] of Object.entries(params)) {
      if (!value || !this.isSecret(key)) continue;
      this.values.add(value);
      // The same value as it appears inside a JSON string (quotes, backslashes, newlines).
      this.values.add(JSON.stringify(value).slice(1, -1));
      for (const line of value.split(/\r?\n/)) if (line.trim().length >= SHORT) this.values.add(line);
    }
  }

  /** The text with every remembered secret value replaced by the mask, longest first. */
  mask(text: string): string {
    return maskValues(text, this.values);
  }

  /** A copy of the set with secret values replaced, for reports and --json. */
  maskParams(params: Params): Params {
    const out: Params = {};
    for (const [key, value] of Object.entries(params)) out[key] = this.isSecret(key) ? MASK : this.mask(value);
    return out;
  }

  /** A copy of the set without secret keys, for anything that leaves this run. */
  withoutSecrets(params: Params): Params {
    const out: Params = {};
    for (const [key, value] of Object.entries(params)) if (!this.isSecret(key)) out[key] = value;
    return out;
  }
}
