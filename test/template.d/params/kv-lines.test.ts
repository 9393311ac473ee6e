import { describe, expect, it } from 'vitest';
import { formatKvLines, parseKvLines } from '../../../template.d/params/kv-lines.js';

const SSH_KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\r\nAAAEbm9uZQ==\n-----END OPENSSH PRIVATE KEY-----\n';

describe('key=value lines', () => {
  it('writes one sorted line per key, escaping backslash, newline and carriage return', () => {
    const text = formatKvLines({ b: 'x=y', a: 'C:\\dir\nline2\r' });
    expect(text).toBe('a=C:\\\\dir\\nline2\\r\nb=x=y\n');
  });

  it('round-trips a multi-line SSH key and values holding = and backslashes', () => {
    const params = { 'com.oracle.linux.ssh.private-key.0': SSH_KEY, 'k.eq': 'a=b=c', 'k.bs': '\\n is not a newline' };
    expect(parseKvLines(formatKvLines(params))).toEqual(params);
  });

  it('takes the value after the first =, skips blank lines and tolerates CRLF line ends', () => {
    expect(parseKvLines('a=1\r\n\nb==2\n')).toEqual({ a: '1', b: '=2' });
  });

  it('keeps an unknown escape as written', () => {
    expect(parseKvLines('path=C:\\temp\n')).toEqual({ path: 'C:\\temp' });
  });

  it('names the line that is not key=value', () => {
    expect(() => parseKvLines('a=1\njust text\n')).toThrow('line 2: expected key=value');
    expect(() => parseKvLines('=value\n')).toThrow('line 1');
  });
});
