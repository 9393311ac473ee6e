import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ParamInputError, parseParamText, readSources, stdinSource, type ParamSource } from '../../../template.d/params/sources.js';

const context = { target: 'configure' as const, modules: [] };

describe('parameter sources', () => {
  it('reads JSON when the text starts with { and key=value lines otherwise', () => {
    expect(parseParamText(' {"a": "1"}\n', 'stdin')).toEqual({ a: '1' });
    expect(parseParamText('a=1\nb=two\\nlines\n', 'stdin')).toEqual({ a: '1', b: 'two\nlines' });
    expect(parseParamText('', 'stdin')).toEqual({});
  });

  it('refuses non-string values and broken input with the source named', () => {
    expect(() => parseParamText('{"a": 1}', 'stdin')).toThrow(ParamInputError);
    expect(() => parseParamText('{"a": 1}', 'stdin')).toThrow(/stdin: expected a JSON object of string values/);
    expect(() => parseParamText('{"a":', 'file descriptor 3')).toThrow(/file descriptor 3: not valid JSON/);
    expect(() => parseParamText('a=1', 'fd', true)).toThrow(/not valid JSON/);
  });

  it('merges several sources, later ones winning', async () => {
    const fixed = (name: string, params: Record<string, string>): ParamSource => ({ name, read: async () => params });
    const merged = await readSources([fixed('one', { a: '1', b: '1' }), stdinSource(Readable.from(['b=2\n']))], context);
    expect(merged).toEqual({ a: '1', b: '2' });
  });
});
