// The module's log on stderr: `info: …` and `warning: …` lines, which the runner copies into
// its run log. Every line is masked against the run's secret values before it is written, as
// a last line of defence should a message ever quote one.
import type { Logger } from './types.js';

const MASK = '********';

/** Shorter secrets would be found inside ordinary words ("exists" for "x"): whole words only. */
const SHORT = 4;

function maskOne(text: string, secret: string): string {
  if (secret.length >= SHORT) return text.split(secret).join(MASK);
  const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(`(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`, 'g'), MASK);
}

/** Why: replaces every occurrence of a secret (longest first) and keeps one line per message. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of [...secrets].filter(Boolean).sort((a, b) => b.length - a.length)) {
    out = maskOne(out, secret);
  }
  return out.replace(/[\r\n]+/g, ' ');
}

/** Why: the Logger handed to handlers and to the apply step. */
export function createLogger(write: (line: string) => void, secrets: () => readonly string[] = () => []): Logger {
  return {
    info: (message) => write(`info: ${maskSecrets(message, secrets())}\n`),
    warn: (message) => write(`warning: ${maskSecrets(message, secrets())}\n`),
  };
}
