// Exit statuses of ovm-template-config, as documented in its --help and man page.
/** Why: the numbers are an interface for scripts; one table keeps help and code in step. */
export const EXIT = {
  ok: 0,
  moduleFailed: 1,
  usage: 2,
  invalidParams: 3,
  notFound: 4,
} as const;
