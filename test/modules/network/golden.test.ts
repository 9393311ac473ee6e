// Golden files per distro family: each case runs the real handler (through the SDK, files
// written under a scratch copy of the family's fixture root) and compares every file that ends
// up different from the pristine fixture with test/modules/network/golden/<family>/<case>/.
// A second run of the same batch must leave the tree byte-identical.
// Regenerate after an intended change with: UPDATE_GOLDEN=1 npx vitest run test/modules/network
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import network from '../../../modules/network.js';
import { runTestTarget } from '../../../modules/lib/test-context.js';
import type { Params } from '../../../modules/lib/types.js';
import { cleanupRoots, makeRoot, snapshotTree, type Family, type TreeEntry } from '../../helpers/roots.js';
import { DHCP, STATIC, TWO_INTERFACES } from './batches.js';

afterAll(cleanupRoots);
const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), 'golden');
const REMOVED = '_removed.txt';
const FAMILIES: Family[] = ['el6', 'el7', 'el8', 'el9'];

type Step = { target: 'configure' | 'cleanup'; params: Params };
const CASES: Record<string, Step[]> = {
  static: [{ target: 'configure', params: STATIC }],
  dhcp: [{ target: 'configure', params: DHCP }],
  'two-interfaces': [{ target: 'configure', params: TWO_INTERFACES }],
  // a static interface switched back to DHCP: addresses, gateway and DNS go, the rest stays
  'static-to-dhcp': [
    { target: 'configure', params: STATIC },
    { target: 'configure', params: DHCP },
  ],
  // cleanup of a template that was configured with the common batch
  cleanup: [
    { target: 'configure', params: STATIC },
    { target: 'cleanup', params: {} },
  ],
  // cleanup of a template whose second card was pinned to a MAC address, with jumbo frames
  'cleanup-two-interfaces': [
    { target: 'configure', params: TWO_INTERFACES },
    { target: 'cleanup', params: {} },
  ],
};

/** What differs from the pristine fixture: changed or new files, and removed paths. */
function difference(before: Map<string, TreeEntry>, after: Map<string, TreeEntry>) {
  const changed = new Map<string, TreeEntry>();
  for (const [path, entry] of after) {
    if (!entry.dir && JSON.stringify(before.get(path)) !== JSON.stringify(entry)) changed.set(path, entry);
  }
  const removed = [...before.keys()].filter((p) => !after.has(p)).sort();
  return { changed, removed };
}

function listGolden(dir: string, rel = ''): string[] {
  if (!existsSync(join(dir, rel))) return [];
  return readdirSync(join(dir, rel)).flatMap((name) => {
    const sub = `${rel}/${name}`;
    return statSync(join(dir, sub)).isDirectory() ? listGolden(dir, sub) : [sub];
  });
}

function writeGolden(dir: string, changed: Map<string, TreeEntry>, removed: string[]): void {
  rmSync(dir, { recursive: true, force: true });
  for (const [path, entry] of changed) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), entry.content ?? '');
  }
  if (removed.length > 0) writeFileSync(join(dir, REMOVED), `${removed.join('\n')}\n`);
}

async function runSteps(root: string, steps: Step[]): Promise<void> {
  for (const step of steps) await runTestTarget(network, step.target, step.params, { root });
}

describe.each(FAMILIES)('network golden files, %s', (family) => {
  it.each(Object.keys(CASES))('%s', async (name) => {
    const root = makeRoot(family);
    const pristine = snapshotTree(root);
    await runSteps(root, CASES[name]!);
    const after = snapshotTree(root);
    const { changed, removed } = difference(pristine, after);
    const dir = join(GOLDEN, family, name);
    if (process.env.UPDATE_GOLDEN === '1') writeGolden(dir, changed, removed);

    const expectedFiles = listGolden(dir).filter((p) => p !== `/${REMOVED}`).sort();
    expect([...changed.keys()].sort()).toEqual(expectedFiles);
    for (const [path, entry] of changed) expect(entry.content, path).toBe(readFileSync(join(dir, path), 'utf8'));
    const expectedRemoved = existsSync(join(dir, REMOVED)) ? readFileSync(join(dir, REMOVED), 'utf8').trim().split('\n') : [];
    expect(removed).toEqual(expectedRemoved);
    for (const [path, entry] of changed) {
      if (path.endsWith('.nmconnection')) expect(entry.mode, path).toBe(0o600);
      else expect(entry.mode, path).toBe(pristine.get(path)?.mode ?? 0o644);
    }

    // The same batch again changes nothing: byte-identical tree, and nothing planned but commands.
    const last = CASES[name]!.at(-1)!;
    const again = await runTestTarget(network, last.target, last.params, { root });
    expect(snapshotTree(root)).toEqual(after);
    expect(again.result.plan.filter((s) => s.action !== 'run')).toEqual([]);
  });
});
