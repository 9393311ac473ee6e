// The one-shot ovmd actions (-p -g -r -x -l -e -s): each works on the parameter store under
// --root and returns the text to print. Errors are thrown; ovmd.ts renders them.
import { describeRefusal } from '../../template.d/params/refusal.js';
import { isTarget, TARGETS } from '../../template.d/params/descriptor.js';
import { keyNameProblem, showKey } from '../../template.d/params/key-name.js';
import { formatKvLines } from '../../template.d/params/kv-lines.js';
import { connect } from '../client/index.js';
import { loadCatalog } from '../daemon/catalog-cache.js';
import { isSecretKey, type KeyCatalog } from '../daemon/catalog.js';
import { askDaemon } from '../daemon/control-socket.js';
import type { Engine } from '../daemon/engine.js';
import { ParamStore } from '../daemon/param-store.js';
import type { OvmdPaths } from '../daemon/paths.js';
import { markSealed, mirrorCleanup } from '../daemon/seal.js';
import { sendMessage } from '../vmapi/channel.js';
import { FROM_GUEST, GUEST_CHUNK_BYTES } from '../vmapi/layout.js';
import { checkMessage } from '../vmapi/message.js';
import { UsageError } from './parse.js';
import { counted } from '../../template.d/render/plural.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LOG_PATH } from '../../template.d/runner/log-file.js';
import { firstBootArmed } from '../daemon/settings.js';
import { cleanupSummary } from './cleanup-summary.js';

/** What every one-shot action needs: the relocated paths, the engine, the environment. */
export interface ActionContext {
  paths: OvmdPaths;
  engine: Engine;
  env: NodeJS.ProcessEnv;
}

/**
 * The store for reading and removing: those never sort a key into secret or not, so the modules
 * are not asked (without a cached catalog that would start every one of them for a plain -g).
 */
function readingStore(ctx: ActionContext): ParamStore {
  return new ParamStore(ctx.paths, (k) => isSecretKey(undefined, k));
}

/** The store with the modules' catalog, for storing (-p) and running (-s), which need the secret test. */
async function openStore(ctx: ActionContext): Promise<{ store: ParamStore; catalog?: KeyCatalog }> {
  let catalog: KeyCatalog | undefined;
  try {
    catalog = await loadCatalog(ctx.paths, ctx.engine);
  } catch {
    catalog = undefined; // no modules: the name-based secret test still applies
  }
  return { store: new ParamStore(ctx.paths, (k) => isSecretKey(catalog, k)), catalog };
}

/** Splits KEY=VALUE at the first "="; a bare KEY (no "=") has its value read from standard input. */
export function splitAssignment(text: string): { key: string; value?: string } {
  const at = text.indexOf('=');
  // The text is not echoed: after "=" it may be a password.
  if (at === 0 || text === '') throw new UsageError(`--set-param needs KEY=VALUE (or KEY alone to read the value from standard input), got ${text === '' ? 'nothing' : 'no key before "="'}`);
  if (at < 0) return { key: text };
  return { key: text.slice(0, at), value: text.slice(at + 1) };
}

/** Why: "-p KEY" keeps a password out of the process list; one such pair at most, its value on stdin. */
export function fillFromStdin(pairs: { key: string; value?: string }[], readStdin: () => string): { key: string; value: string }[] {
  const bare = pairs.filter((p) => p.value === undefined);
  if (bare.length > 1) throw new UsageError(`only one -p KEY may read its value from standard input (got ${bare.map((p) => p.key).join(', ')})`);
  if (bare.length === 0) return pairs as { key: string; value: string }[];
  const value = readStdin().replace(/\r?\n$/, '');
  return pairs.map((p) => ({ key: p.key, value: p.value ?? value }));
}

/**
 * -p: checks every pair first and stores each. Ordinary keys are then sent to the host, each in
 * its own transaction; a secret key (a module's password key) stays on this guest, so that
 * `ovmd -p root-password=…; ovmd -l | ovm-template-config --stdin …` works without the host.
 */
export async function setParams(ctx: ActionContext, pairs: string[], note: (line: string) => void, readStdin: () => string): Promise<string> {
  const messages = fillFromStdin(pairs.map(splitAssignment), readStdin);
  for (const m of messages) checkMessage(m);
  const { store, catalog } = await openStore(ctx);
  for (const m of messages) store.set(m.key, m.value);
  const outgoing = messages.filter((m) => !isSecretKey(catalog, m.key));
  for (const m of messages) {
    if (!outgoing.includes(m)) note(`ovmd: stored on this guest only: ${m.key} is secret and is never sent to the host\n`);
  }
  return outgoing.length ? sendAll(ctx, outgoing) : '';
}

/** A value stored but not sent is never sent by anyone later: the user must say it again. */
export const NOT_SENT =
  'stored on this guest, but NOT sent to the host, and it will not be sent later (run the same ovmd -p again once xenstore works):';

