// What the programs inside the VM share: TAP-like result lines the host parses into separate
// tests, measurements as "# key=value" lines, the C xenstore tools, and a rendezvous between the
// guest and dom0 through nodes under the guest's data/ directory (both may write there).
import { execFileSync } from 'node:child_process';

/** Why: one line per check, so the host can show each as its own test. */
export function check(name: string, pass: boolean, detail = ''): boolean {
  console.log(`${pass ? 'ok' : 'not ok'} - ${name}${detail ? ` # ${detail.replace(/\n/g, ' | ').slice(0, 400)}` : ''}`);
  return pass;
}

/** Why: figures (timings, limits) travel to the host the same way. */
export function measure(key: string, value: string | number): void {
  console.log(`# ${key}=${value}`);
}

/** Why: a check that throws instead of failing would hide every later check. */
export async function guarded(name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    check(name, false, `threw: ${(err as Error).stack ?? err}`);
  }
}

/** Runs a C xenstore tool (or any command); returns stdout, or undefined when it failed. */
export function tool(cmd: string, args: string[], input?: string): string | undefined {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'], timeout: 60_000 });
  } catch {
    return undefined;
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Why: the guest and dom0 take turns; each turn is a node the other side waits for. */
export function signal(home: string, name: string, value = '1'): void {
  if (tool('xenstore-write', [`${home}/data/sync-${name}`, value]) === undefined) throw new Error(`cannot write sync node ${name}`);
}

/** Waits until the other side signalled `name`; returns its value. */
export async function awaitSignal(home: string, name: string, timeoutMs = 60_000, gone = () => false): Promise<string> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (gone()) throw new Error(`the other side ended before sync-${name}`);
    const v = tool('xenstore-read', [`${home}/data/sync-${name}`]);
    if (v !== undefined) return v.trim();
    await sleep(100);
  }
  throw new Error(`timed out waiting for sync-${name}`);
}

/** Percentile of a sample (nearest rank). */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
