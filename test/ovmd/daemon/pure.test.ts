import { describe, expect, it } from 'vitest';
import { buildCatalog, isSecretKey, missingRequired, triggerReady } from '../../../ovmd/daemon/catalog.js';
import { eventTarget } from '../../../ovmd/daemon/intake.js';
import { maskSecrets } from '../../../ovmd/daemon/log.js';
import { returnedParams, summarise } from '../../../ovmd/daemon/run-summary.js';
import { parseSysconfig, setSysconfigValue } from '../../../ovmd/daemon/sysconfig.js';
import { underRoot } from '../../../ovmd/daemon/paths.js';
import type { EngineReport } from '../../../ovmd/daemon/engine.js';

const PW = 'com.oracle.linux.root-password';
const catalog = buildCatalog([
  { name: 'auth', priority: 90, descriptors: [{ key: PW, required: true, password: true }] },
  { name: 'net', priority: 50, descriptors: [{ key: 'com.oracle.linux.network.hostname' }] },
]);

describe('catalog and trigger', () => {
  it('fires only when every required key is present', () => {
    expect(triggerReady(catalog, { 'com.oracle.linux.network.hostname': 'a' })).toBe(false);
    expect(missingRequired(catalog, {})).toEqual([PW]);
    expect(triggerReady(catalog, { [PW]: 'x' })).toBe(true);
    expect(triggerReady(buildCatalog([]), { [PW]: 'x' })).toBe(false);
  });

  it('treats declared password keys and password-like names as secret', () => {
    expect(isSecretKey(catalog, PW)).toBe(true);
    expect(isSecretKey(undefined, 'com.example.user.password')).toBe(true);
    expect(isSecretKey(catalog, 'com.oracle.linux.network.hostname')).toBe(false);
  });

  it('maps events to targets case-insensitively', () => {
    expect(eventTarget('CleanUp')).toBe('cleanup');
    expect(eventTarget('reboot-now')).toBeUndefined();
  });
});

describe('run summary', () => {
  const report: EngineReport = {
    target: 'configure', status: 'failed', durationMs: 1234.4, errors: [],
    modules: [
      { name: 'net', priority: 50, status: 'ok', durationMs: 10 },
      { name: 'auth', priority: 90, status: 'failed', durationMs: 20, error: 'exited with status 2: bad password s3cr3t-CANARY\nmore' },
    ],
    params: { [PW]: 's3cr3t-CANARY', 'x.applied': 'yes', 'x.leak': 'has s3cr3t-CANARY' },
    changedKeys: ['x.applied', PW], secretKeys: [PW],
  };

  it('reports state, modules and a one-line error with secrets masked', () => {
    const s = summarise(report, '2026-01-01T00:00:00Z', ['s3cr3t-CANARY']);
    expect(s.state).toBe('failed');
    expect(s.modules?.map((m) => m.status)).toEqual(['ok', 'failed']);
    expect(JSON.stringify(s)).not.toContain('s3cr3t-CANARY');
    expect(s.error).toBe('exited with status 2: bad password ***');
  });

  it('masks a short secret in the error only as a whole word, by the shared rule', () => {
    const failed: EngineReport = { ...report, modules: [{ name: 'auth', priority: 90, status: 'failed', durationMs: 1, error: 'password ab rejected: about tab' }] };
    expect(summarise(failed, '2026-01-01T00:00:00Z', ['ab']).error).toBe('password *** rejected: about tab');
  });

  it('returns changed keys except secret ones', () => {
    expect(returnedParams(report, (k) => isSecretKey(catalog, k))).toEqual({ 'x.applied': 'yes' });
  });

  it('leaves out a returned key whose name breaks the key-name rule (a module\'s "a b" or "x\\ny")', () => {
    const odd: EngineReport = { ...report, changedKeys: [...report.changedKeys, 'com.example.a b', 'com.example.x\ny'], params: { ...report.params, 'com.example.a b': '1', 'com.example.x\ny': '2' } };
    expect(returnedParams(odd, (k) => isSecretKey(catalog, k))).toEqual({ 'x.applied': 'yes' });
  });

  it('masks secret values in log lines', () => {
    expect(maskSecrets('pw=abc123 again abc123', ['abc123'])).toBe('pw=*** again ***');
  });
});

describe('sysconfig editing', () => {
  it('flips INITIAL_CONFIG and keeps every other line', () => {
    const text = '# armed by the template\nINITIAL_CONFIG=yes\nOTHER="a b"\nINITIAL_CONFIG=yes\n';
    const out = setSysconfigValue(text, 'INITIAL_CONFIG', 'no');
    expect(out).toBe('# armed by the template\nINITIAL_CONFIG=no\nOTHER="a b"\n');
    expect(parseSysconfig(out)).toEqual({ INITIAL_CONFIG: 'no', OTHER: 'a b' });
    expect(setSysconfigValue('', 'INITIAL_CONFIG', 'no')).toBe('INITIAL_CONFIG=no\n');
  });

  it('keeps guest paths inside the root', () => {
    expect(underRoot('/r', '/var/lib/ovmd')).toBe('/r/var/lib/ovmd');
    expect(() => underRoot('/r', '/../etc')).toThrow(/escapes the root/);
    expect(underRoot('/', '/run/ovmd')).toBe('/run/ovmd');
  });
});
