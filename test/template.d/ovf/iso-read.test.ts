// Reading ovf-env.xml out of real ISO images built with xorriso, finding the image among
// device nodes, and the source's errors. Discovery runs against a scratch "dev" directory whose
// entries are real images and links, exactly what it reads on a guest.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { candidateDevices, findEnvironment } from '../../../template.d/ovf/discover.js';
import { looksLikeIso, pickEnvName, readEnvFromIso, unquoteName } from '../../../template.d/ovf/iso-read.js';
import { ovfIsoSource } from '../../../template.d/ovf/ovf-source.js';
import { ParamInputError } from '../../../template.d/params/sources.js';
import { cleanupIsos, makeIso, oracleEnvironment, scratchDir } from './iso-fixture.js';

afterAll(cleanupIsos);

const ENV = oracleEnvironment({ 'network.hostname': 'iso.example.com' });
const CONTEXT = { target: 'configure' as const, modules: [], params: {}, secretKeys: [] };

async function readError(source: ReturnType<typeof ovfIsoSource>): Promise<string> {
  const error = await source.read(CONTEXT).then(() => undefined, (e: Error) => e);
  expect(error).toBeInstanceOf(ParamInputError);
  return error!.message;
}

describe('reading an ISO image', () => {
  it('returns the file of a Rock Ridge image and of a plain ISO 9660 one', async () => {
    expect(await readEnvFromIso(makeIso({ 'ovf-env.xml': ENV }))).toBe(ENV);
    expect(await readEnvFromIso(makeIso({ 'ovf-env.xml': ENV }, { rockRidge: false }))).toBe(ENV);
  });

  it('finds the file when the image spells its name differently', async () => {
    expect(await readEnvFromIso(makeIso({ 'OVF-ENV.XML': ENV }))).toBe(ENV);
    expect(await readEnvFromIso(makeIso({ 'ovf_env.xml': ENV, 'other.xml': '<x/>' }))).toBe(ENV);
  });

  it('finds the name whatever case and version suffix the image kept', () => {
    expect(pickEnvName("'README'\n'OVF-ENV.XML;1'\n")).toBe('OVF-ENV.XML;1');
    expect(pickEnvName("'ovf_env.xml'\n")).toBe('ovf_env.xml');
    expect(pickEnvName("'other.xml'\n")).toBeUndefined();
    expect(unquoteName(`'it'"'"'s a file'`)).toBe("it's a file");
  });

  it('tells an ISO image from anything else by its volume descriptor', () => {
    const dir = scratchDir();
    writeFileSync(join(dir, 'text'), 'not an image');
    expect(looksLikeIso(makeIso({ 'x.txt': 'x' }))).toBe(true);
    expect(looksLikeIso(join(dir, 'text'))).toBe(false);
    expect(looksLikeIso(join(dir, 'missing'))).toBe(false);
  });

  it('says clearly when the image has no ovf-env.xml, is not an image, or does not exist', async () => {
    const dir = scratchDir();
    writeFileSync(join(dir, 'fake.iso'), 'x'.repeat(40_000));
    expect(await readError(ovfIsoSource({ path: makeIso({ 'readme.txt': 'hi' }) }))).toMatch(/has no ovf-env\.xml in its top directory/);
    expect(await readError(ovfIsoSource({ path: join(dir, 'fake.iso') }))).toMatch(/fake\.iso is not an ISO 9660 image/);
    expect(await readError(ovfIsoSource({ path: join(dir, 'nope.iso') }))).toMatch(/nope\.iso does not exist/);
  });

  it('names the image when its ovf-env.xml is malformed', async () => {
    const iso = makeIso({ 'ovf-env.xml': '<Environment><PropertySection>' });
    const message = await readError(ovfIsoSource({ path: iso }));
    expect(message).toContain(`--ovf-transport-iso: the ovf-env.xml in ${iso} is not well-formed XML`);
  });

  it('reports the keys the environment flags ovf:password="true" once it has been read', async () => {
    const env = oracleEnvironment({ 'network.hostname': 'iso.example.com', 'app-token': 'tok-123' }, ['app-token']);
    const source = ovfIsoSource({ path: makeIso({ 'ovf-env.xml': env }) });
    expect(source.secretKeys!()).toEqual([]);
    await source.read(CONTEXT);
    expect(source.secretKeys!()).toEqual(['com.oracle.linux.app-token']);
  });

  it('reads a mounted image from its directory, with the name as Linux shows a plain ISO 9660 one', async () => {
    const dir = scratchDir();
    writeFileSync(join(dir, 'ovf-env.xml'), ENV);
    expect(await ovfIsoSource({ path: dir }).read(CONTEXT)).toEqual({ 'com.oracle.linux.network.hostname': 'iso.example.com' });
    const plain = scratchDir();
    writeFileSync(join(plain, 'readme.txt'), 'x');
    writeFileSync(join(plain, 'ovf_env.xml'), ENV);
    expect(await ovfIsoSource({ path: plain }).read(CONTEXT)).toEqual({ 'com.oracle.linux.network.hostname': 'iso.example.com' });
    expect(await readError(ovfIsoSource({ path: scratchDir() }))).toMatch(/is a directory without a readable ovf-env\.xml/);
  });
});

describe('finding the attached image', () => {
  it('tries CD-ROM drives first, then virtual disks, each real device once', () => {
    const dev = scratchDir();
    for (const name of ['xvda', 'xvda1', 'sr1', 'sr0', 'tty0', 'vdb', 'sr10', 'sr2']) writeFileSync(join(dev, name), '');
    symlinkSync('sr0', join(dev, 'cdrom'));
    symlinkSync('missing', join(dev, 'dvd'));
    expect(candidateDevices(dev).map((p) => p.slice(dev.length + 1))).toEqual(['cdrom', 'sr1', 'sr2', 'sr10', 'xvda', 'vdb']);
  });

  it('skips devices without an image or without the file and reads the first that has it', async () => {
    const dev = scratchDir();
    mkdirSync(join(dev, 'sub'));
    writeFileSync(join(dev, 'sr0'), 'x'.repeat(40_000));
    symlinkSync(makeIso({ 'data.bin': 'data' }), join(dev, 'sr1'));
    symlinkSync(makeIso({ 'ovf-env.xml': ENV }), join(dev, 'xvdd'));
    const found = await findEnvironment(dev);
    expect(found.device).toBe(join(dev, 'xvdd'));
    expect(found.text).toBe(ENV);
    expect(await ovfIsoSource({ devDir: dev }).read(CONTEXT)).toEqual({ 'com.oracle.linux.network.hostname': 'iso.example.com' });
  });

  it('lists what it looked at when nothing carries an environment', async () => {
    const dev = scratchDir();
    writeFileSync(join(dev, 'sr0'), 'x');
    mkdirSync(join(dev, 'sr1'));
    const message = await readError(ovfIsoSource({ devDir: dev }));
    expect(message).toMatch(/no attached ISO with an ovf-env\.xml was found \(looked at .*sr0: no ISO image; .*sr1: cannot be read \(EISDIR\)\)/);
    expect(message).toMatch(/--ovf-transport-iso=PATH/);
    expect(await readError(ovfIsoSource({ devDir: scratchDir() }))).toMatch(/no CD-ROM or virtual disk device/);
  });
});
