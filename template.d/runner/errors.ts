// Errors that stop a run before any module starts (as opposed to module failures, which are
// recorded in the report). The CLI maps `code` to an exit status and prints the message.
/** Why: the library refuses with a stable code; only the CLI turns it into text and an exit. */
export class RunnerError extends Error {
  override name = 'RunnerError';
  constructor(
    readonly code: 'no-template-dir' | 'not-enabled' | 'bad-input' | 'busy' | 'no-lock',
    message: string,
  ) {
    super(message);
  }
}
