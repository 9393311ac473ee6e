// Where the Oracle VM API channel lives in xenstore and how big its messages may be.
// Source for every constant: shared spec vmapi-channel.md ("Layout"), which follows the UEK
// driver drivers/xen/ovmapi.c.

/** The channel directory, relative to the guest's home /local/domain/<domid>. */
export const CHANNEL_DIR = 'control/oracle-vmapi';
/** Host → guest messages. */
export const TO_GUEST = `${CHANNEL_DIR}/to-guest`;
/** Guest → host messages. */
export const FROM_GUEST = `${CHANNEL_DIR}/from-guest`;
/** Counter node inside each direction: the newest message number written. */
export const LAST_WRITE = 'last-write';

// Key: 256 bytes in the driver including the C terminator, so 255 bytes of text; that limit is
// part of the key-name rule, template.d/params/key-name.ts (KEY_NAME_MAX_BYTES).
/** Value: 8192 bytes in the driver including the terminator, so 8191 bytes of text. */
export const VALUE_MAX_BYTES = 8191;
/** The driver writes chunks of at most 2048 characters; readers accept any chunk size. */
export const CHUNK_MAX_BYTES = 2048;
/**
 * What this project's guest side writes per chunk. An unprivileged domain's node (value plus
 * permissions plus child names) must stay under xenstored's 2048-byte quota (xenstore.md 1.3,
 * ENOSPC), so a full 2048-byte chunk would be refused; 1024 leaves ample room.
 */
export const GUEST_CHUNK_BYTES = 1024;

/** The key whose value is an event for listeners, not a parameter. */
export const EVENT_KEY = 'VMAPIEvent';

/** Joins a direction directory (relative or absolute) with a child name. */
export function nodePath(dir: string, ...parts: (string | number)[]): string {
  return [dir, ...parts.map(String)].join('/');
}

/** The absolute home of a guest, for the host side. */
export function domainHome(domid: number): string {
  return `/local/domain/${domid}`;
}
