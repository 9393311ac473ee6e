// The host end of vm-data under both real xenstore daemons: writeVmData gives vm-data to the
// guest and the keys inherit that owner, so the guest can delete a secret; a batch with a bad
// key writes nothing. Under oxenstored (XCP-ng's daemon) the access log keeps every written
// value, which docs/xapi.md reports as what stays visible on dom0.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type XenstoreClient } from '../../../ovmd/client/index.js';
import { writeVmData } from '../../../ovmd/xapi/vm-data.js';
import { startGuest, startXenstored, type Flavour, type Xenstored } from '../../xenstored/testbed.js';

const DOMID = 15;
const HOME = `/local/domain/${DOMID}`;

describe.each<Flavour>(['c', 'oxenstored'])('vm-data host side (%s)', (flavour) => {
  let xsd: Xenstored;
  let host: XenstoreClient;
  let guest: XenstoreClient;
  beforeAll(async () => {
    xsd = await startXenstored({ flavour });
    const g = await startGuest(xsd, DOMID);
    host = await connect({ endpoint: xsd.socket });
    guest = await connect({ endpoint: g.socket });
  });
  afterAll(async () => {
    await guest?.close();
    await host?.close();
    await xsd?.stop();
  });

  it('refuses a batch with an unmappable key and writes nothing', async () => {
    await expect(writeVmData(host, DOMID, [{ key: 'ok.key', value: '1' }, { key: 'bad:key', value: '2' }])).rejects.toThrow(/"bad:key" cannot be sent as vm-data/);
    await expect(host.read(`${HOME}/vm-data`)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('writes the keys owned by the guest, which may then delete them', async () => {
    const paths = await writeVmData(host, DOMID, [{ key: 'com.oracle.linux.root-password', value: 'ACCESS-LOG-CANARY' }, { key: 'com.example.plain', value: 'p' }]);
    expect(paths).toEqual([`${HOME}/vm-data/com/oracle/linux/root-password`, `${HOME}/vm-data/com/example/plain`]);
    expect(await host.getPerms(paths[0]!)).toEqual([`n${DOMID}`]);
    expect((await guest.read('vm-data/com/oracle/linux/root-password')).toString()).toBe('ACCESS-LOG-CANARY');
    await guest.rm('vm-data/com/oracle/linux/root-password');
    await expect(host.read(paths[0]!)).rejects.toMatchObject({ code: 'ENOENT' });
    const ls = (await execa('xenstore-ls', ['-f', `${HOME}/vm-data`], { env: xsd.env })).stdout;
    expect(ls).toContain(`${HOME}/vm-data/com/example/plain = "p"`);
    expect(ls).not.toContain('ACCESS-LOG-CANARY');
  });

  it(flavour === 'oxenstored' ? 'oxenstored\'s access log keeps the written value' : 'the C xenstored logs no value', () => {
    const log = flavour === 'oxenstored' ? readFileSync(join(xsd.dir, 'access.log'), 'utf8') : readFileSync(join(xsd.dir, 'xenstored.log'), 'utf8');
    if (flavour === 'oxenstored') expect(log).toMatch(/write +\/local\/domain\/15\/vm-data\/com\/oracle\/linux\/root-password ACCESS-LOG-CANARY/);
    else expect(log).not.toContain('ACCESS-LOG-CANARY');
  });
});
