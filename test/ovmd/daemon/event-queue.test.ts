import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventQueue } from '../../../ovmd/daemon/event-queue.js';
import { ovmdPaths } from '../../../ovmd/daemon/paths.js';

let root: string;
beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'ovmd-events-'))));
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('event queue', () => {
  it('recognises a message read again (queued or already handled) until the numbering restarts', () => {
    const q = new EventQueue(ovmdPaths(root));
    expect(q.push({ n: 4, value: 'cleanup' })).toBe(true);
    expect(q.push({ n: 4, value: 'cleanup' })).toBe(false); // re-read before it ran
    expect(q.push({ n: 5, value: 'cleanup' })).toBe(true); // a new message with the same event
    q.shift();
    expect(q.push({ n: 4, value: 'cleanup' })).toBe(false); // re-read after it ran
    expect(new EventQueue(ovmdPaths(root)).all()).toEqual([{ n: 5, value: 'cleanup' }]); // durable
    q.forgetHandled();
    expect(q.push({ n: 4, value: 'cleanup' })).toBe(true); // after a resume, 4 is a new message
  });
});
