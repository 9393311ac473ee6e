// The one batch reader: the same file gives the same parameters to ovm-template-config --stdin
// and ovm-vmmessage --file, and every problem of a file is listed with its line.
import { describe, expect, it } from 'vitest';
import { parseBatch } from '../../../ovmd/vmapi/batch.js';
import { BatchError, readBatch } from '../../../template.d/params/batch-file.js';
import { parseParamText } from '../../../template.d/params/sources.js';
import { BAD_KEYS } from './bad-keys.js';

const FILE = [
  '# first-boot batch for vm3',
  '',
  'com.oracle.linux.network.hostname = vm3.example.com',
  '  com.oracle.linux.datetime.timezone=Europe/Paris   ',
  '\t# indented comment',
  'com.example.motd = "Welcome,\\n  stranger"',
  'com.example.path=C:\\new',
  'com.oracle.linux.root-password=pw with = and # inside',
  '',
].join('\r\n');

const EXPECTED = {
  'com.oracle.linux.network.hostname': 'vm3.example.com',
  'com.oracle.linux.datetime.timezone': 'Europe/Paris',
  'com.example.motd': 'Welcome,\n  stranger',
  'com.example.path': 'C:\\new',
  'com.oracle.linux.root-password': 'pw with = and # inside',
};

function problemsOf(text: string): string[] {
  try {
    readBatch(text);
  } catch (error) {
    expect(error).toBeInstanceOf(BatchError);
    return (error as BatchError).problems;
  }
  throw new Error('no error');
}

describe('one batch file, every reader', () => {
  it('ovm-template-config --stdin and ovm-vmmessage --file read the same file the same way', () => {
    expect(parseParamText(FILE, 'stdin')).toEqual(EXPECTED);
    expect(Object.fromEntries(parseBatch(FILE).map((m) => [m.key, m.value]))).toEqual(EXPECTED);
    expect(parseBatch(FILE).map((m) => m.key)).toEqual(Object.keys(EXPECTED));
  });

  it('a byte-order mark at the start of a file is not part of the first key', () => {
    expect(parseParamText(`\uFEFF${FILE}`, 'stdin')).toEqual(EXPECTED);
    expect(parseParamText(`\uFEFF${JSON.stringify(EXPECTED)}`, 'stdin')).toEqual(EXPECTED);
  });

  it('the JSON form of the same batch gives the same set to both, numbers and booleans as text', () => {
    const json = JSON.stringify(EXPECTED, null, 2);
    expect(parseParamText(json, 'stdin')).toEqual(EXPECTED);
    expect(parseParamText(json, 'file descriptor 3', true)).toEqual(EXPECTED);
    expect(parseBatch(json)).toEqual(Object.entries(EXPECTED).map(([key, value]) => ({ key, value })));
    expect(parseParamText('{"a": 1500, "b": true}', 'stdin')).toEqual({ a: '1500', b: 'true' });
  });
});

describe('every problem, with its line', () => {
  it('lists each bad line of a key=value file, not only the first', () => {
    const text = 'a=1\njust text\nb c=2\n\n=3\nd="open\ne=ok\n';
    expect(problemsOf(text)).toEqual([
      'line 2: expected key=value',
      expect.stringMatching(/^line 3: key "b\\x20c" contains a blank/),
      'line 5: the key is empty',
      expect.stringMatching(/^line 6: the value starts with a quote but is not one JSON string/),
    ]);
  });

  it('lists each bad entry of a JSON object with the line of its key', () => {
    const text = '{\n  "ok": "1",\n  "bad key": "2",\n  "nested": {"x": 1},\n  "k=v": "3"\n}';
    expect(problemsOf(text)).toEqual([
      expect.stringMatching(/^line 3: key "bad\\x20key" contains a blank/),
      'line 4: the value of "nested" must be a string, a number or a boolean',
      expect.stringMatching(/^line 5: key "k=…" contains "="/),
    ]);
    expect(problemsOf('{\n "a": "1",\n "b" "2"\n}')[0]).toMatch(/^line 3: not valid JSON/);
  });

  it.each(BAD_KEYS.filter(([what]) => what !== 'an equals sign' && what !== 'a newline'))('refuses a key with %s in either form', (_, key, reason) => {
    expect(problemsOf(`${key}=v\n`).join('\n')).toMatch(reason);
    expect(problemsOf(JSON.stringify({ [key]: 'v' })).join('\n')).toMatch(reason);
  });

  it('a key with a newline or "=" can only be written quoted, and is refused then too', () => {
    expect(problemsOf(`${JSON.stringify('com.acme.a\ncom.oracle.linux.root-password')}=x\n`)[0]).toMatch(/line 1: .*control character \(\\n\)/);
    expect(problemsOf('"com.acme.a=b"=x\n')[0]).toMatch(/contains "="/);
    expect(problemsOf(JSON.stringify({ 'com.acme.a\ncom.oracle.linux.root-password=x': 'v' }))[0]).toMatch(/control character/);
  });

  it('--input takes only the JSON form', () => {
    expect(() => readBatch('a=1\n', { jsonOnly: true })).toThrow(/expected one JSON object/);
    expect(readBatch('', { jsonOnly: true })).toEqual([]);
  });

  it('the error message of several problems has one line each and no raw control character', () => {
    const message = new BatchError(problemsOf('a b=1\n"c\\td"=2\n')).message;
    expect(message).toMatch(/^2 problems:\n  line 1: .*\n  line 2: .*\n$/);
    expect(message.replace(/\n/g, '')).not.toMatch(/[\x00-\x1f]/);
  });
});
