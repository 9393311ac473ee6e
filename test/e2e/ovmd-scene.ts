// The set-up most ovmd end-to-end files share, once per file: the installed commands, the real
// C xenstored and, as a file asks, a host connection, one guest endpoint and a fixture root;
// all stopped and removed after the file's tests. Kept apart from ovmd-harness.ts, which
// scripts (demo, bench) import outside vitest.
import { afterAll, beforeAll } from 'vitest';
import { connect, type XenstoreClient } from '../../ovmd/client/index.js';
import { cleanupRoots } from '../helpers/roots.js';
import { makeFixtureRoot } from '../ovmd/daemon/fixture-root.js';
import { startGuest, startXenstored, type GuestEndpoint, type Xenstored } from '../xenstored/testbed.js';
import { install, run, type Install, type RunResult } from './ovmd-harness.js';

/** Filled in before the file's first test. */
export interface Scene {
  inst: Install;
  xsd: Xenstored;
  /** A dom0 connection to xenstored, as the host (with `host: true`). */
  host: XenstoreClient;
  /** The endpoint of the guest `guest: <domid>`. */
  guest: GuestEndpoint;
  /** A fixture root (the two fixture modules enabled), with `fixtureRoot: true`. */
  root: string;
  /** Another fresh fixture root, removed after the file's tests. */
  fixtureRoot(): { root: string; cleanup: () => void };
  /** The installed ovmd on `root` as the guest (needs `guest` and `fixtureRoot`). */
  ovmd(args: string[], input?: string): Promise<RunResult>;
  /** The installed ovm-vmmessage as the host. */
  vmmessage(args: string[], input?: string): Promise<RunResult>;
}

export interface SceneOptions {
  host?: boolean;
  guest?: number;
  fixtureRoot?: boolean;
  /** Runs first after the file's tests, while xenstored still runs: stops the file's daemons, say. */
  after?: () => unknown;
}

/**
 * Registers the file's beforeAll (the scene) and afterAll (everything stopped and removed,
 * scratch roots from makeRoot and realGuestRoot included); the scene is usable in the tests.
 */
export function ovmdScene(options: SceneOptions = {}): Scene {
  const cleanups: (() => void)[] = [];
  const fixtureRoot = () => {
    const made = makeFixtureRoot();
    cleanups.push(made.cleanup);
    return made;
  };
  const scene = {
    fixtureRoot,
    ovmd: (args, input) => run(scene.inst.bin('ovmd'), ['--root', scene.root, ...args], { env: scene.guest.env, input }),
    vmmessage: (args, input) => run(scene.inst.bin('ovm-vmmessage'), args, { env: scene.xsd.env, input }),
  } as Scene;
  beforeAll(async () => {
    scene.inst = install();
    scene.xsd = await startXenstored();
    if (options.host) scene.host = await connect({ endpoint: scene.xsd.socket });
    if (options.guest !== undefined) scene.guest = await startGuest(scene.xsd, options.guest);
    if (options.fixtureRoot) scene.root = fixtureRoot().root;
  }, 240_000);

  afterAll(async () => {
    await options.after?.();
    await scene.host?.close();
    await scene.xsd?.stop();
    scene.inst?.remove();
    for (const c of cleanups) c();
    cleanupRoots();
  });
  return scene;
}
