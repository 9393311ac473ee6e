import { describe, expect, it } from 'vitest';
import { checkPath, checkPerms, InvalidPathError } from '../../../ovmd/protocol/index.js';

describe('checkPath', () => {
  it.each(['/', '/local/domain/7', 'data/x', '@introduceDomain', 'a-b_c/D9', '/' + 'a'.repeat(3071), 'a'.repeat(2048)])(
    'accepts %s', (p) => expect(() => checkPath(p)).not.toThrow(),
  );

  it.each([
    ['', /empty/], ['/a/', /ends with/], ['/a//b', /\/\//], ['/a b', /only letters/], ['/a.b', /only letters/],
    ['/é', /only letters/], ['/' + 'a'.repeat(3072), /over 3072/], ['a'.repeat(2049), /over 2048/],
  ])('refuses %j', (p, why) => {
    expect(() => checkPath(p)).toThrow(InvalidPathError);
    expect(() => checkPath(p)).toThrow(why);
  });

  it('gives the stable local code', () => {
    let caught: unknown;
    try {
      checkPath('bad path');
    } catch (err) {
      caught = err;
    }
    expect(caught).toMatchObject({ code: 'ERR_XS_INVALID_PATH', family: 'local' });
  });
});

describe('checkPerms', () => {
  it('accepts owner-first ACLs', () => expect(() => checkPerms('/p', ['n0', 'r7', 'w3', 'b12'])).not.toThrow());
  it('refuses empty lists and bad letters', () => {
    expect(() => checkPerms('/p', [])).toThrow(/at least one/);
    expect(() => checkPerms('/p', ['x0'])).toThrow(/bad permission "x0"/);
    expect(() => checkPerms('/p', ['n'])).toThrow(InvalidPathError);
  });
});
