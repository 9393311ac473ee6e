// Interim demonstration of the xenstore stack against the REAL xenstored (run with
// `npx tsx scripts/demo-xenstore.ts`): starts a private daemon and an unprivileged guest,
// then shows writes, a live watch, a transaction retried on conflict, and a refusal.
import { connect, XenstoreError, type Watch, type XenstoreClient } from '../ovmd/client/index.js';
import { startGuest, startXenstored } from '../test/xenstored/testbed.js';

const t0 = Date.now();
const say = (who: string, text: string) =>
  console.log(`${String(Date.now() - t0).padStart(5)} ms  ${who.padEnd(6)} ${text}`);

/** A dom0 write reaches the guest's watch; the guest reads the new value back. */
async function showWatch(dom0: XenstoreClient, guest: XenstoreClient): Promise<Watch> {
  say('guest', `I am ${await guest.readString('name')} at ${await guest.getDomainPath(7)}`);
  const watch = await guest.watch('control', (path) => say('guest', `watch fired: ${path} (go and re-read)`));
  await dom0.write('/local/domain/7/control/shutdown', 'reboot');
  say('dom0', 'wrote /local/domain/7/control/shutdown = reboot');
  say('guest', `read control/shutdown = ${await guest.readString('control/shutdown')}`);
  return watch;
}

/** dom0 changes a node inside the guest's transaction: EAGAIN, and transaction() runs it again. */
async function showTransaction(dom0: XenstoreClient, guest: XenstoreClient): Promise<void> {
  await guest.write('data/counter', '1');
  let attempt = 0;
  const value = await guest.transaction(async (tx) => {
    attempt++;
    const n = Number(await tx.readString('data/counter'));
    if (attempt === 1) {
      await dom0.write('/local/domain/7/data/counter', '41');
      say('dom0', 'changed data/counter to 41 while the guest transaction was open');
    }
    await tx.write('data/counter', String(n + 1));
    return n + 1;
  });
  say('guest', `transaction committed on attempt ${attempt}: data/counter = ${value}`);
}

/** An unprivileged guest may not rename itself; then dom0 lists the guest's whole subtree. */
async function showRefusalAndTree(dom0: XenstoreClient, guest: XenstoreClient): Promise<void> {
  try {
    await guest.write('name', 'intruder');
  } catch (err) {
    if (err instanceof XenstoreError) say('guest', `refused as expected: ${err.message}`);
    else throw err;
  }
  const tree = await dom0.listTree('/local/domain/7');
  say('dom0', `the guest's subtree has ${tree.length} nodes:`);
  for (const n of tree) console.log(`                ${n.path} = ${JSON.stringify(n.value.toString())}`);
}

async function main(): Promise<void> {
  const xs = await startXenstored({ flavour: 'c' });
  say('setup', `real C xenstored running, dom0 socket ${xs.socket}`);
  const guestEnd = await startGuest(xs, 7);
  say('setup', `guest domU 7 endpoint ${guestEnd.socket} (provisioned like libxl)`);
  const dom0 = await connect({ env: xs.env });
  const guest = await connect({ env: guestEnd.env });
  try {
    const watch = await showWatch(dom0, guest);
    await showTransaction(dom0, guest);
    await showRefusalAndTree(dom0, guest);
    await watch.close();
  } finally {
    await guest.close();
    await dom0.close();
    await xs.stop();
    say('setup', 'xenstored and the guest bridge stopped; run directory removed');
  }
}

main().catch((err: unknown) => {
  console.error(`demo failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
