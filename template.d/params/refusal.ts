// A reason a batch is refused before anything changes: the key it is about, the module that
// refused it and why. The runner's own checks (required, choices, formats) and the modules'
// plans (their own checks, e.g. a time zone that does not exist) produce the same shape, so the
// report, the run log and ovmd's run result list every reason alike.

/** One reason; `key` is null when a module refused for a reason that names no single key. */
export interface Refusal {
  key: string | null;
  module: string;
  /** One line; never a secret value (the runner masks it before it leaves the run). */
  reason: string;
}

/** Why: one way to write a reason as text, for the console, the run log and ovmd's one-line error. */
export function describeRefusal(refusal: Refusal): string {
  const key = refusal.key ? `${refusal.key}: ` : '';
  return `${key}${refusal.reason} (module "${refusal.module}")`;
}

/** Why: every reason passes through the run's masker before it is shown or stored. */
export function maskRefusal(refusal: Refusal, mask: (text: string) => string): Refusal {
  return { ...refusal, reason: mask(refusal.reason).replace(/[\r\n]+/g, ' ') };
}
