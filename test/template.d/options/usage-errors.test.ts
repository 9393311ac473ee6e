// The parser's complaints in our words: the same sentence whichever command was mistyped.
import { describe, expect, it } from 'vitest';
import { explainParseError, nearestOption } from '../../../template.d/options/usage-errors.js';
import { ovmTemplateConfigSpec as spec } from '../../../template.d/options/ovm-template-config.js';
import { ovmdSpec } from '../../../ovmd/options/ovmd.js';

describe('explainParseError', () => {
  it('names an unknown option with its dashes, never "Unknown argument"', () => {
    expect(explainParseError(spec, 'Unknown argument: bogus')).toBe('unknown option: --bogus');
    expect(explainParseError(spec, 'Unknown arguments: no-such, noSuch, q')).toBe('unknown options: --no-such, -q');
  });

  it('suggests the option a typo was meant to be', () => {
    expect(explainParseError(spec, 'Unknown argument: scirpt')).toBe('unknown option: --scirpt (did you mean --script?)');
    expect(explainParseError(spec, 'Unknown argument: dry')).toBe('unknown option: --dry (did you mean --dry-run?)');
    expect(nearestOption(spec, '--frobnicate')).toBeUndefined();
  });

  it('says which value is missing, with its placeholder, never "Not enough arguments following"', () => {
    expect(explainParseError(spec, 'Not enough arguments following: s')).toBe('-s needs a value: -s NAME');
    expect(explainParseError(spec, 'Not enough arguments following: script')).toBe('--script needs a value: --script=NAME');
    expect(explainParseError(ovmdSpec, 'Not enough arguments following: p')).toBe('-p needs a value: -p KEY[=VALUE]');
  });
});
