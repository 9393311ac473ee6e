import { describe, expect, it } from 'vitest';
import { planAdd, planDel, planSet } from '../../../template.d/chkconfig/plan.js';
import { renderList } from '../../../template.d/chkconfig/list.js';
import type { FarmState } from '../../../template.d/chkconfig/state.js';
import type { ModuleHeader } from '../../../template.d/header/parse-header.js';

const network: ModuleHeader = { name: 'network', description: '', priorities: { configure: 50, cleanup: 50 }, dryRun: false };

const empty: FarmState = { scripts: ['network'], links: [], targetDirs: ['configure'] };

describe('planAdd', () => {
  it('links every declared target and creates the missing target directories', () => {
    expect(planAdd(empty, network)).toEqual({
      ok: true,
      changes: [
        { kind: 'link', target: 'configure', entry: '50network', points: '../scripts/network' },
        { kind: 'mkdir', target: 'cleanup' },
        { kind: 'link', target: 'cleanup', entry: '50network', points: '../scripts/network' },
      ],
    });
  });

  it('is a no-op when the links are already right, and moves a link whose priority changed', () => {
    const state: FarmState = {
      scripts: ['network'],
      links: [
        { target: 'configure', entry: '50network', priority: 50, name: 'network' },
        { target: 'cleanup', entry: '40network', priority: 40, name: 'network' },
      ],
      targetDirs: ['configure', 'cleanup'],
    };
    expect(planAdd(state, network)).toEqual({
      ok: true,
      changes: [
        { kind: 'unlink', target: 'cleanup', entry: '40network' },
        { kind: 'link', target: 'cleanup', entry: '50network', points: '../scripts/network' },
      ],
    });
  });
});

describe('planDel and planSet', () => {
  const linked: FarmState = {
    scripts: ['network', 'other'],
    links: [
      { target: 'configure', entry: '50network', priority: 50, name: 'network' },
      { target: 'configure', entry: '60other', priority: 60, name: 'other' },
      { target: 'cleanup', entry: '50network', priority: 50, name: 'network' },
    ],
    targetDirs: ['configure', 'cleanup'],
  };

  it('removes every link of the module and nothing else', () => {
    expect(planDel(linked, 'network')).toEqual({
      ok: true,
      changes: [
        { kind: 'unlink', target: 'configure', entry: '50network' },
        { kind: 'unlink', target: 'cleanup', entry: '50network' },
      ],
    });
  });

  it('refuses to delete a module that has neither a script nor links', () => {
    expect(planDel(linked, 'ghost')).toMatchObject({ ok: false, error: expect.stringContaining('unknown module "ghost"') });
  });

  it('turns single targets off, and refuses on for a target without a priority', () => {
    expect(planSet(linked, network, ['configure'], false)).toEqual({
      ok: true,
      changes: [{ kind: 'unlink', target: 'configure', entry: '50network' }],
    });
    const refused = planSet(linked, network, ['cleanup', 'suspend'], true);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error).toContain('does not declare suspend');
  });
});

describe('renderList', () => {
  it('prints on:NN or off for the eight targets in order', () => {
    const state: FarmState = {
      scripts: ['network'],
      links: [{ target: 'cleanup', entry: '05network', priority: 5, name: 'network' }],
      targetDirs: ['cleanup'],
    };
    const [head, row] = renderList(state, ['network']).trimEnd().split('\n');
    expect(head!.split(/\s+/)).toEqual(['name', 'configure', 'unconfigure', 'reconfigure', 'cleanup', 'suspend', 'resume', 'migrate', 'shutdown']);
    expect(row!.split(/\s+/)).toEqual(['network', 'off', 'off', 'off', 'on:05', 'off', 'off', 'off', 'off']);
  });

  it("lays the columns out as Oracle's Administrator's Guide shows the table, to the character", () => {
    // The guide's table (shared spec template-config.md, "ovm-chkconfig"), trailing blanks aside.
    const documented = [
      'name            configure  unconfigure reconfigure cleanup  suspend  resume  migrate  shutdown',
      'authentication  on:90      off         off         off      off      off     off      off',
      'datetime        on:50      off         off         off      off      off     off      off',
    ];
    const state: FarmState = {
      scripts: ['authentication', 'datetime'],
      links: [
        { target: 'configure', entry: '90authentication', priority: 90, name: 'authentication' },
        { target: 'configure', entry: '50datetime', priority: 50, name: 'datetime' },
      ],
      targetDirs: ['configure'],
    };
    expect(renderList(state, ['authentication', 'datetime']).split('\n').slice(0, 3)).toEqual(documented);
    // `cut -c` on the documented positions finds the same cells in every row.
    const cleanupColumn = (line: string) => line.slice(50, 59).trim();
    const withCleanup = renderList({ ...state, links: [...state.links, { target: 'cleanup', entry: '20authentication', priority: 20, name: 'authentication' }] }, ['authentication']);
    expect(withCleanup.split('\n').map(cleanupColumn).slice(0, 2)).toEqual(['cleanup', 'on:20']);
  });

  it('a name as long as the name column still leaves a blank before the first cell', () => {
    const state: FarmState = { scripts: ['a-very-long-module'], links: [], targetDirs: [] };
    expect(renderList(state, ['a-very-long-module']).split('\n')[1]).toMatch(/^a-very-long-module off /);
  });
});
