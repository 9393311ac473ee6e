// The time zone: checks that the name is safe and that the zone exists under the root being
// configured, then points /etc/localtime at it the family's way (a copy on el6, a symlink on
// systemd families) and records it in el6's /etc/sysconfig/clock.
import { checkFormat } from '../../template.d/params/formats.js';
import { InputError, type Change, type ModuleContext } from '../lib/types.js';
import { setClockVars } from './clock-files.js';
import type { FileEdits } from './file-edits.js';
import { LOCALTIME_PATH as LOCALTIME, ZONEINFO, type TimeFamily } from './time-family.js';

// tzfile(5): every compiled zone file starts with the four bytes "TZif".
const TZIF_MAGIC = 'TZif';

/** Why: a zone name becomes a path and a config value; refuse it before it is either. */
export function zoneFile(ctx: ModuleContext, key: string, zone: string): Buffer {
  const problem = checkFormat('timezone', zone);
  if (problem !== undefined) throw new InputError(key, problem);
  const path = `${ZONEINFO}/${zone}`;
  const stat = ctx.files.stat(path);
  const data = stat === undefined || stat.isDirectory ? undefined : ctx.files.readBuffer(path);
  if (data === undefined) {
    throw new InputError(key, `"${zone}" is not a time zone under ${ctx.root}: there is no file ${path} (use a name like America/New_York)`);
  }
  if (data.subarray(0, 4).toString('latin1') !== TZIF_MAGIC) {
    throw new InputError(key, `${path} is not a compiled time zone file (no TZif header)`);
  }
  return data;
}

/**
 * Why: the `timezone` key's whole effect: the /etc/localtime change (none when it is already
 * right) and the ZONE= edit queued on `edits`.
 */
export function zoneChanges(ctx: ModuleContext, edits: FileEdits, key: string, zone: string, family: TimeFamily): Change[] {
  const data = zoneFile(ctx, key, zone);
  const why = `${key}=${zone}`;
  const changes: Change[] = [];
  if (family.localtime === 'symlink') {
    // systemd's timedated writes this relative form; localtime(5) accepts any link into zoneinfo.
    const target = `..${ZONEINFO}/${zone}`;
    if (ctx.files.readlink(LOCALTIME) !== target) changes.push({ kind: 'symlink', path: LOCALTIME, target, why });
  } else {
    const isLink = ctx.files.stat(LOCALTIME)?.isSymlink === true;
    const current = isLink ? undefined : ctx.files.readBuffer(LOCALTIME);
    // A write follows a final link: drop a link first, or the zone file it points at is overwritten.
    if (isLink) changes.push({ kind: 'remove', path: LOCALTIME, why: `${why} (replace the link with a copy)` });
    if (current === undefined || !current.equals(data)) {
      changes.push({ kind: 'write', path: LOCALTIME, content: data, mode: 0o644, why });
    }
  }
  if (family.clock.style === 'sysconfig') {
    edits.edit(family.clock.path, (text) => setClockVars(text, { ZONE: zone }), why);
  }
  return changes;
}
