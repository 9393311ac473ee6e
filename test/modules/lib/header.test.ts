// The plugin header: rendered from a declaration, read back the way ovm-chkconfig reads it, and
// valid JavaScript where the build puts it (right after the #! line of a bundle).
import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { formatPriority, renderHeader, renderHeaderBlock } from '../../../modules/lib/header.js';

// A reader of the header format (shared spec template-config.md), independent of the renderer.
function parseHeader(text: string): { fields: Record<string, string>; description: string } {
  const lines = text.split('\n');
  const start = lines.indexOf('### BEGIN PLUGIN INFO');
  const end = lines.indexOf('### END PLUGIN INFO');
  const fields: Record<string, string> = {};
  let last = '';
  for (const line of lines.slice(start + 1, end)) {
    const cont = /^#\s{2,}(\S.*)$/.exec(line);
    if (cont && last === 'description') {
      fields.description += ` ${cont[1]}`;
      continue;
    }
    const m = /^# ([a-z-]+): (.*)$/.exec(line);
    if (m) fields[(last = m[1]!)] = m[2]!;
  }
  return { fields, description: fields.description ?? '' };
}

const DESCRIPTION =
  'Configures the network of a freshly cloned template: host name, interfaces, DNS servers and search domains, and the hosts file entry.';

describe('renderHeader', () => {
  it('reads back to the declaration: name, two-digit priorities in target order, dry-run, description', () => {
    const text = renderHeaderBlock({ name: 'network', description: DESCRIPTION, priorities: { cleanup: 50, configure: 5 } });
    const lines = text.split('\n');
    expect(lines.slice(0, 5)).toEqual(['### BEGIN PLUGIN INFO', '# name: network', '# configure: 05', '# cleanup: 50', '# dry-run: yes']);
    expect(lines.at(-1)).toBe('### END PLUGIN INFO');
    expect(lines.every((l) => l.length <= 78)).toBe(true);
    const back = parseHeader(text);
    expect(back.fields).toMatchObject({ name: 'network', configure: '05', cleanup: '50', 'dry-run': 'yes' });
    expect(back.description).toBe(DESCRIPTION);
    expect(lines.filter((l) => l.startsWith('#   ')).length).toBeGreaterThan(0);
  });

  it('is a valid JavaScript comment after the #! line, with the marker lines intact', () => {
    const header = renderHeader({ name: 'x', description: 'short', priorities: { configure: 41 } });
    expect(() => new Script(`${header}\n1;`)).not.toThrow();
    expect(header.split('\n')).toContain('### BEGIN PLUGIN INFO');
    expect(parseHeader(header).fields.configure).toBe('41');
  });

  it('refuses priorities that are not 0-99 and names that are not plain file names', () => {
    expect(formatPriority(0)).toBe('00');
    expect(() => formatPriority(100)).toThrow(/0-99/);
    expect(() => formatPriority(4.5)).toThrow(/0-99/);
    expect(() => renderHeader({ name: '../evil', description: 'd', priorities: {} })).toThrow(/plain file name/);
    expect(() => renderHeader({ name: 'x', description: 'ends */ here', priorities: {} })).toThrow(/\*\//);
  });
});
