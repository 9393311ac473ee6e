import { describe, expect, it } from 'vitest';
import { Op, opByCode, opLabel, OPS } from '../../../ovmd/protocol/index.js';

describe('op table', () => {
  it('has the xs_wire.h numbers for every message type', () => {
    expect(OPS).toHaveLength(22);
    expect(Op).toMatchObject({
      CONTROL: 0, DIRECTORY: 1, READ: 2, GET_PERMS: 3, WATCH: 4, UNWATCH: 5, TRANSACTION_START: 6,
      TRANSACTION_END: 7, INTRODUCE: 8, RELEASE: 9, GET_DOMAIN_PATH: 10, WRITE: 11, MKDIR: 12, RM: 13,
      SET_PERMS: 14, WATCH_EVENT: 15, ERROR: 16, IS_DOMAIN_INTRODUCED: 17, RESUME: 18, SET_TARGET: 19,
      RESET_WATCHES: 21, DIRECTORY_PART: 22,
    });
  });

  it('leaves out the removed XS_RESTRICT (20) and does not invent 128', () => {
    expect(opByCode(20)).toBeUndefined();
    expect(opByCode(128)).toBeUndefined();
    expect(opLabel(20)).toBe('type 20');
  });

  it('marks privileged and server-only types', () => {
    expect(OPS.filter((o) => o.privileged).map((o) => o.name).sort()).toEqual(
      ['CONTROL', 'INTRODUCE', 'IS_DOMAIN_INTRODUCED', 'RELEASE', 'RESUME', 'SET_TARGET'],
    );
    expect(OPS.filter((o) => o.serverOnly).map((o) => o.name)).toEqual(['WATCH_EVENT', 'ERROR']);
  });
});
