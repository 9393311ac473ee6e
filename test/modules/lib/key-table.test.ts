// The Markdown rendering of a declaration (docs/modules.md's generated blocks): indexed keys
// folded to `.N`, Oracle's flags spelled out, pipes escaped so a value cannot break the table.
import { describe, expect, it } from 'vitest';
import { renderKeyTable, renderPriorities } from '../../../modules/lib/key-table.js';
import type { ModuleDeclaration } from '../../../modules/lib/types.js';

const DECL: ModuleDeclaration = {
  name: 'demo',
  description: 'A demo module.',
  priorities: { configure: 5, cleanup: 60 },
  parameters: {
    configure: [
      { key: 'x.name', description: 'Name | alias', required: true, password: true },
      { key: 'x.dev.0', description: 'Device', format: 'ifname' },
      { key: 'x.ip.0', description: 'Address', depends: 'x.dev.0', requires: ['x.mode.0', ['static', null]] },
      { key: 'x.dev.1', description: 'Device', hidden: true, format: 'ifname' },
      { key: 'x.ip.1', description: 'Address', hidden: true },
      { key: 'x.only.1', description: 'Only at one', hidden: true, choices: ['a', 'b'] },
    ],
  },
  handlers: {},
};

describe('renderKeyTable', () => {
  it('folds .0/.1 pairs into one .N row and spells out every flag', () => {
    expect(renderKeyTable(DECL, 'configure').split('\n')).toEqual([
      '| key | flags | meaning |',
      '|---|---|---|',
      '| `x.name` | visible; password (secret); required | Name \\| alias |',
      '| `x.dev.N` | visible for index 0, hidden from 1; format `ifname` | Device |',
      '| `x.ip.N` | visible for index 0, hidden from 1; depends `x.dev.N`; only when `x.mode.N` is `static`, unset | Address |',
      '| `x.only.1` | hidden; choices `a`, `b` | Only at one |',
      '',
    ]);
  });

  it('says so when a target has no keys', () => {
    expect(renderKeyTable(DECL, 'cleanup')).toBe('_No keys._\n');
  });

  it('writes the header priorities with two digits', () => {
    expect(renderPriorities(DECL)).toBe('Header: `configure: 05`, `cleanup: 60`. A demo module.\n');
  });
});
