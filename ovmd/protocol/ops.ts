// The xenstore operation table, written down once as data (house style: wire surface as data).
// Names and numbers are those of xs_wire.h (enum xsd_sockmsg_type); see shared spec xenstore.md §1.2.

/** One xenstore message type: its xs_wire.h name, its number, and who may send it. */
export interface OpInfo {
  readonly name: OpName;
  readonly code: number;
  /** Only dom0 / privileged connections may send it (CORE wire_funcs[]: others get EACCES). */
  readonly privileged: boolean;
  /** Sent by the server only; a client never sends it (xenstored answers ENOSYS). */
  readonly serverOnly: boolean;
}

export type OpName =
  | 'CONTROL' | 'DIRECTORY' | 'READ' | 'GET_PERMS' | 'WATCH' | 'UNWATCH'
  | 'TRANSACTION_START' | 'TRANSACTION_END' | 'INTRODUCE' | 'RELEASE' | 'GET_DOMAIN_PATH'
  | 'WRITE' | 'MKDIR' | 'RM' | 'SET_PERMS' | 'WATCH_EVENT' | 'ERROR' | 'IS_DOMAIN_INTRODUCED'
  | 'RESUME' | 'SET_TARGET' | 'RESET_WATCHES' | 'DIRECTORY_PART';

function op(name: OpName, code: number, privileged = false, serverOnly = false): OpInfo {
  return Object.freeze({ name, code, privileged, serverOnly });
}

/** Every message type, in xs_wire.h order. Number 20 (the removed XS_RESTRICT) is deliberately absent. */
export const OPS: readonly OpInfo[] = Object.freeze([
  op('CONTROL', 0, true), // a.k.a. XS_DEBUG
  op('DIRECTORY', 1),
  op('READ', 2),
  op('GET_PERMS', 3),
  op('WATCH', 4),
  op('UNWATCH', 5),
  op('TRANSACTION_START', 6),
  op('TRANSACTION_END', 7),
  op('INTRODUCE', 8, true),
  op('RELEASE', 9, true),
  op('GET_DOMAIN_PATH', 10),
  op('WRITE', 11),
  op('MKDIR', 12),
  op('RM', 13),
  op('SET_PERMS', 14),
  op('WATCH_EVENT', 15, false, true),
  op('ERROR', 16, false, true),
  op('IS_DOMAIN_INTRODUCED', 17, true),
  op('RESUME', 18, true),
  op('SET_TARGET', 19, true),
  op('RESET_WATCHES', 21),
  op('DIRECTORY_PART', 22),
]);

/** Type numbers by name, e.g. `Op.READ === 2`, for readable call sites. */
export const Op = Object.freeze(
  Object.fromEntries(OPS.map((o) => [o.name, o.code])) as Record<OpName, number>,
);

const byCode = new Map<number, OpInfo>(OPS.map((o) => [o.code, o]));

/** Looks a type number up; undefined for numbers xs_wire.h does not define. */
export function opByCode(code: number): OpInfo | undefined {
  return byCode.get(code);
}

/** A printable name for any type number, for error messages ("READ", "type 99"). */
export function opLabel(code: number): string {
  return byCode.get(code)?.name ?? `type ${code}`;
}
