// Test helper: what the dom0 and interop suites start for each describe block, a fresh daemon
// of one flavour and the client connected to it as dom0 (the privileged socket).
import { connect, type XenstoreClient } from '../../../ovmd/client/index.js';
import { startXenstored, type Flavour, type Xenstored } from '../../xenstored/testbed.js';

export interface Dom0Session {
  xs: Xenstored;
  c: XenstoreClient;
}

/** Starts the daemon and connects; a daemon whose client cannot connect is stopped again. */
export async function startDom0Session(flavour: Flavour): Promise<Dom0Session> {
  const xs = await startXenstored({ flavour });
  try {
    return { xs, c: await connect({ env: xs.env }) };
  } catch (error) {
    await xs.stop();
    throw error;
  }
}

/** Closes the client, then stops the daemon (either may be missing when the start failed). */
export async function stopDom0Session({ xs, c }: Partial<Dom0Session>): Promise<void> {
  await c?.close();
  await xs?.stop();
}
