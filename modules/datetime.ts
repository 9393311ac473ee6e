// The datetime module: time zone, hardware clock mode, time service and its sources, and a
// one-off setting of the clock. Keys and priority are Oracle's (shared spec modules.md,
// "datetime — configure: 50"); what each key does per family is in datetime/time-family.ts.
import { checkFormat, splitList } from '../template.d/params/formats.js';
import { InputError, type Change, type Descriptor, type ModuleContext, type ModuleDeclaration, type Outcome, type Params } from './lib/types.js';
import { clockSetChanges } from './datetime/clock-set.js';
import { setAdjtimeMode, setClockVars } from './datetime/clock-files.js';
import { FileEdits } from './datetime/file-edits.js';
import { timeFamily, type TimeFamily } from './datetime/time-family.js';
import { restartIfRunning, timeServiceChanges } from './datetime/time-service.js';
import { zoneChanges } from './datetime/zone.js';

const P = 'com.oracle.linux.datetime.';
/** Why: Oracle's key names, written once; tests and the handler use the same strings. */
export const KEYS = {
  datetime: `${P}datetime`,
  timezone: `${P}timezone`,
  utc: `${P}utc`,
  ntp: `${P}ntp`,
  servers: `${P}ntp-servers`,
  local: `${P}ntp-local-time-source`,
} as const;

const PARAMETERS: Descriptor[] = [
  { key: KEYS.datetime, description: 'Date and time to set the clock to, as year-month-day-hour-minute-second, e.g. 2011-4-7-9-2-42', hidden: true, format: 'datetime' },
  { key: KEYS.timezone, description: 'Time zone name from the zoneinfo database, e.g. America/New_York', hidden: true, format: 'timezone' },
  { key: KEYS.utc, description: 'Keep the hardware clock in UTC (True) or in local time (False)', hidden: true, format: 'bool' },
  { key: KEYS.ntp, description: 'Turn the NTP time service on (True) or off (False)', hidden: true, format: 'bool' },
  { key: KEYS.servers, description: 'NTP servers to use, comma-separated, e.g. time.example.com,0.example.pool.ntp.org', hidden: true, format: 'ntp-server-list' },
  { key: KEYS.local, description: 'Fall back to the local clock when no NTP server answers (True or False)', hidden: true, format: 'bool' },
];

/** A key's value, checked against its declared format (again: the handler trusts no caller). */
function value(params: Params, key: string): string | undefined {
  const raw = params[key];
  if (raw === undefined) return undefined;
  const format = PARAMETERS.find((d) => d.key === key)?.format;
  const problem = format === undefined ? undefined : checkFormat(format, raw);
  if (problem !== undefined) throw new InputError(key, problem);
  return raw;
}

function flag(params: Params, key: string): boolean | undefined {
  const raw = value(params, key);
  return raw === undefined ? undefined : raw === 'True';
}

/** Why: every change the six keys ask for, in the order they must happen; throws before any. */
function configure(ctx: ModuleContext, params: Params): Outcome {
  const family = timeFamily(ctx.family);
  const zone = value(params, KEYS.timezone);
  const when = value(params, KEYS.datetime);
  const [utc, ntp, local] = [flag(params, KEYS.utc), flag(params, KEYS.ntp), flag(params, KEYS.local)];
  const servers = value(params, KEYS.servers);
  const edits = new FileEdits(ctx.files);
  const changes: Change[] = [];
  if (zone !== undefined) changes.push(...zoneChanges(ctx, edits, KEYS.timezone, zone, family));
  if (utc !== undefined) clockMode(edits, family.clock, utc);
  const conf = family.config;
  if (servers !== undefined) edits.edit(conf.path, (t) => conf.setServers(t ?? '', splitList(servers)), `${KEYS.servers}=${servers}`);
  if (local !== undefined) edits.edit(conf.path, (t) => conf.setLocalSource(t ?? '', local), `${KEYS.local}=${local ? 'True' : 'False'}`);
  const clock = when === undefined ? [] : clockSetChanges(KEYS.datetime, when, utc);
  const service = ntp === undefined ? [] : timeServiceChanges(ctx, KEYS.ntp, family, ntp);
  const restart = edits.changes(conf.path) && ntp !== false ? [restartIfRunning(family, `${conf.path} changed`)] : [];
  // Setting the clock comes last: hwclock cannot reach the hardware clock on some Xen guests, and
  // its failure must not keep the service changes from being applied.
  changes.push(...edits.writes(), ...restart, ...service, ...clock);
  return { changes };
}

function clockMode(edits: FileEdits, clock: TimeFamily['clock'], utc: boolean): void {
  const why = `${KEYS.utc}=${utc ? 'True' : 'False'}`;
  const edit = clock.style === 'adjtime' ? (text?: string) => setAdjtimeMode(text, utc) : (text?: string) => setClockVars(text, { UTC: utc });
  edits.edit(clock.path, edit, why);
}

const datetime: ModuleDeclaration = {
  name: 'datetime',
  description: 'Sets the time zone, the hardware clock mode, the NTP service and its servers, and the clock itself.',
  priorities: { configure: 50 },
  parameters: { configure: PARAMETERS },
  handlers: { configure },
};

export default datetime;
