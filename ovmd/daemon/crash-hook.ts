// TEST HOOK, used only by the crash-safety tests: OVMD_TEST_CRASH_AT="<step>[:<count>]" makes
// the process kill itself with SIGKILL the <count>-th time (default 1st) it reaches <step>.
// This makes "kill -9 at 20 different points" deterministic. Steps: message-read,
// message-stored, message-deleted, journal-applied, event-queued, run-started, run-finished, secrets-wiped,
// disarmed, reported. Without the variable this does nothing.

/** Returns the step function the daemon calls at each named point. */
export function crashHook(env: NodeJS.ProcessEnv = process.env): (step: string) => void {
  const spec = env.OVMD_TEST_CRASH_AT;
  if (!spec) return () => undefined;
  const [name, countText] = spec.split(':');
  let remaining = Number(countText ?? '1') || 1;
  return (step) => {
    if (step !== name) return;
    remaining -= 1;
    if (remaining === 0) process.kill(process.pid, 'SIGKILL');
  };
}
