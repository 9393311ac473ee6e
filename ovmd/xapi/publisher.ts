// Keeps the guest's keys in XAPI's layout equal to a desired map with as few writes as
// possible: it knows what xenstore holds of its keys (read back once after connecting and after
// a resume), writes only values that differ, removes what is no longer wanted, and then bumps
// data/updated. Nothing changed means no request at all.
import { isMissing, tryList, tryReadText, type XsOps } from '../vmapi/xs-port.js';
import { FIXED_KEYS, UPDATED_KEY, VIF_DIR, updatedStamp } from './report-layout.js';

/** Where the publisher says what it could not write. */
export interface PublisherLog {
  warn(message: string): void;
}

/** Writes a desired key map into the guest's home, relative paths. */
export class XapiPublisher {
  /** What xenstore holds of our keys; undefined until read back. */
  private current: Map<string, string> | undefined;
  /** Keys this guest may not write (libxl makes control/ dom0's): tried again only after a resume. */
  private readonly forbidden = new Set<string>();
  /** Requests that changed xenstore (writes and removals), for tests and the benchmark. */
  changes = 0;

  constructor(private readonly log: PublisherLog, private readonly now: () => Date = () => new Date()) {}

  /** Forget what xenstore held (new connection, resume): the next publish reads it back. */
  reset(): void {
    this.current = undefined;
    this.forbidden.clear();
  }

  /** Brings xenstore to `desired`; resolves to how many keys changed (0: nothing was written). */
  async publish(xs: XsOps, desired: Map<string, string>): Promise<number> {
    const current = (this.current ??= await readBack(xs));
    let changed = 0;
    for (const [key, value] of desired) {
      if (current.get(key) === value || this.forbidden.has(key)) continue;
      if (await this.write(xs, key, value)) (current.set(key, value), changed++);
    }
    const goneVifs = new Set<string>();
    for (const key of [...current.keys()]) {
      if (desired.has(key)) continue;
      current.delete(key);
      const vif = vifOf(key);
      if (vif !== undefined && ![...desired.keys()].some((k) => vifOf(k) === vif)) goneVifs.add(vif);
      else await this.remove(xs, key);
      changed++;
    }
    for (const vif of goneVifs) await this.remove(xs, `${VIF_DIR}/${vif}`);
    if (changed > 0) await this.write(xs, UPDATED_KEY, updatedStamp(this.now()));
    return changed;
  }

  private async write(xs: XsOps, key: string, value: string): Promise<boolean> {
    try {
      await xs.write(key, value);
      this.changes++;
      return true;
    } catch (error) {
      if ((error as { code?: string }).code !== 'EACCES') throw error;
      this.forbidden.add(key);
      this.log.warn(`this guest may not write ${key} (the toolstack made its directory read-only); not reported`);
      return false;
    }
  }

  private async remove(xs: XsOps, key: string): Promise<void> {
    try {
      await xs.rm(key);
      this.changes++;
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }
}

function vifOf(key: string): string | undefined {
  return key.startsWith(`${VIF_DIR}/`) ? key.split('/')[2] : undefined;
}

/** Our keys as xenstore holds them now: the fixed ones and every address under attr/vif. */
async function readBack(xs: XsOps): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const fixed = await Promise.all(FIXED_KEYS.map(async (k) => [k, await tryReadText(xs, k)] as const));
  for (const [k, v] of fixed) if (v !== undefined) out.set(k, v);
  for (const vif of await tryList(xs, VIF_DIR)) {
    for (const family of ['ipv4', 'ipv6']) {
      const dir = `${VIF_DIR}/${vif}/${family}`;
      for (const n of await tryList(xs, dir)) {
        const v = await tryReadText(xs, `${dir}/${n}`);
        if (v !== undefined) out.set(`${dir}/${n}`, v);
      }
    }
  }
  return out;
}
