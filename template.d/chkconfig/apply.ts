// Applies a planned list of link changes under a root. The only file in chkconfig/ that writes.
import { mkdirSync, symlinkSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { LinkChange } from './plan.js';
import { targetDir } from './layout.js';

/** Why: planning and writing are separate, so a refused request writes nothing at all. */
export function applyLinkChanges(root: string, changes: LinkChange[]): void {
  for (const change of changes) {
    const dir = targetDir(root, change.target);
    switch (change.kind) {
      case 'mkdir':
        mkdirSync(dir, { recursive: true, mode: 0o755 });
        break;
      case 'link':
        symlinkSync(change.points, join(dir, change.entry));
        break;
      case 'unlink':
        unlinkSync(join(dir, change.entry));
        break;
    }
  }
}
