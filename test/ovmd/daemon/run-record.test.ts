import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ovmdPaths } from '../../../ovmd/daemon/paths.js';
import { DaemonState } from '../../../ovmd/daemon/run-record.js';

let root: string;
beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'ovmd-state-'))));
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('reports already sent (sent.json)', () => {
  it('survives a daemon restart: a new daemon state reads what the previous one marked', () => {
    const paths = ovmdPaths(root);
    const first = new DaemonState(paths);
    expect(first.lastSent('ovmd.ip-addresses')).toBeUndefined();
    first.markSent('ovmd.ip-addresses', '[1]');
    first.markSent('ovmd.run-result', '{"state":"configured"}');
    const file = join(paths.runDir, 'sent.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ 'ovmd.ip-addresses': '[1]', 'ovmd.run-result': '{"state":"configured"}' });
    const again = new DaemonState(paths);
    expect(again.lastSent('ovmd.ip-addresses')).toBe('[1]');
    expect(again.lastSent('ovmd.run-result')).toBe('{"state":"configured"}');
  });

  it('does not survive a reboot: with /run emptied, every report is sent again (the new domain\'s channel is empty)', () => {
    const paths = ovmdPaths(root);
    new DaemonState(paths).markSent('ovmd.ip-addresses', '[1]');
    expect(existsSync(join(paths.stateDir, 'sent.json'))).toBe(false);
    rmSync(paths.runDir, { recursive: true, force: true });
    expect(new DaemonState(paths).lastSent('ovmd.ip-addresses')).toBeUndefined();
  });
});
