// Size and path limits of the xenstore protocol, with their sources (shared spec xenstore.md).

/** Largest payload on the unix socket and the raw ring (XSWIRE XENSTORE_PAYLOAD_MAX). */
export const SOCKET_PAYLOAD_MAX = 4096;

/**
 * Largest request payload through Linux /dev/xen/xenbus: the driver's per-file 4096-byte buffer
 * also holds the 16-byte header (LNX xenbus_file_write), so 4096 - 16.
 */
export const DEVICE_PAYLOAD_MAX = 4080;

/** Size of struct xsd_sockmsg (XSWIRE). */
export const HEADER_SIZE = 16;

/** XSWIRE XENSTORE_ABS_PATH_MAX. */
export const ABS_PATH_MAX = 3072;

/**
 * XSWIRE XENSTORE_REL_PATH_MAX; the C daemon also applies it to absolute paths outside
 * /local/domain/<N>/ (CORE is_valid_nodename), so it is the safe limit for both.
 */
export const REL_PATH_MAX = 2048;

/**
 * Largest reply accepted on a unix socket. XSWIRE caps payloads at 4096 in both directions and
 * the C daemon keeps to it, but oxenstored 4.17 sends a DIRECTORY reply whole however long it is
 * (EXP here: 6,900 bytes for 300 children). Its header is still exact, so such a reply is read
 * instead of being taken for a framing error; the cap only guards against a corrupt length.
 */
export const SOCKET_REPLY_MAX = 1 << 20;
