// A real run changes system files and runs tools that only root may use (chpasswd, systemctl);
// started by another user it would fail module by module with raw EACCES lines. It is refused
// before anything is read or run, in one line. What changes nothing stays open to every user:
// --enumerate, --dry-run, --check (they still need to read the root's template directory).

/** Why: the refusal of a non-root real run, or undefined when the run may go ahead. */
export function rootRefusal(options: { target: string; enumerate: boolean; dryRun: boolean; check: boolean }, uid = process.geteuid?.() ?? 0): string | undefined {
  if (uid === 0 || options.enumerate || options.dryRun || options.check) return undefined;
  return `${options.target} changes the system, so it must run as root (this is uid ${uid}); to see what it would do, use --dry-run or --check; nothing was run`;
}
