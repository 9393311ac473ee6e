import { describe, expect, it } from 'vitest';
import { MASK, SecretMasker } from '../../../template.d/params/secrets.js';

describe('SecretMasker', () => {
  const masker = new SecretMasker(['pw', 'key']);
  masker.remember({ pw: 'He said "hi"\\', key: 'line-one-of-key\nline-two-of-key', other: 'visible' });

  it('masks raw values, their JSON-escaped form and each line of a multi-line secret', () => {
    expect(masker.mask('raw He said "hi"\\ end')).toBe(`raw ${MASK} end`);
    expect(masker.mask(JSON.stringify({ pw: 'He said "hi"\\' }))).toBe(`{"pw":"${MASK}"}`);
    expect(masker.mask('got line-two-of-key only')).toBe(`got ${MASK} only`);
    expect(masker.mask('visible stays')).toBe('visible stays');
  });

  it('replaces secret values in a set, and can drop them entirely', () => {
    expect(masker.maskParams({ pw: 'x', other: 'visible' })).toEqual({ pw: MASK, other: 'visible' });
    expect(masker.withoutSecrets({ pw: 'x', key: 'y', other: 'visible' })).toEqual({ other: 'visible' });
  });
});
