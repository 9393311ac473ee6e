// Reading a whole subtree (what `xenstore-ls` prints), with a bounded number of requests in
// flight: enough to hide the round trips, without flooding xenstored with thousands at once.
import { XenstoreError } from '../protocol/index.js';
import type { NodeOps } from './node-ops.js';

export interface TreeNode {
  path: string;
  value: Buffer;
}

/** Lists `root` and every node below it, breadth first; nodes that vanish meanwhile are skipped. */
export function listTree(ops: Pick<NodeOps, 'directory' | 'read'>, root: string, window = 128): Promise<TreeNode[]> {
  const out: TreeNode[] = [];
  const queue = [root];
  let active = 0;
  return new Promise((resolve, reject) => {
    let failed = false;
    const visit = async (path: string) => {
      try {
        const [children, value] = await Promise.all([ops.directory(path), ops.read(path)]);
        out.push({ path, value });
        const base = path === '/' ? '' : path;
        for (const name of children) queue.push(`${base}/${name}`);
      } catch (err) {
        if (!(err instanceof XenstoreError && err.code === 'ENOENT')) throw err;
      }
    };
    const pump = () => {
      if (failed) return;
      if (active === 0 && queue.length === 0) return resolve(out);
      while (active < window && queue.length > 0) {
        active++;
        visit(queue.shift()!).then(
          () => { active--; pump(); },
          (err: unknown) => { failed = true; reject(err); },
        );
      }
    };
    pump();
  });
}
