// docs/modules.md is derived from the declarations: every generated block on the page must equal
// what modules/lib/key-table.ts renders from the registry now, and every module has its blocks.
// After an intended change to a declaration, refresh the page with:
//   UPDATE_DOCS=1 npx vitest run test/modules/docs.test.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderKeyTable, renderPriorities } from '../../modules/lib/key-table.js';
import { MODULES } from '../../modules/registry.js';

const PAGE = join(dirname(fileURLToPath(import.meta.url)), '../../docs/modules.md');
const BLOCK = /<!-- generated:([a-z]+):([a-z-]+)(?::([a-z]+))? -->\n([\s\S]*?)<!-- \/generated -->/g;

function render(kind: string, name: string, target: string | undefined): string {
  const decl = MODULES.find((m) => m.name === name);
  if (decl === undefined) throw new Error(`docs/modules.md names a module "${name}" that the registry does not have`);
  if (kind === 'header') return renderPriorities(decl);
  return renderKeyTable(decl, target === 'cleanup' ? 'cleanup' : 'configure');
}

function refreshed(page: string): string {
  return page.replace(BLOCK, (_all, kind: string, name: string, target: string | undefined) => {
    const label = target === undefined ? `${kind}:${name}` : `${kind}:${name}:${target}`;
    return `<!-- generated:${label} -->\n${render(kind, name, target)}<!-- /generated -->`;
  });
}

describe('docs/modules.md', () => {
  const page = readFileSync(PAGE, 'utf8');
  if (process.env.UPDATE_DOCS === '1') writeFileSync(PAGE, refreshed(page));

  it('every generated block equals what the declarations render now', () => {
    expect(page).toBe(refreshed(page));
  });

  it('has a header line and a key table for every registered module and each target it enumerates', () => {
    const blocks = [...page.matchAll(BLOCK)].map((m) => [m[1], m[2], m[3]].filter(Boolean).join(':'));
    expect(MODULES).toHaveLength(8);
    for (const decl of MODULES) {
      expect(blocks, decl.name).toContain(`header:${decl.name}`);
      const targets = Object.keys(decl.priorities).filter((t) => t === 'configure' || (t === 'cleanup' && !decl.priorities.configure));
      for (const target of targets) expect(blocks, `${decl.name} ${target}`).toContain(`keys:${decl.name}:${target}`);
    }
  });

  it('names every key any module declares', () => {
    for (const decl of MODULES) {
      for (const d of Object.values(decl.parameters).flat()) expect(page, d.key).toContain(d.key.replace(/\.[01]$/, '.N'));
    }
  });
});
