// The guest side of the VM tests, run by the domU's /init as `node main.mjs SECTION...`. Each
// section prints TAP-like lines; the host turns every line into its own test.
import { deviceFacts } from './device-facts.js';
import { clientExitChild, stopClose } from './stop-close.js';
import { ovmdFlows } from './ovmd-flow.js';
import { benchGuest } from './bench.js';
import { guarded, tool } from './tap.js';

const flavour = process.env.XENSTORED ?? 'xenstored';
const self = process.argv[1]!;

const SECTIONS: Record<string, () => Promise<void>> = {
  device: () => deviceFacts(flavour),
  procfs: () => deviceFacts(`${flavour}.procfs`, '/proc/xen/xenbus'),
  close: () => stopClose('/dev/xen/xenbus', self),
  ovmd: () => ovmdFlows(flavour),
  'ovmd-device': () => ovmdFlows(flavour, false),
  bench: () => benchGuest(`/local/domain/${tool('xenstore-read', ['domid'])!.trim()}`),
};

async function main(): Promise<void> {
  const [first, ...rest] = process.argv.slice(2);
  if (first === 'client-exit') return clientExitChild(rest[0]!);
  for (const name of [first!, ...rest]) {
    const t0 = performance.now();
    await guarded(`section ${name}`, SECTIONS[name]!);
    console.log(`# section.${name}.ms=${Math.round(performance.now() - t0)}`);
  }
}

void main().then(() => process.exit(0), (err) => {
  console.log(`not ok - guest main # ${(err as Error).stack}`);
  process.exit(1);
});
