// Masks secret values in any text the toolkit shows or stores (log lines, module errors, the
// run report). The one place masking happens, so a new output path cannot forget it. A key is
// secret when any enabled module flags it `password: true` (shared spec template-config.md).
import type { Params } from './descriptor.js';

export const MASK = '********';

/** Why: collects every secret value seen during a run and hides all of them everywhere. */
export class SecretMasker {
  private readonly values = new Set<string>();

  constructor(readonly keys: readonly string[]) {}

  /** Remembers the secret values of a parameter set (the input, and every module's output). */
  remember(params: Params): void {
    for (const key of this.keys) {
      const value = params[key];
      if (!value) continue;
      this.values.add(value);
      // The same value as it appears inside a JSON string (quotes, backslashes, newlines).
      this.values.add(JSON.stringify(value).slice(1, -1));
      for (const line of value.split(/\r?\n/)) if (line.trim().length >= 4) this.values.add(line);
    }
  }

  /** The text with every remembered secret value replaced by the mask, longest first. */
  mask(text: string): string {
    const sorted = [...this.values].sort((a, b) => b.length - a.length);
    let out = text;
    for (const value of sorted) out = out.split(value).join(MASK);
    return out;
  }

  /** A copy of the set with secret values replaced, for reports and --json. */
  maskParams(params: Params): Params {
    const out: Params = {};
    for (const [key, value] of Object.entries(params)) out[key] = this.keys.includes(key) ? MASK : this.mask(value);
    return out;
  }

  /** A copy of the set without secret keys, for anything that leaves this run. */
  withoutSecrets(params: Params): Params {
    const out: Params = {};
    for (const [key, value] of Object.entries(params)) if (!this.keys.includes(key)) out[key] = value;
    return out;
  }
}
