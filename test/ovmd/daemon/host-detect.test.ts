// Host detection and its settings: which signs in xenstore turn the XAPI report on, and how
// /etc/sysconfig/ovmd forces each side (defaults: both inputs on, the report automatic).
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeHost, xapiReportOn } from '../../../ovmd/daemon/host-detect.js';
import { ovmdPaths } from '../../../ovmd/daemon/paths.js';
import { loadSettings } from '../../../ovmd/daemon/settings.js';

describe('host detection', () => {
  it('auto reports on XAPI, on plain xl, and not on an Oracle VM host alone', () => {
    expect(xapiReportOn('auto', { oracle: false, xapi: true })).toBe(true);
    expect(xapiReportOn('auto', { oracle: false, xapi: false })).toBe(true);
    expect(xapiReportOn('auto', { oracle: true, xapi: false })).toBe(false);
    expect(xapiReportOn('auto', { oracle: true, xapi: true })).toBe(true);
    expect(xapiReportOn('no', { oracle: false, xapi: true })).toBe(false);
    expect(xapiReportOn('yes', { oracle: true, xapi: false })).toBe(true);
    expect(describeHost({ oracle: true, xapi: true })).toMatch(/both/);
  });

  it('reads the switches from /etc/sysconfig/ovmd, with the documented defaults', () => {
    const root = mkdtempSync(join(tmpdir(), 'ovm-hostdetect-'));
    try {
      mkdirSync(join(root, 'etc/sysconfig'), { recursive: true });
      const paths = ovmdPaths(root);
      expect(loadSettings(paths)).toMatchObject({ oracleChannel: true, xapiVmData: true, xapiReport: 'auto', xapiMemoryPeriod: 60 });
      writeFileSync(paths.sysconfigOvmd, 'ORACLE_CHANNEL=no\nXAPI_VM_DATA=no\nXAPI_REPORT=yes\nXAPI_MEMORY_PERIOD=5\n');
      expect(loadSettings(paths)).toMatchObject({ oracleChannel: false, xapiVmData: false, xapiReport: 'yes', xapiMemoryPeriod: 5 });
      writeFileSync(paths.sysconfigOvmd, 'XAPI_REPORT=off\nXAPI_MEMORY_PERIOD=-3\n');
      expect(loadSettings(paths)).toMatchObject({ xapiReport: 'no', xapiMemoryPeriod: 60 });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
