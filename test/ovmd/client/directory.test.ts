// The DIRECTORY_PART loop against a scripted server (the real daemons are covered in the dom0
// suites; what they cannot do on demand is change a node between two slices, or lack the op).
import { describe, expect, it } from 'vitest';
import { listChildren } from '../../../ovmd/client/directory.js';
import type { Request } from '../../../ovmd/client/session.js';
import { Op, XenstoreError } from '../../../ovmd/protocol/index.js';

type Reply = Buffer | XenstoreError;

/** A Send that answers from a list, recording what it was asked. */
function scripted(replies: Reply[]) {
  const asked: string[] = [];
  const send = async (req: Request): Promise<Buffer> => {
    asked.push(`${req.type === Op.DIRECTORY ? 'DIRECTORY' : 'PART'}${req.txId ? ` tx${req.txId}` : ''} ${req.payload.toString('latin1').replace(/\0/g, '|')}`);
    const next = replies.shift();
    if (next === undefined) throw new Error('unexpected request');
    if (next instanceof XenstoreError) throw next;
    return next;
  };
  return { send, asked };
}

const e2big = () => new XenstoreError('E2BIG', 'DIRECTORY', '/big');

describe('listChildren', () => {
  it('uses one DIRECTORY when the list fits', async () => {
    const s = scripted([Buffer.from('a\0b\0')]);
    expect(await listChildren(s.send, 0, '/d')).toEqual(['a', 'b']);
    expect(s.asked).toEqual(['DIRECTORY /d|']);
  });

  it('on E2BIG reads slices at the byte offsets of what came before, in the same transaction', async () => {
    // Slices end on whole names (C xenstored 4.17, observed); the next offset counts every byte so far.
    const s = scripted([e2big(), Buffer.from('9\0alpha\0beta\0'), Buffer.from('9\0gamma\0\0')]);
    expect(await listChildren(s.send, 5, '/big')).toEqual(['alpha', 'beta', 'gamma']);
    expect(s.asked).toEqual(['DIRECTORY tx5 /big|', 'PART tx5 /big|0|', 'PART tx5 /big|11|']);
  });

  it('starts over when the generation changes between slices', async () => {
    const s = scripted([e2big(), Buffer.from('9\0a\0'), Buffer.from('10\0b\0\0'), Buffer.from('10\0a\0b\0c\0\0')]);
    expect(await listChildren(s.send, 0, '/big')).toEqual(['a', 'b', 'c']);
    expect(s.asked.slice(1)).toEqual(['PART /big|0|', 'PART /big|2|', 'PART /big|0|']);
  });

  it('gives up with EAGAIN when the node keeps changing', async () => {
    const flapping: Reply[] = [e2big()];
    for (let i = 0; i < 8; i++) flapping.push(Buffer.from(`${2 * i}\0a\0`), Buffer.from(`${2 * i + 1}\0b\0\0`));
    const err = await listChildren(scripted(flapping).send, 0, '/big').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'EAGAIN', op: 'DIRECTORY_PART', path: '/big' });
    expect(String(err)).toMatch(/changed while it was read/);
  });

  it('explains an E2BIG that a server without DIRECTORY_PART cannot get round', async () => {
    const err = await listChildren(scripted([e2big(), new XenstoreError('ENOSYS', 'DIRECTORY_PART', '/big')]).send, 0, '/big')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(XenstoreError);
    expect(err).toMatchObject({ code: 'E2BIG', op: 'DIRECTORY', path: '/big' });
    expect(String(err)).toMatch(/does not support DIRECTORY_PART; keep fewer children/);
  });

  it('passes other refusals through untouched', async () => {
    const err = await listChildren(scripted([new XenstoreError('ENOENT', 'DIRECTORY', '/x')]).send, 0, '/x').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ENOENT', op: 'DIRECTORY' });
  });
});
