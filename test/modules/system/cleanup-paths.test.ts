// The cleanup list's little pattern language: "*" within one name, "[...]" one character.
import { describe, expect, it } from 'vitest';
import { componentRegex } from '../../../modules/system/cleanup-paths.js';

describe('componentRegex', () => {
  it('is undefined for a literal name, so it is used as is', () => {
    expect(componentRegex('machine-id')).toBeUndefined();
  });

  it('matches rotated log names and nothing that merely starts alike', () => {
    const rotated = componentRegex('ovm-template-config.log[.-]*')!;
    for (const name of ['ovm-template-config.log.1', 'ovm-template-config.log-20261101.gz', 'ovm-template-config.log.']) {
      expect(rotated.test(name), name).toBe(true);
    }
    for (const name of ['ovm-template-config.log', 'ovm-template-config.log_notes', 'ovm-template-configXlog.1']) {
      expect(rotated.test(name), name).toBe(false);
    }
  });

  it('lets "*" match dot names but never cross a "/"', () => {
    const any = componentRegex('*')!;
    expect(any.test('.hidden')).toBe(true);
    expect(any.test('a/b')).toBe(false);
  });
});
