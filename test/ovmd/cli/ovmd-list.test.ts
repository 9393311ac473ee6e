// ovmd -l and the key-name rule, without a daemon: the listing reads back through the --stdin
// reader as exactly the stored set, and a key an older version stored against the rule is listed
// escaped, named on standard error, refused when read back, and can still be removed with -r.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteParam, listParams, type ActionContext } from '../../../ovmd/cli/ovmd-actions.js';
import { ensurePrivateDir } from '../../../ovmd/daemon/atomic-file.js';
import { fileNameFor, ParamStore } from '../../../ovmd/daemon/param-store.js';
import { ovmdPaths } from '../../../ovmd/daemon/paths.js';
import { liveParamsDir } from '../../../ovmd/daemon/seal.js';
import { parseParamText } from '../../../template.d/params/sources.js';
import { SMUGGLER } from '../../template.d/params/bad-keys.js';

let root: string;
let ctx: ActionContext;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'ovmd-list-'));
  ctx = { paths: ovmdPaths(root), engine: undefined as never, env: {} };
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('ovmd -l', () => {
  it('reads back through ovm-template-config --stdin as the same set', async () => {
    const store = new ParamStore(ctx.paths, () => false);
    const values = {
      'com.example.lines': 'one\ntwo\r\n', 'com.example.blanks': ' x ', 'com.example.quote': '"', '#com.example.hash': '#',
      'com.example.eq': '=a=', 'com.example.bidi': 'a\u202eb', 'com.example.empty': '', 'com.example.json': '{"a": 1}',
    };
    for (const [key, value] of Object.entries(values)) store.set(key, value);
    expect(parseParamText(await listParams(ctx, false), 'stdin')).toEqual(values);
  });

  it('lists a key stored against the rule escaped, names it, and -r still removes it', async () => {
    const dir = liveParamsDir(ctx.paths);
    ensurePrivateDir(dir);
    // As an older version would have stored it (the store refuses it now).
    writeFileSync(join(dir, fileNameFor(SMUGGLER)), JSON.stringify({ key: SMUGGLER, value: 'v' }), { mode: 0o600 });
    const notes: string[] = [];
    const listed = await listParams(ctx, false, (line) => void notes.push(line));
    expect(listed).toBe('"com.acme.a\\ncom.oracle.linux.root-password=x"=v\n');
    expect(notes.join('')).toMatch(/^ovmd: a stored key "com\.acme\.a\\ncom\.oracle\.linux\.root-password=…" contains a control character .*remove it with ovmd -r\)\n$/);
    expect(() => parseParamText(listed, 'stdin')).toThrow(/line 1: key "com\.acme\.a\\ncom/);
    await expect(deleteParam(ctx, SMUGGLER)).resolves.toBe('');
    expect(await listParams(ctx, false)).toBe('');
    await expect(deleteParam(ctx, SMUGGLER)).rejects.toThrow(/contains a control character .*nothing was removed/);
  });
});
