// Template sealing with the real built commands: `ovmd -s cleanup` (and a cleanup event the host
// sends to a running daemon) empties /var/lib/ovmd, and afterwards nothing ovmd does (storing a
// new message, its run record, the last processed number, what it reported) writes there again:
// it all stays under /run/ovmd, which does not survive the shutdown that seals the template.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sendToGuest, setupChannel } from '../../ovmd/vmapi/host.js';
import { startGuest } from '../xenstored/testbed.js';
import { OvmdProcess, realGuestRoot, run } from './ovmd-harness.js';
import { ovmdScene } from './ovmd-scene.js';

const daemons: OvmdProcess[] = [];
const scene = ovmdScene({ host: true, after: async () => { for (const d of daemons) await d.stop(); } });

/** Every file under the root's /var/lib/ovmd, relative names. */
function persistentState(root: string): string[] {
  const dir = join(root, 'var/lib/ovmd');
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

/** A guest with its channel set up, and the built ovmd running on a real guest root, connected. */
async function connectedDaemon(domid: number) {
  const guest = await startGuest(scene.xsd, domid);
  await setupChannel(scene.host, domid);
  const root = realGuestRoot(scene.inst);
  const ovmd = new OvmdProcess(scene.inst, root, guest.env);
  daemons.push(ovmd);
  await ovmd.waitFor(/connected to xenstore/);
  return { guest, root, ovmd };
}

describe('sealing a template', () => {
  it('ovmd -s cleanup leaves /var/lib/ovmd empty and a running daemon writes nothing there afterwards', async () => {
    const { guest, root, ovmd } = await connectedDaemon(71);
    await sendToGuest(scene.host, 71, [{ key: 'com.example.before', value: 'template-builder' }]);
    await ovmd.waitFor(/stored com\.example\.before/);
    expect(persistentState(root).length).toBeGreaterThan(0);

    const cleanup = await run(scene.inst.bin('ovmd'), ['--root', root, '-s', 'cleanup'], { env: guest.env });
    expect(cleanup.stderr).toBe('');
    expect(cleanup.code).toBe(0);
    expect(persistentState(root)).toEqual([]);
    // What the template starts with is what ovmd now shows: no parameters.
    expect(await run(scene.inst.bin('ovmd'), ['--root', root, '-l'])).toMatchObject({ code: 0, stdout: '' });

    const mark = ovmd.output.length;
    await sendToGuest(scene.host, 71, [{ key: 'com.example.after', value: 'late' }]);
    await ovmd.waitFor(/stored com\.example\.after/, 60_000, mark);
    expect(persistentState(root)).toEqual([]);
    // The message is not lost: it is kept under /run/ovmd for the rest of this boot.
    const got = await run(scene.inst.bin('ovmd'), ['--root', root, '-g', 'com.example.after']);
    expect(got).toMatchObject({ code: 0, stdout: 'late\n' });
    await ovmd.stop();
    expect(persistentState(root)).toEqual([]);
    await guest.stop();
  }, 180_000);

  it('a cleanup event from the host runs the cleanup and keeps its run record and report out of /var/lib/ovmd', async () => {
    const { guest, root, ovmd } = await connectedDaemon(72);
    await sendToGuest(scene.host, 72, [{ key: 'com.example.before', value: 'x' }, { key: 'VMAPIEvent', value: 'cleanup' }]);
    await ovmd.waitFor(/target cleanup: completed[\s\S]*sent ovmd\.run-result/, 120_000);
    expect(persistentState(root)).toEqual([]);
    // Restarting the daemon in the same boot finds its records under /run/ovmd and does not redo the run.
    await ovmd.stop();
    const again = new OvmdProcess(scene.inst, root, guest.env);
    daemons.push(again);
    await again.waitFor(/connected to xenstore/);
    await sendToGuest(scene.host, 72, [{ key: 'com.example.after', value: 'y' }]);
    await again.waitFor(/stored com\.example\.after/);
    expect(again.output).not.toMatch(/interrupted|running target/);
    await again.stop();
    expect(persistentState(root)).toEqual([]);
    await guest.stop();
  }, 240_000);
});
