// The --human-readable layout is compared with CPython's own pprint.pformat, and read back with
// ast.literal_eval, using the system's /usr/bin/python3.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { pformat } from '../../../template.d/render/pprint.js';
import { PyTuple, repr } from '../../../template.d/render/python-repr.js';
import { renderEnumeration } from '../../../template.d/render/enumeration.js';
import type { EnumerationEntry } from '../../../template.d/runner/types.js';

const PYTHON = '/usr/bin/python3';

function python(script: string, input: string): string {
  return execFileSync(PYTHON, ['-c', script], { input, encoding: 'utf8' });
}

const entries: EnumerationEntry[] = [
  {
    priority: 50,
    name: 'network',
    descriptors: [
      {
        key: 'com.oracle.linux.network.hostname',
        description: 'The host name the guest gets at first boot, written to every file that carries it, e.g. myhost.example.com',
      },
      { key: 'com.oracle.linux.network.ipaddr.0', requires: ['com.oracle.linux.network.bootproto.0', ['static', 'none', null]] },
    ],
  },
  { priority: 41, name: 'firewall', descriptors: [{ key: "it's \"quoted\" \\ and\ttabbed\u00e9\u00a0", hidden: true }] },
  { priority: 50, name: 'datetime', descriptors: [] },
];

describe('pformat', () => {
  it('lays out exactly as CPython pprint.pformat does', () => {
    const ours = renderEnumeration(entries, true);
    const json = renderEnumeration(entries, false);
    const theirs = python('import json,sys,pprint; print(pprint.pformat([tuple(e) for e in json.load(sys.stdin)]))', json);
    expect(ours).toBe(theirs);
  });

  it('is read back by ast.literal_eval to the same structure as the JSON form', () => {
    const ours = renderEnumeration(entries, true);
    const check =
      'import ast,json,sys\n' +
      'data = ast.literal_eval(sys.stdin.read())\n' +
      'print(json.dumps([[p, n, d] for (p, n, d) in data], sort_keys=True))';
    const back = JSON.parse(python(check, ours));
    const expected = JSON.parse(renderEnumeration(entries, false));
    expect(back).toEqual(expected);
    expect(back.map((e: unknown[]) => `${e[0]}${e[1]}`)).toEqual(['41firewall', '50datetime', '50network']);
  });

  it('spells Python values: None, True, tuples of one, quotes', () => {
    expect(repr([null, true, false, 7, new PyTuple(['x'])])).toBe("[None, True, False, 7, ('x',)]");
    expect(repr("it's")).toBe('"it\'s"');
    expect(repr('both \' and "')).toBe("'both \\' and \"'");
    expect(pformat({ b: '1', a: '2' })).toBe("{'a': '2', 'b': '1'}");
  });
});
