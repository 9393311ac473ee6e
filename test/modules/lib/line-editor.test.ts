// The line editor for files we do not own: managed lines chosen by a predicate, all others kept.
import { describe, expect, it } from 'vitest';
import { appendMissing, fromLines, mapLines, removeLines, replaceLines, toLines } from '../../../modules/lib/line-editor.js';

const HOSTS = '# static table\n127.0.0.1 localhost\n\n192.0.2.1 old.example.com old\n# trailing comment\n192.0.2.1 dup\n';
const isAddr = (addr: string) => (line: string) => line.split(/\s+/)[0] === addr;

describe('line editor', () => {
  it('toLines/fromLines round-trip and end non-empty text with a newline', () => {
    expect(fromLines(toLines(HOSTS))).toBe(HOSTS);
    expect(toLines('')).toEqual([]);
    expect(fromLines(toLines('a\nb'))).toBe('a\nb\n');
  });

  it('replaceLines puts the new line where the first match was and drops later matches', () => {
    expect(replaceLines(HOSTS, isAddr('192.0.2.1'), ['192.0.2.1 new.example.com new'])).toBe(
      '# static table\n127.0.0.1 localhost\n\n192.0.2.1 new.example.com new\n# trailing comment\n',
    );
  });

  it('replaceLines appends when nothing matches', () => {
    expect(replaceLines(HOSTS, isAddr('192.0.2.9'), ['192.0.2.9 x'])).toBe(`${HOSTS}192.0.2.9 x\n`);
  });

  it('removeLines drops only matches; comments stay', () => {
    expect(removeLines(HOSTS, isAddr('192.0.2.1'))).toBe('# static table\n127.0.0.1 localhost\n\n# trailing comment\n');
  });

  it('appendMissing adds lines once, comparing trimmed text', () => {
    const keys = 'ssh-ed25519 AAAA one\n';
    expect(appendMissing(keys, ['ssh-ed25519 AAAA one ', 'ssh-rsa BBBB two', 'ssh-rsa BBBB two'])).toBe(
      'ssh-ed25519 AAAA one\nssh-rsa BBBB two\n',
    );
  });

  it('mapLines can keep, replace, expand or drop each line', () => {
    const out = mapLines('server a\n# c\nserver b\n', (l) => (l === 'server a' ? ['server x', 'server y'] : l === 'server b' ? null : l));
    expect(out).toBe('server x\nserver y\n# c\n');
  });
});
