// Exit statuses of ovm-template-config, as documented in its --help and man page.
/** Why: the numbers are an interface for scripts; one table keeps help and code in step. */
export const EXIT = {
  ok: 0,
  moduleFailed: 1,
  usage: 2,
  invalidParams: 3,
  notFound: 4,
  /** Another run holds the root's run lock (or the lock cannot be taken). */
  busy: 5,
} as const;

/** An interrupted run exits as a shell reports a death by that signal: 128 + its number. */
export const SIGNAL_EXIT: Record<'SIGINT' | 'SIGTERM', number> = { SIGINT: 130, SIGTERM: 143 };
