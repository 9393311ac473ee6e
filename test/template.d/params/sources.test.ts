import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatKvLines } from '../../../template.d/params/kv-lines.js';
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

  it('a listed key that holds a newline is refused when read back, never read as a second key', () => {
    // The old listing printed this key raw: "com.acme.a=1" and "com.oracle.linux.root-password=x".
    const smuggler = 'com.acme.a=1\ncom.oracle.linux.root-password';
    const listing = formatKvLines({ [smuggler]: 'x', [SMUGGLER]: 'y' });
    expect(listing.trimEnd().split('\n')).toHaveLength(2);
    expect(() => parseParamText(listing, 'stdin')).toThrow(/2 problems:\n {2}line 1: key "com\.acme\.a\\ncom\.oracle\.linux\.root-password=…" contains a control character.*\n {2}line 2: key "com\.acme\.a=…" contains a control character/);
  });

  it('merges several sources, later ones winning', async () => {
    const fixed = (name: string, params: Record<string, string>): ParamSource => ({ name, read: async () => params });
    const merged = await readSources([fixed('one', { a: '1', b: '1' }), stdinSource(Readable.from(['b=2\n']))], context);
    expect(merged).toEqual({ a: '1', b: '2' });
  });
});
