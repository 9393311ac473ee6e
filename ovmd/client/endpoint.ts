// Finding the xenstore endpoint, in the documented order (shared spec xenstore.md rule 8):
// XENSTORED_PATH if set, else /dev/xen/xenbus, else /proc/xen/xenbus, else the dom0 socket.
// Only stat() is used, so the search never blocks early boot.
import { stat } from 'node:fs/promises';
import { EndpointNotFoundError } from '../protocol/index.js';

export type EndpointKind = 'socket' | 'device';

export interface Endpoint {
  kind: EndpointKind;
  path: string;
}

/** What is at a path: used to choose socket vs device; injectable for tests. */
export type PathProbe = (path: string) => Promise<EndpointKind | 'missing' | 'other'>;

/** The standard places, in the order XSLIB xs_domain_dev and the dom0 tools look. */
export const DEFAULT_ENDPOINTS: readonly string[] = ['/dev/xen/xenbus', '/proc/xen/xenbus', '/var/run/xenstored/socket'];

/** stat()-based probe: a unix socket, a character device, or neither. */
export const statProbe: PathProbe = async (path) => {
  try {
    const s = await stat(path);
    if (s.isSocket()) return 'socket';
    if (s.isCharacterDevice()) return 'device';
    // xenfs shows /proc/xen/xenbus as a regular file, yet it is the same driver (measured in
    // test/xen-vm: S_IFREG, and the same framing, limits and errors as /dev/xen/xenbus).
    if (s.isFile() && path.startsWith('/proc/xen/')) return 'device';
    return 'other';
  } catch {
    return 'missing';
  }
};

const HOW_TO_FIX =
  'On a Xen guest, make sure the xen drivers are loaded and xenfs is mounted ' +
  '(`mount -t xenfs xenfs /proc/xen`) or /dev/xen/xenbus exists; on dom0, start xenstored; ' +
  'or set XENSTORED_PATH to a xenstored socket or device.';

/** Picks the endpoint; throws EndpointNotFoundError (saying what to do) when there is none. */
export async function findEndpoint(options: {
  endpoint?: string;
  env?: NodeJS.ProcessEnv;
  probe?: PathProbe;
  candidates?: readonly string[];
} = {}): Promise<Endpoint> {
  const probe = options.probe ?? statProbe;
  const explicit = options.endpoint ?? (options.env ?? process.env).XENSTORED_PATH;
  if (explicit) {
    const kind = await probe(explicit);
    if (kind === 'socket' || kind === 'device') return { kind, path: explicit };
    const source = options.endpoint ? 'the endpoint given' : 'XENSTORED_PATH';
    const what = kind === 'missing' ? 'does not exist' : 'is neither a unix socket nor a character device';
    // The usual advice ends "or set XENSTORED_PATH": wrong when that variable is the problem.
    const fix = options.endpoint ? HOW_TO_FIX : 'Point XENSTORED_PATH at a xenstored socket or device, or unset it to use the standard places.';
    throw new EndpointNotFoundError(`xenstore endpoint ${explicit} (${source}) ${what}. ${fix}`);
  }
  const candidates = options.candidates ?? DEFAULT_ENDPOINTS;
  for (const path of candidates) {
    const kind = await probe(path);
    if (kind === 'socket' || kind === 'device') return { kind, path };
  }
  throw new EndpointNotFoundError(`no xenstore endpoint found (tried ${candidates.join(', ')}). ${HOW_TO_FIX}`);
}

/** Turns an open/connect failure into an EndpointNotFoundError that names the endpoint. */
export function endpointUnavailable(endpoint: Endpoint, err: unknown): EndpointNotFoundError {
  const code = (err as NodeJS.ErrnoException)?.code ?? String(err);
  const hint =
    endpoint.kind === 'device'
      ? 'xenstore is not available to this guest yet (the device opens only once xenstore is up).'
      : 'is xenstored running? Start it, or point XENSTORED_PATH at its socket.';
  return new EndpointNotFoundError(`cannot open xenstore ${endpoint.kind} ${endpoint.path} (${code}): ${hint}`, { cause: err });
}
