// The daemon's intake journal around start and stop, in-process and without xenstore (the
// daemon keeps retrying it in the background): what a stopped daemon leaves to `ovmd` commands.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { isSecretKey } from '../../../ovmd/daemon/catalog.js';
import { Daemon } from '../../../ovmd/daemon/daemon.js';
import type { Log } from '../../../ovmd/daemon/log.js';
import { fileNameFor, ParamStore } from '../../../ovmd/daemon/param-store.js';
import { ovmdPaths } from '../../../ovmd/daemon/paths.js';
import { runnerEngine } from '../../../ovmd/daemon/runner-engine.js';
import { makeFixtureRoot } from './fixture-root.js';

const quiet: Log = { info: () => undefined, warn: () => undefined, error: () => undefined, close: () => undefined };
const roots: { cleanup: () => void }[] = [];
afterEach(() => roots.splice(0).forEach((r) => r.cleanup()));

it('a clean stop applies the journal, so ovmd -p, -r and -x are not refused while the daemon is down', async () => {
  const fixture = makeFixtureRoot();
  roots.push(fixture);
  writeFileSync(join(fixture.root, 'etc/sysconfig/ovmd'), 'REPORT_IP=no\n');
  const paths = ovmdPaths(fixture.root);
  const env = { XENSTORED_PATH: join(fixture.root, 'no-xenstored.sock') };
  const daemon = new Daemon({ paths, engine: runnerEngine(fixture.root), log: quiet, periodSec: 600, pidFile: paths.pidFile, env });
  await daemon.start();
  expect(daemon.store.receive('com.example.a', 'from the host')).toBe('journal'); // as the intake does
  await daemon.stop(); // before the quiet-channel timer
  const cli = new ParamStore(paths, (k) => isSecretKey(undefined, k));
  expect(cli.get('com.example.a')).toBe('from the host');
  expect(existsSync(join(paths.paramsDir, fileNameFor('com.example.a')))).toBe(true);
  cli.set('com.example.a', 'by hand');
  expect(cli.get('com.example.a')).toBe('by hand');
  expect(cli.clear()).toBe(1);
});
