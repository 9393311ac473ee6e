// The xenstore client API: connect() finds the endpoint, opens it and returns a client.
import {
  ConnectionClosedError, EndpointNotFoundError, InvalidPathError, PayloadTooLargeError, ProtocolError,
  RequestTimeoutError, XenstoreError, XenstoreLocalError,
} from '../protocol/index.js';
import { openDeviceTransport, openSocketTransport, type DeviceFileOps, type Transport } from '../transport/index.js';
import { XenstoreClient, type ClientOptions } from './client.js';
import { endpointUnavailable, findEndpoint, type Endpoint, type PathProbe } from './endpoint.js';

export interface ConnectOptions extends ClientOptions {
  /** A socket or device path; overrides XENSTORED_PATH and the standard places. */
  endpoint?: string;
  /** Environment to read XENSTORED_PATH from (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** File operations for the device transport (tests put a double here). */
  deviceOps?: DeviceFileOps;
  /** How to tell a socket from a device (tests). */
  probe?: PathProbe;
  /** Standard places to look when nothing is configured (tests). */
  candidates?: readonly string[];
}

/** Opens the chosen endpoint, turning "not there / not listening" into EndpointNotFoundError. */
async function openEndpoint(ep: Endpoint, deviceOps?: DeviceFileOps): Promise<Transport> {
  try {
    return ep.kind === 'socket' ? await openSocketTransport(ep.path) : await openDeviceTransport(ep.path, deviceOps);
  } catch (err) {
    throw endpointUnavailable(ep, err);
  }
}

/** Finds xenstore (XENSTORED_PATH, /dev/xen/xenbus, /proc/xen/xenbus, dom0 socket) and connects. */
export async function connect(options: ConnectOptions = {}): Promise<XenstoreClient> {
  const ep = await findEndpoint(options);
  const client = new XenstoreClient(() => openEndpoint(ep, options.deviceOps), options);
  return client.start();
}

export { XenstoreClient };
export type { ClientOptions };
export type { XenstoreTx, TransactionOptions } from './transaction.js';
export type { Watch } from './watches.js';
export type { TreeNode } from './tree.js';
export { findEndpoint, DEFAULT_ENDPOINTS, type Endpoint } from './endpoint.js';
export {
  XenstoreError, XenstoreLocalError, ProtocolError, ConnectionClosedError, PayloadTooLargeError,
  EndpointNotFoundError, InvalidPathError, RequestTimeoutError,
};
