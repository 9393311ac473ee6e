// Suggestions for keys no module declares (pure): swaps and missing letters find the declared
// key, at the key's own index; a key far from every declared one gets no suggestion; keys
// outside com.oracle.linux. and declared keys at any index are never warned about.
import { describe, expect, it } from 'vitest';
import { nearestKey, unknownKeyWarnings } from '../../../template.d/plan/key-hints.js';

const L = 'com.oracle.linux.';
const KNOWN = [`${L}network.hostname`, `${L}network.ipaddr.0`, `${L}network.ipaddr.1`, `${L}datetime.timezone`, `${L}root-password`];

describe('nearestKey', () => {
  it.each([
    [`${L}network.hostnmae`, `${L}network.hostname`],
    [`${L}network.hostnam`, `${L}network.hostname`],
    [`${L}network.ipadr.4`, `${L}network.ipaddr.4`],
    [`${L}datetime.timzeone`, `${L}datetime.timezone`],
    [`${L}rootpassword`, `${L}root-password`],
  ])('%s -> %s', (typo, meant) => expect(nearestKey(typo, KNOWN)).toBe(meant));

  it('suggests nothing when no declared key is close', () => {
    expect(nearestKey(`${L}totally.different`, KNOWN)).toBeUndefined();
  });
});

describe('unknownKeyWarnings', () => {
  it('warns only about undeclared keys under com.oracle.linux.', () => {
    const warnings = unknownKeyWarnings(
      { [`${L}network.ipaddr.7`]: 'x', 'com.example.anything': 'x', [`${L}network.hostnmae`]: 'x' },
      KNOWN.map((key) => ({ key })),
    );
    expect(warnings).toEqual([`${L}network.hostnmae: no installed module declares this key, so every module ignores it; did you mean ${L}network.hostname?`]);
  });
});
