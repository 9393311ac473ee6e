// The two error families of the xenstore stack (house style 7): a refusal by xenstored
// (XenstoreError, .code is the errno name it sent) versus a local failure (everything else,
// each with a stable ERR_XS_* code). Only the command-line layer turns them into text for users.

/** The errno names xenstored sends, with a short meaning (XSDOC, CORE; shared spec §1.3). */
export const ERROR_MEANINGS: Readonly<Record<string, string>> = Object.freeze({
  EINVAL: 'invalid argument (bad path, bad permission or malformed request)',
  EACCES: 'permission denied',
  EEXIST: 'already exists (the same watch registered twice)',
  EISDIR: 'is a directory',
  ENOENT: 'no such node',
  ENOMEM: 'xenstored is out of memory',
  ENOSPC: 'quota exceeded',
  EIO: 'xenstored input/output error',
  ENOTEMPTY: 'directory not empty',
  ENOSYS: 'operation not supported by this xenstored',
  EROFS: 'read-only',
  EBUSY: 'busy (a transaction is already open on this request)',
  EAGAIN: 'transaction conflict, try again',
  EISCONN: 'already connected',
  E2BIG: 'too big (value, reply or watch count over a limit)',
  EPERM: 'operation not permitted (only a privileged caller may change the owner)',
});

/**
 * Names some servers send that are not errno names: oxenstored 4.17 answers "EQUOTA" where the
 * C daemon answers ENOSPC (observed here: an 11th open transaction, the 1000-node limit).
 * Normalised so callers need not know which daemon they talk to (shared spec rule 7).
 */
const NORMALISED: Readonly<Record<string, string>> = Object.freeze({ EQUOTA: 'ENOSPC' });

/** xenstored (or the guest kernel on its behalf) refused a request; `.code` is e.g. 'ENOENT'. */
export class XenstoreError extends Error {
  override readonly name = 'XenstoreError';
  readonly family = 'remote' as const;
  /** The errno name, normalised (EQUOTA -> ENOSPC). */
  readonly code: string;
  /** The name exactly as the server sent it. */
  readonly wireName: string;
  constructor(
    wireName: string,
    readonly op: string,
    readonly path?: string,
    /** What the caller can do about it, appended to the message. */
    hint?: string,
  ) {
    const code = NORMALISED[wireName] ?? wireName;
    const meaning = ERROR_MEANINGS[code];
    const shown = code === wireName ? code : `${code}, sent as ${wireName}`;
    const where = path !== undefined ? ` ${path}` : '';
    super(`xenstore ${op}${where} failed: ${shown}${meaning ? ` (${meaning})` : ''}${hint ? `; ${hint}` : ''}`);
    this.code = code;
    this.wireName = wireName;
  }
}

/** Base of every local failure: nothing was refused by xenstored, something went wrong here. */
export class XenstoreLocalError extends Error {
  readonly family = 'local' as const;
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Malformed bytes on the wire, or a request this client refuses to send. */
export class ProtocolError extends XenstoreLocalError {
  override readonly name = 'ProtocolError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_XS_PROTOCOL', message, options);
  }
}

/** The connection to xenstored is gone (or was never there) while a request was outstanding. */
export class ConnectionClosedError extends XenstoreLocalError {
  override readonly name = 'ConnectionClosedError';
  constructor(message = 'the connection to xenstore is closed', options?: { cause?: unknown }) {
    super('ERR_XS_CONNECTION_CLOSED', message, options);
  }
}

/** A request would exceed the transport's payload limit; it was not sent. */
export class PayloadTooLargeError extends XenstoreLocalError {
  override readonly name = 'PayloadTooLargeError';
  constructor(
    readonly op: string,
    readonly size: number,
    readonly limit: number,
  ) {
    super(
      'ERR_XS_PAYLOAD_TOO_LARGE',
      `xenstore ${op} refused locally: payload of ${size} bytes is over the ${limit}-byte limit of this connection (nothing was sent)`,
    );
  }
}

/** A path that xenstored would reject (syntax or length); checked before sending. */
export class InvalidPathError extends XenstoreLocalError {
  override readonly name = 'InvalidPathError';
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super('ERR_XS_INVALID_PATH', `invalid xenstore path ${JSON.stringify(path)}: ${reason}`);
  }
}

/** No xenstore endpoint could be found or opened; the message says how to fix it. */
export class EndpointNotFoundError extends XenstoreLocalError {
  override readonly name = 'EndpointNotFoundError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_XS_ENDPOINT_NOT_FOUND', message, options);
  }
}

/** xenstored did not answer a request in time; it may still act on it later. */
export class RequestTimeoutError extends XenstoreLocalError {
  override readonly name = 'RequestTimeoutError';
  constructor(
    readonly op: string,
    readonly path: string | undefined,
    readonly timeoutMs: number,
  ) {
    super(
      'ERR_XS_TIMEOUT',
      `xenstore ${op}${path !== undefined ? ` ${path}` : ''} got no answer within ${timeoutMs / 1000} s: ` +
        'xenstored is not responding (is it running, and not stopped?); the request may still take effect later',
    );
  }
}
