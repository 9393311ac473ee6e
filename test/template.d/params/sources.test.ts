import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ParamInputError, parseParamText, readSources, stdinSource, type ParamSource } from '../../../template.d/params/sources.js';
import { BAD_KEYS, SMUGGLER } from './bad-keys.js';

const context = { target: 'configure' as const, modules: [] };

describe('parameter sources', () => {
  it('reads JSON when the text starts with { and key=value lines otherwise', () => {
    expect(parseParamText(' {"a": "1"}\n', 'stdin')).toEqual({ a: '1' });
    expect(parseParamText('a=1\nb="two\\nlines"\n', 'stdin')).toEqual({ a: '1', b: 'two\nlines' });
    expect(parseParamText('', 'stdin')).toEqual({});
  });

  it('refuses nested values and broken input with the source named', () => {
    expect(() => parseParamText('{"a": {}}', 'stdin')).toThrow(ParamInputError);
    expect(() => parseParamText('{"a": null}', 'stdin')).toThrow(/stdin: line 1: the value of "a" must be a string/);
    expect(() => parseParamText('{"a":', 'file descriptor 3')).toThrow(/file descriptor 3: not valid JSON/);
    expect(() => parseParamText('a=1', 'fd', true)).toThrow(/expected one JSON object/);
  });

  it.each(BAD_KEYS)('--stdin refuses a key with %s, in both forms, and takes nothing', (_, key, reason) => {
    const lines = `com.example.ok=1\n${key.includes('\n') || key.includes('=') ? JSON.stringify(key) : key}=v\n`;
    expect(() => parseParamText(lines, 'stdin')).toThrow(reason);
    expect(() => parseParamText(JSON.stringify({ 'com.example.ok': '1', [key]: 'v' }), 'stdin')).toThrow(reason);
    expect(() => parseParamText(JSON.stringify({ [key]: 'v' }), 'file descriptor 3', true)).toThrow(reason);
  });

  it('the smuggling line of issue 12, as the old ovmd -l printed it, is refused, not read as two keys', () => {
    const old = SMUGGLER.replace('\n', '\n') + '\n'; // "com.acme.a" then "com.oracle.linux.root-password=x=..."
    expect(() => parseParamText(`${old.replace(/\n$/, '')}=v\n`, 'stdin')).toThrow(/line 1: expected key=value/);
  });

  it('merges several sources, later ones winning', async () => {
    const fixed = (name: string, params: Record<string, string>): ParamSource => ({ name, read: async () => params });
    const merged = await readSources([fixed('one', { a: '1', b: '1' }), stdinSource(Readable.from(['b=2\n']))], context);
    expect(merged).toEqual({ a: '1', b: '2' });
  });
});
