// The one-shot ovmd actions (-p -g -r -x -l -e -s): each works on the parameter store under
// --root and returns the text to print. Errors are thrown; ovmd.ts renders them.
import { isTarget, TARGETS } from '../../template.d/params/descriptor.js';
import { formatKvLines } from '../../template.d/params/kv-lines.js';
import { connect } from '../client/index.js';
import { loadCatalog } from '../daemon/catalog-cache.js';
import { isSecretKey, type KeyCatalog } from '../daemon/catalog.js';
import { askDaemon } from '../daemon/control-socket.js';
import type { Engine } from '../daemon/engine.js';
import { ParamStore } from '../daemon/param-store.js';
import type { OvmdPaths } from '../daemon/paths.js';
import { markSealed } from '../daemon/seal.js';
import { sendMessage } from '../vmapi/channel.js';
import { FROM_GUEST, GUEST_CHUNK_BYTES } from '../vmapi/layout.js';
import { checkMessage } from '../vmapi/message.js';
import { UsageError } from './parse.js';

/** What every one-shot action needs: the relocated paths, the engine, the environment. */
export interface ActionContext {
  paths: OvmdPaths;
  engine: Engine;
  env: NodeJS.ProcessEnv;
}

async function openStore(ctx: ActionContext): Promise<{ store: ParamStore; catalog?: KeyCatalog }> {
  let catalog: KeyCatalog | undefined;
  try {
    catalog = await loadCatalog(ctx.paths, ctx.engine);
  } catch {
    catalog = undefined; // no modules: the name-based secret test still applies
  }
  return { store: new ParamStore(ctx.paths, (k) => isSecretKey(catalog, k)), catalog };
}

/** Splits KEY=VALUE at the first "=". */
export function splitAssignment(text: string): { key: string; value: string } {
  const at = text.indexOf('=');
  if (at <= 0) throw new UsageError(`--set-param needs KEY=VALUE, got "${text}"`);
  return { key: text.slice(0, at), value: text.slice(at + 1) };
}

/** -p: checks every pair first, stores each, then sends each to the host in its own transaction. */
export async function setParams(ctx: ActionContext, pairs: string[]): Promise<string> {
  const { store, catalog } = await openStore(ctx);
  const messages = pairs.map(splitAssignment);
  for (const m of messages) {
    checkMessage(m);
    if (isSecretKey(catalog, m.key)) throw new Error(`${m.key} is a secret parameter; it is never sent to the host`);
  }
  for (const m of messages) store.set(m.key, m.value);
  const xs = await connect({ env: ctx.env }).catch((e: Error) => {
    throw new Error(`stored locally, but cannot reach xenstore to send: ${e.message}`);
  });
  try {
    const lines: string[] = [];
    for (const m of messages) {
      const n = await sendMessage(xs, FROM_GUEST, m, GUEST_CHUNK_BYTES).catch((e: Error) => {
        throw new Error(`stored locally, but sending ${m.key} failed: ${e.message} (has the host set up the channel?)`);
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
  const { store } = await openStore(ctx);
  const value = store.get(key);
  if (value === undefined) throw new Error(`no stored parameter named "${key}"`);
  return `${value}\n`;
}

/** -r: removes one key; a missing key is an error. */
export async function deleteParam(ctx: ActionContext, key: string): Promise<string> {
  (await openStore(ctx)).store.delete(key);
  return '';
}

/** -x: removes every stored parameter and says how many. */
export async function deleteAll(ctx: ActionContext): Promise<string> {
  const n = (await openStore(ctx)).store.clear();
  return `deleted ${n} parameter(s)\n`;
}

/** -l: key=value lines (ovm-template-config --stdin reads them) or one JSON object. */
export async function listParams(ctx: ActionContext, json: boolean): Promise<string> {
  const params = (await openStore(ctx)).store.all();
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
  const { store } = await openStore(ctx);
  // From here on until reboot, ovmd keeps its state under /run/ovmd, out of the sealed template.
  if (name === 'cleanup') markSealed(ctx.paths);
  const report = await ctx.engine.run(name, store.all(), (line) => out(`${line}\n`));
  const head = `${name}: ${report.status} in ${report.durationMs} ms`;
  if (report.status !== 'ok') {
    const why = report.errors[0] ?? report.modules.find((m) => m.error)?.error ?? 'a module failed';
    throw new Error(`${head}: ${why}`);
  }
  return `${head}\n`;
}
