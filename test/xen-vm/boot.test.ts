// The serial console's reading: outputs and exit codes between markers, and a one-line account
// of a boot that never finished (a CI log keeps only its tail).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cpuSeconds, explainFailure, hostShare, parseSerial } from './boot.js';

const FINISHED = ['@@DOM0-UP', '@@DOM0-BEGIN', 'hello from dom0', '(XEN) noise', '@@DOM0-EXIT 0', '@@GUEST-LOG-BEGIN', '@@GUEST-BEGIN', 'guest says hi', '@@GUEST-EXIT 3', '@@GUEST-LOG-END', '@@HARNESS-DONE guest_rc=3 dom0_rc=0'].join('\r\n');

describe('parseSerial', () => {
  it('gives each side its lines and exit code, without Xen\'s lines', () => {
    const r = parseSerial(FINISHED);
    expect(r).toEqual({ guest: { out: 'guest says hi', rc: 3 }, dom0: { out: 'hello from dom0', rc: 0 }, failure: undefined });
  });

  it('reports a boot without the closing marker as a failure with no exit codes', () => {
    const r = parseSerial('@@DOM0-UP\n@@DOM0-BEGIN\nxl: stuck\n');
    expect(r.failure).toMatch(/no @@HARNESS-DONE/);
    expect(r.dom0.rc).toBeNull();
  });
});

describe('explainFailure', () => {
  it('says how QEMU ended, the last marker reached and the console\'s last lines', () => {
    const text = '@@DOM0-UP\r\n@@DOM0-BEGIN\r\nline a\r\n\r\nline b\r\nxl: libxl: error: hotplug timed out\r\n';
    const why = explainFailure(text, { 'DOM0-UP': 11_900, 'DOM0-BEGIN': 38_400 }, 'QEMU stopped at its 420 s limit');
    expect(why).toBe('no @@HARNESS-DONE marker: QEMU stopped at its 420 s limit; last marker @@DOM0-BEGIN at 38 s; console ended with: line a | line b | xl: libxl: error: hotplug timed out');
  });

  it('says so when no marker appeared at all', () => {
    expect(explainFailure('(XEN) panic\n', {}, 'QEMU ended by itself after 9 s')).toMatch(/QEMU ended by itself after 9 s; no marker at all; console ended with: \(XEN\) panic$/);
  });
});

describe('cpuSeconds and hostShare', () => {
  it('reads user plus system time from a stat line whose command name has blanks and parentheses', () => {
    const proc = mkdtempSync(join(tmpdir(), 'proc-'));
    try {
      mkdirSync(join(proc, '42'));
      // Fields 14 and 15 (utime, stime) are 12345 and 655 ticks: 130 s at 100 ticks a second.
      writeFileSync(join(proc, '42', 'stat'), '42 (qemu (x) 1) S 1 42 42 0 -1 4194560 100 0 0 0 12345 655 0 0 20 0 3 0 1000 0 0\n');
      expect(cpuSeconds(42, proc)).toBe(130);
      expect(cpuSeconds(43, proc)).toBeNull();
    } finally {
      rmSync(proc, { recursive: true, force: true });
    }
  });

  it('reads this very process, which has used some CPU', () => {
    expect(cpuSeconds(process.pid)).toBeGreaterThan(0);
  });

  it('says what QEMU got and how loaded the host was', () => {
    expect(hostShare(151.6, [5.25, 4, 3.04])).toBe('QEMU had 152 s of CPU; host load 5.3 4.0 3.0');
    expect(hostShare(null, [0, 0, 0])).toBe('QEMU CPU time unknown; host load 0.0 0.0 0.0');
  });
});
