// The contract every built-in module keeps (house style 13): loops over the registry, whose
// size is asserted so a lost registration cannot empty the loop. Checks the declaration (header
// data, handlers, descriptors against the runner's schema, secrets flagged consistently) and
// the built bundle (dist/modules/<name>): its header, read by ovm-chkconfig's parser, and its
// --enumerate output, which must equal the declaration.
import { execa } from 'execa';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHeaderBlock } from '../../modules/lib/header.js';
import type { Descriptor, ModuleDeclaration, Target } from '../../modules/lib/types.js';
import { descriptorFor } from '../../template.d/params/indexed-keys.js';
import { MODULES } from '../../modules/registry.js';
import { parseHeader } from '../../template.d/header/parse-header.js';
import { TARGETS } from '../../template.d/params/descriptor.js';
import { FORMATS } from '../../template.d/params/formats.js';
import { checkDescriptors } from '../../template.d/params/schemas.js';

/** Every built-in module; add a name here when registering one. */
const EXPECTED = ['authentication', 'datetime', 'firewall', 'network', 'selinux', 'ssh', 'system', 'user'];

// Published configure priorities (shared spec modules.md); [low, high] inclusive.
const PUBLISHED: Record<string, [number, number]> = {
  selinux: [0, 40],
  firewall: [41, 41],
  datetime: [50, 50],
  network: [50, 50],
  user: [50, 70],
  ssh: [70, 70],
  authentication: [90, 90],
};

const top = resolve(import.meta.dirname, '../..');
let copies: string;

beforeAll(async () => {
  // The bundles under test are the real build output; build first (a failure of some other
  // bundle must not hide ours, so the exit status is not checked here: each test checks its file).
  await execa('npx', ['--no-install', 'tsx', 'scripts/build.ts'], { cwd: top, reject: false, timeout: 240_000 });
  // Run copies outside the repository: there, no package.json "type" field applies, as on a guest.
  copies = mkdtempSync(join(tmpdir(), 'ovm-contract-'));
}, 300_000);
afterAll(() => rmSync(copies, { recursive: true, force: true }));

const declared = (decl: ModuleDeclaration): Target[] => TARGETS.filter((t) => decl.priorities[t] !== undefined);
const allDescriptors = (): [string, Target, Descriptor][] =>
  MODULES.flatMap((m) => declared(m).flatMap((t) => (m.parameters[t] ?? []).map((d): [string, Target, Descriptor] => [m.name, t, d])));

describe('the registry', () => {
  it('holds exactly the expected modules, sorted, each once', () => {
    const names = MODULES.map((m) => m.name);
    expect(names).toEqual(EXPECTED);
    expect([...names].sort()).toEqual(names);
  });
});

describe.each(MODULES.map((m) => [m.name, m] as const))('%s', (name, decl) => {
  it('has header data: a plain name, a description, priorities 00-99 on known targets', () => {
    expect(name).toMatch(/^[a-z][a-z0-9-]*$/);
    expect(decl.description.trim().length).toBeGreaterThan(10);
    expect(declared(decl).length).toBeGreaterThan(0);
    for (const [target, priority] of Object.entries(decl.priorities)) {
      expect(TARGETS).toContain(target);
      expect(Number.isInteger(priority) && priority! >= 0 && priority! <= 99).toBe(true);
    }
    if (PUBLISHED[name]) {
      const [low, high] = PUBLISHED[name]!;
      expect(decl.priorities.configure).toBeGreaterThanOrEqual(low);
      expect(decl.priorities.configure).toBeLessThanOrEqual(high);
    }
  });

  it('has a handler for every target with a priority, and nothing for the others', () => {
    expect(Object.keys(decl.handlers).sort()).toEqual([...declared(decl)].sort());
    for (const target of Object.keys(decl.parameters)) expect(declared(decl)).toContain(target);
    for (const target of declared(decl)) expect(typeof decl.handlers[target]).toBe('function');
  });

  it('declares descriptors that match the runner schema, with unique keys, known formats and valid references', () => {
    for (const target of declared(decl)) {
      const list = decl.parameters[target] ?? [];
      const checked = checkDescriptors(JSON.parse(JSON.stringify(list)));
      expect(checked.ok ? '' : checked.error, `${name} ${target}`).toBe('');
      const keys = list.map((d) => d.key);
      expect(new Set(keys).size, `${name} ${target} duplicate keys`).toBe(keys.length);
      for (const d of list) {
        expect(d.key).toMatch(/^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/);
        if (d.format !== undefined) expect(Object.keys(FORMATS), `${d.key} format`).toContain(d.format);
        if (d.depends) expect(descriptorFor(list, d.depends), `${d.key} depends on ${d.depends}`).toBeDefined();
        if (d.requires) expect(descriptorFor(list, d.requires[0]), `${d.key} requires ${d.requires[0]}`).toBeDefined();
        if (d.choices) expect(d.choices.length).toBeGreaterThan(0);
      }
    }
  });

  it('lists as multi-line only keys it declares', () => {
    const keys = declared(decl).flatMap((t) => (decl.parameters[t] ?? []).map((d) => d.key));
    for (const key of decl.multiline ?? []) expect(keys, `${name} multiline ${key}`).toContain(key);
  });

  it('bundles to dist/modules/<name>: the header reads back, --enumerate prints the declaration, --help works', async () => {
    const bundle = join(top, 'dist/modules', name);
    expect(existsSync(bundle), `${bundle} was not built`).toBe(true);
    const text = readFileSync(bundle, 'utf8');
    expect(text).toContain(renderHeaderBlock(decl));
    const parsed = parseHeader(text);
    expect(parsed.ok ? parsed.header : parsed.errors).toEqual({
      name,
      description: decl.description.replace(/\s+/g, ' ').trim(),
      priorities: decl.priorities,
      dryRun: true,
    });
    const copy = join(copies, name);
    copyFileSync(bundle, copy);
    for (const target of declared(decl)) {
      const r = await execa(copy, [target, '--enumerate'], { reject: false, timeout: 60_000, env: { OVM_TEMPLATE_ROOT: '/nonexistent' } });
      expect(r.stderr).toBe('');
      expect(r.exitCode).toBe(0);
      expect(JSON.parse(String(r.stdout))).toEqual(JSON.parse(JSON.stringify(decl.parameters[target] ?? [])));
    }
    const help = await execa(copy, ['--help'], { reject: false, timeout: 60_000 });
    expect(help.exitCode).toBe(0);
    expect(String(help.stdout)).toContain(`${name}: `);
  });
});

describe('secrets across modules', () => {
  it('a key is flagged password everywhere it is declared, or nowhere', () => {
    const flags = new Map<string, Set<boolean>>();
    for (const [, , d] of allDescriptors()) {
      const base = d.key.replace(/\.[0-9]+$/, '');
      flags.set(base, (flags.get(base) ?? new Set()).add(d.password === true));
    }
    for (const [key, seen] of flags) expect(seen.size, `${key} is a password in one place only`).toBe(1);
  });

  it('every key named like a password is flagged password, and no password key offers choices', () => {
    for (const [mod, target, d] of allDescriptors()) {
      if (/(^|[.-])password([.-]|$)/.test(d.key)) expect(d.password, `${mod} ${target} ${d.key}`).toBe(true);
      if (d.password) expect(d.choices, `${d.key} would echo secrets as choices`).toBeUndefined();
    }
  });
});
