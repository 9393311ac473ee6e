// The key=value line format: what ovmd -l writes, and how one line is read (blanks, comments,
// JSON strings). Whole files are read by batch-file.ts (batch-file.test.ts).
import { describe, expect, it } from 'vitest';
import { formatKvLine, formatKvLines, jsonQuote, parseKvLine } from '../../../template.d/params/kv-lines.js';
import { parseParamText } from '../../../template.d/params/sources.js';

const SSH_KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\r\nAAAEbm9uZQ==\n-----END OPENSSH PRIVATE KEY-----\n';

describe('writing lines', () => {
  it('writes one sorted line per key, plain when plain text is enough', () => {
    expect(formatKvLines({ b: 'x=y', a: 'C:\\dir', c: '' })).toBe('a=C:\\dir\nb=x=y\nc=\n');
  });

  it('quotes a value that plain text would change: line breaks, blanks at the ends, a leading quote', () => {
    expect(formatKvLine('k', 'two\nlines\r')).toBe('k="two\\nlines\\r"\n');
    expect(formatKvLine('k', ' padded ')).toBe('k=" padded "\n');
    expect(formatKvLine('k', '"q"')).toBe('k="\\"q\\""\n');
    expect(formatKvLine('k', 'in side')).toBe('k=in side\n');
  });

  it('quotes a key that would read as a comment or a quoted key, and escapes any key it must print', () => {
    expect(formatKvLine('#k', 'v')).toBe('"#k"=v\n');
    expect(formatKvLine('com.acme.a\ncom.oracle.linux.root-password', 'x')).toBe('"com.acme.a\\ncom.oracle.linux.root-password"=x\n');
    expect(jsonQuote('a\u202eb\u2028c\x85')).toBe('"a\\u202eb\\u2028c\\u0085"');
  });

  it('round-trips every kind of value, a multi-line SSH key included, through the --stdin reader', () => {
    const params = {
      'com.oracle.linux.ssh.private-key.0': SSH_KEY, 'k.eq': 'a=b=c', 'k.bs': '\\n is not a newline',
      'k.blank': ' x ', 'k.quote': '"', 'k.hash': '# not a comment', 'k.empty': '', 'k.json': '"a"b', '#k': 'v',
      'k.unicode': 'naïve — ✓', 'k.tab': 'a\tb', 'k.bidi': 'a\u202eb',
    };
    expect(parseParamText(formatKvLines(params), 'stdin')).toEqual(params);
  });
});

describe('reading one line', () => {
  it('drops blanks around the key and the value, and skips blank lines and # comments', () => {
    expect(parseKvLine('  a.b  =  hello world \r')).toEqual({ key: 'a.b', value: 'hello world' });
    expect(parseKvLine('\ta=\t1')).toEqual({ key: 'a', value: '1' });
    expect(parseKvLine('   ')).toEqual({ skip: true });
    expect(parseKvLine('  # a=b')).toEqual({ skip: true });
    expect(parseKvLine('a==b')).toEqual({ key: 'a', value: '=b' });
  });

  it('reads a JSON string as key or value', () => {
    expect(parseKvLine('k = "  two\\nlines \\"x\\"  "  ')).toEqual({ key: 'k', value: '  two\nlines "x"  ' });
    expect(parseKvLine('"#k" = v')).toEqual({ key: '#k', value: 'v' });
    expect(parseKvLine('k=C:\\new')).toEqual({ key: 'k', value: 'C:\\new' });
  });

  it('says what is wrong with a line it cannot read', () => {
    expect(parseKvLine('just text')).toEqual({ problem: 'expected key=value' });
    expect(parseKvLine('k="open')).toMatchObject({ problem: expect.stringMatching(/not one JSON string/) });
    expect(parseKvLine('k="a" b')).toMatchObject({ problem: expect.stringMatching(/not one JSON string/) });
    expect(parseKvLine('"k v')).toMatchObject({ problem: expect.stringMatching(/key starts with a quote/) });
    expect(parseKvLine('"k" v')).toMatchObject({ problem: expect.stringMatching(/expected "="/) });
  });
});