async function sendAll(ctx: ActionContext, messages: { key: string; value: string }[]): Promise<string> {
  const xs = await connect({ env: ctx.env }).catch((e: Error) => {
    throw new Error(`${NOT_SENT} xenstore cannot be reached (${e.message})`);
  });
  try {
    const lines: string[] = [];
    for (const m of messages) {
      const n = await sendMessage(xs, FROM_GUEST, m, GUEST_CHUNK_BYTES).catch((e: Error) => {
        throw new Error(`${NOT_SENT} sending ${m.key} failed: ${e.message}; has the host set up the channel?`);
      });
      lines.push(`sent ${m.key} (from-guest/${n})\n`);
    }
    return lines.join('');
  } finally {
    await xs.close();
  }
}

/** -g: the stored value, or an error naming the missing key. */
export async function getParam(ctx: ActionContext, key: string): Promise<string> {
  const value = readingStore(ctx).get(key);
  if (value === undefined) throw new Error(`no stored parameter named ${showKey(key)}`);
  return `${value}\n`;
}

/** -r: removes one key; a missing key is an error. A bad name is refused unless an older version stored it. */
export async function deleteParam(ctx: ActionContext, key: string): Promise<string> {
  const store = readingStore(ctx);
  const problem = keyNameProblem(key);
  if (problem !== undefined && store.get(key) === undefined) throw new Error(`${problem}; nothing was removed`);
  store.delete(key);
  return '';
}

/** -x: removes every stored parameter and says how many. */
export async function deleteAll(ctx: ActionContext): Promise<string> {
  const n = readingStore(ctx).clear();
  return `deleted ${counted(n, 'parameter')}\n`;
}

/**
 * -l: key=value lines (ovm-template-config --stdin reads them back as the same set) or one JSON
 * object. A key an older version stored against the key-name rule is listed escaped, and named.
 */
export async function listParams(ctx: ActionContext, json: boolean, note: (line: string) => void = () => undefined): Promise<string> {
  const params = readingStore(ctx).all();
  for (const key of Object.keys(params)) {
    const problem = keyNameProblem(key);
    if (problem !== undefined) note(`ovmd: a stored ${problem}; ovm-template-config --stdin will refuse it (remove it with ovmd -r)\n`);
  }
  return json ? `${JSON.stringify(params, null, 2)}\n` : formatKvLines(params);
}

/** -e: hands the event to the running daemon and waits for its answer. */
export async function sendEvent(ctx: ActionContext, event: string): Promise<string> {
  const reply = await askDaemon(ctx.paths.controlSocket, { event });
  if (!reply.ok) throw new Error(reply.message);
  return `${reply.message}\n`;
}

/** -s: runs a target with the stored parameters, printing progress; fails when the run fails. */
export async function runScript(ctx: ActionContext, target: string, out: (line: string) => void): Promise<string> {
  const name = target.toLowerCase();
  if (!isTarget(name)) throw new UsageError(`unknown target "${target}" (targets: ${TARGETS.join(', ')})`);
  const { store, catalog } = await openStore(ctx);
  // A root without /etc/template.d runs nothing: refuse before sealing, so that mistake changes nothing.
  if (!existsSync(ctx.paths.templateDir)) throw new Error(`${ctx.paths.templateDir} does not exist: check --root; nothing was changed`);
  // From here on until reboot, ovmd keeps its state under /run/ovmd, out of the sealed template.
  if (name === 'cleanup') markSealed(ctx.paths);
  const params = store.all();
  const before = Object.keys(params).length;
  const report = await ctx.engine.run(name, params, (line) => out(`${line}\n`));
  if (name === 'cleanup') mirrorCleanup(ctx.paths);
  if (report.status === 'ok' && report.modules.length === 0) {
    return `${name}: no module is enabled for ${name}; nothing ran (ovm-chkconfig --list shows what is enabled)\n`;
  }
  const head = `${name}: ${report.status} in ${report.durationMs} ms`;
  if (report.status !== 'ok') {
    const errors = report.errors.map(describeRefusal);
    const why = errors.join('; ') || (report.modules.find((m) => m.error)?.error ?? 'a module failed');
    throw new Error(`${head}: ${why}${secretHint(catalog, params, errors.join('\n') + why)}`);
  }
  if (name !== 'cleanup') return `${head}\n`;
  const after = Object.keys(readingStore(ctx).all()).length;
  return `${head}\n${cleanupSummary({
    modules: report.modules, paramsBefore: before, paramsAfter: after, armed: firstBootArmed(ctx.paths),
    logFile: join(ctx.paths.root, LOG_PATH), armFile: ctx.paths.sysconfigInitial,
  })}`;
}

/**
 * Why: after a successful run the daemon wipes secrets, so a later -s fails on a missing
 * password; say so, and how to supply it again, when the failure names a secret that is not stored.
 */
export function secretHint(catalog: KeyCatalog | undefined, params: Record<string, string>, errorText: string): string {
  const keys = [...(catalog?.secret ?? [])].filter((k) => params[k] === undefined && errorText.includes(k)).sort();
  if (keys.length === 0) return '';
  return `. Secret parameters are wiped after each successful run; store ${keys.join(', ')} again on this guest ` +
    `with "ovmd -p ${keys[0]}=VALUE" (never sent to the host), then run this again`;
}
