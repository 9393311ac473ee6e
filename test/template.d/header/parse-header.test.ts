import { describe, expect, it } from 'vitest';
import { checkHeaderName, parseHeader } from '../../../template.d/header/parse-header.js';

const WITH_MARKERS = `#!/usr/bin/python
### BEGIN PLUGIN INFO
# name: network
# configure: 50
# cleanup: 50
# description: Script to configure template network,
#   and it may continue on more lines.
### END PLUGIN INFO
import sys
`;

const WITHOUT_MARKERS = `#!/bin/sh
# name: motd
# configure: 05
# description: Writes /etc/motd.

echo hi
# configure: 99
`;

describe('parseHeader', () => {
  it('reads a header between the markers, folding the indented description lines', () => {
    const parsed = parseHeader(WITH_MARKERS);
    expect(parsed).toEqual({
      ok: true,
      header: {
        name: 'network',
        priorities: { configure: 50, cleanup: 50 },
        description: 'Script to configure template network, and it may continue on more lines.',
        dryRun: false,
      },
    });
  });

  it('reads the leading comment block of an older module without markers, and stops at code', () => {
    const parsed = parseHeader(WITHOUT_MARKERS);
    expect(parsed.ok && parsed.header).toEqual({
      name: 'motd',
      priorities: { configure: 5 },
      description: 'Writes /etc/motd.',
      dryRun: false,
    });
  });

  it('reads a header wrapped in a JavaScript block comment, as the build writes it', () => {
    const text = `#!/usr/bin/env node\n/*\n### BEGIN PLUGIN INFO\n# name: ssh\n# configure: 70\n# dry-run: yes\n# description: Keys.\n### END PLUGIN INFO\n*/\n`;
    const parsed = parseHeader(text);
    expect(parsed.ok && parsed.header).toMatchObject({ name: 'ssh', priorities: { configure: 70 }, dryRun: true });
  });

  it('ignores unknown fields and keeps every declared target', () => {
    const text = '### BEGIN PLUGIN INFO\n# name: x\n# vendor: Example\n# suspend: 10\n# resume: 90\n# shutdown: 00\n### END PLUGIN INFO\n';
    const parsed = parseHeader(text);
    expect(parsed.ok && parsed.header.priorities).toEqual({ suspend: 10, resume: 90, shutdown: 0 });
  });

  it('refuses a priority that is not 00-99, naming the line', () => {
    const parsed = parseHeader('# name: x\n# configure: 150\n');
    expect(parsed).toEqual({ ok: false, errors: ['"configure: 150": a priority is a number from 00 to 99'] });
    expect(parseHeader('# name: x\n# configure: soon\n').ok).toBe(false);
  });

  it('refuses a header without a name or without any target', () => {
    expect(parseHeader('# configure: 50\n')).toMatchObject({ ok: false, errors: [expect.stringContaining('name')] });
    expect(parseHeader('# name: lonely\n')).toMatchObject({ ok: false, errors: [expect.stringContaining('no target')] });
    expect(parseHeader('#!/bin/sh\necho no header\n').ok).toBe(false);
  });
});

describe('checkHeaderName', () => {
  it('accepts the matching file name and explains a mismatch', () => {
    const parsed = parseHeader(WITH_MARKERS);
    if (!parsed.ok) throw new Error('fixture header must parse');
    expect(checkHeaderName(parsed.header, 'network')).toBeUndefined();
    expect(checkHeaderName(parsed.header, 'net')).toBe('the header says "name: network" but the script is called "net"');
  });
});
