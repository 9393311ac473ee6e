// Turns a file-system permission refusal (EACCES, EPERM) into one sentence that says what was
// refused and what to do, instead of Node's raw "EACCES: permission denied, unlink '…'".

/** What the failed system call was trying to do, in words (Node's `syscall` field). */
const ACTIONS: Record<string, string> = {
  unlink: 'remove',
  symlink: 'create',
  mkdir: 'create',
  rmdir: 'remove',
  open: 'open',
  scandir: 'read the directory',
  stat: 'look into',
  lstat: 'look into',
  access: 'look into',
  chmod: 'change the mode of',
  rename: 'rename',
};

function isPermissionError(error: unknown): error is NodeJS.ErrnoException {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EACCES' || code === 'EPERM';
}

/** Why: a non-root user gets one clear sentence naming the path, not a Node error code. */
export function permissionMessage(error: unknown, command: string): string | undefined {
  if (!isPermissionError(error)) return undefined;
  // For symlink, `path` is the link's content and `dest` the link being created.
  const path = (error as NodeJS.ErrnoException & { dest?: string }).dest ?? error.path;
  const action = ACTIONS[error.syscall ?? ''] ?? 'use';
  const what = path ? `cannot ${action} ${path}` : 'an operation was refused';
  return `permission denied: ${what}; run ${command} as root`;
}
