// The run log `<root>/var/log/ovm-template-config.log` (created 0640): one timestamped line per
// event and per line a module writes on stderr, always through the secret masker.
import { chmodSync, closeSync, constants, existsSync, mkdirSync, openSync, realpathSync, writeSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import type { SecretMasker } from '../params/secrets.js';

export const LOG_PATH = 'var/log/ovm-template-config.log';

/** Throws when `dir` resolves outside the root (an image's /var/log linking to a host path). */
function insideRoot(root: string, dir: string): void {
  const top = realpathSync(root);
  const real = realpathSync(dir);
  if (real !== top && !real.startsWith(top === sep ? top : top + sep)) {
    throw new Error(`it resolves to ${real}, outside the root`);
  }
}

/** Why: module stderr and run events land in one place, masked, for the person debugging. */
export class RunLog {
  private constructor(
    private readonly fd: number | undefined,
    private readonly masker: SecretMasker,
  ) {}

  /** Opens the log for appending; on failure returns a log that writes nothing, and the reason. */
  static open(root: string, masker: SecretMasker): { log: RunLog; problem?: string } {
    const path = join(resolve(root), LOG_PATH);
    try {
      mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
      insideRoot(root, dirname(path));
      const created = !existsSync(path);
      // O_NOFOLLOW: a symlink planted at the log's name must not redirect the log elsewhere.
      const flags = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW;
      const fd = openSync(path, flags, 0o640);
      if (created) chmodSync(path, 0o640);
      return { log: new RunLog(fd, masker) };
    } catch (error) {
      return { log: RunLog.none(masker), problem: `cannot write the log ${path}: ${(error as Error).message}` };
    }
  }

  /** A log that discards everything (dry runs change nothing, not even the log). */
  static none(masker: SecretMasker): RunLog {
    return new RunLog(undefined, masker);
  }

  write(source: string, text: string): void {
    if (this.fd === undefined) return;
    const line = `${new Date().toISOString()} ${source}: ${this.masker.mask(text)}\n`;
    try {
      writeSync(this.fd, line);
    } catch {
      /* a full disk must not stop the run */
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
  }
}
