// The ovmd command: one action on the parameter store, or (without an action) the daemon in the
// foreground, or first-boot mode. Options: ovmd/options/ovmd.ts; behaviour: shared spec ovmd.md.
import { readFileSync } from 'node:fs';
import { crashHook } from '../daemon/crash-hook.js';
import { Daemon } from '../daemon/daemon.js';
import { processEngine, runEngineWorker } from '../daemon/engine-worker.js';
import { runFirstBoot } from '../daemon/first-boot.js';
import { createLog } from '../daemon/log.js';
import { ovmdPaths, type OvmdPaths } from '../daemon/paths.js';
import { runnerEngine } from '../daemon/runner-engine.js';
import { firstBootArmed, loadSettings } from '../daemon/settings.js';
import { ovmdSpec as spec } from '../options/ovmd.js';
import { askValueTwice, keyToAsk } from './ask-value.js';
import * as act from './ovmd-actions.js';
import { checkModeOptions, checkRoot, numberOption } from './ovmd-checks.js';
import { givenOptions, parseCommandLine, usageText, UsageError, type Parsed } from './parse.js';
import { checkStatusOptions, statusAction } from './status.js';
import { checkStoreAccess } from './store-access.js';
import { describeXsError } from './xs-error.js';
import { VERSION } from '../../template.d/cli/version.js';

const ACTIONS = ['set-param', 'get-param', 'delete-param', 'delete-params', 'list-params', 'event', 'script', 'status'];

/** -p KEY (no "="): asked twice without echo on a terminal (ask-value.ts), else read from a pipe or file. */
async function valueReader(pairs: string[]): Promise<() => string> {
  const key = process.stdin.isTTY ? keyToAsk(pairs) : undefined;
  if (key === undefined) return () => readFileSync(0, 'utf8');
  const typed = await askValueTwice(key);
  return () => typed;
}

async function runAction(action: string, argv: Parsed, ctx: act.ActionContext): Promise<string> {
  const value = argv[action];
  switch (action) {
    case 'set-param': {
      const pairs = (value as unknown[]).map(String);
      return act.setParams(ctx, pairs, (line) => process.stderr.write(line), await valueReader(pairs));
    }
    case 'get-param': return act.getParam(ctx, String(value));
    case 'delete-param': return act.deleteParam(ctx, String(value));
    case 'delete-params': return act.deleteAll(ctx);
    case 'list-params': return act.listParams(ctx, Boolean(argv.json), (line) => process.stderr.write(line));
    case 'event': return act.sendEvent(ctx, String(value));
    default: return act.runScript(ctx, String(value), (line) => process.stdout.write(line));
  }
}

/** Runs the daemon (or first-boot mode) until SIGTERM/SIGINT; SIGHUP re-reads settings. */
async function runDaemon(argv: Parsed, paths: OvmdPaths): Promise<number> {
  const level = numberOption(argv, 'debug', 2, (n) => [0, 1, 2].includes(n), '0, 1 or 2');
  const period = numberOption(argv, 'time-period', 10, (n) => n > 0, 'a positive number of seconds');
  const budget = numberOption(argv, 'first-boot-timeout', Number.NaN, (n) => n > 0, 'a positive number of seconds');
  if (argv['first-boot'] && !firstBootArmed(paths)) {
    // Nothing starts, so nothing is logged as stopping either.
    process.stdout.write('ovmd: first boot is not armed (INITIAL_CONFIG is not yes): nothing to do\n');
    return 0;
  }
  let daemon: Daemon | undefined;
  const log = createLog({ level, secrets: () => daemon?.store.secretValues() ?? [] });
  const say = (line: string) => process.stdout.write(`${line}\n`);
  // The daemon keeps the runner out of its own memory; a helper process does each run.
  const engine = processEngine(paths.root);
  daemon = new Daemon({
    paths, engine, log, periodSec: period, env: process.env,
    pidFile: argv['pid-file'] ? String(argv['pid-file']) : paths.pidFile, step: crashHook(), console: say, version: VERSION,
  });
  const stop = async (code: number) => {
    await daemon!.stop();
    log.close();
    process.exit(code);
  };
  process.on('SIGTERM', () => void stop(0));
  process.on('SIGINT', () => void stop(0));
  process.on('SIGHUP', () => daemon!.reload());
  if (argv['first-boot']) {
    const timeout = Number.isNaN(budget) ? loadSettings(paths).firstBootTimeout : budget;
    // The console dialog runs beside the host channel when a terminal is attached (first-boot-source.ts).
    const { firstBootDialog } = await import('../../template.d/console/first-boot-source.js');
    // Defaults and the plan check come from the root first boot configures (root-advisor.ts).
    const { rootAdvisor } = await import('../../template.d/console/root-advisor.js');
    const advisor = rootAdvisor({ root: paths.root, target: 'configure' });
    const dialog = firstBootDialog({ loadModules: () => engine.enumerate('configure'), advisor });
    const code = await runFirstBoot({ paths, daemon, timeoutSec: timeout, console: say, sources: dialog ? [dialog] : [] });
    await stop(code);
  }
  await daemon.start();
  return new Promise<number>(() => undefined); // runs until a signal stops it
}

async function main(): Promise<number> {
  if (process.env.OVMD_ENGINE_WORKER === '1') return runEngineWorker();
  try {
    const argv = await parseCommandLine(spec, process.argv.slice(2));
    if (argv === 'exit') return 0;
    if (argv._.length) throw new UsageError(`unexpected argument "${argv._[0]}"`);
    const actions = givenOptions(argv, ACTIONS);
    if (actions.length > 1) throw new UsageError(`choose one action, not --${actions.join(' and --')}`);
    checkModeOptions(argv, actions[0]);
    checkStatusOptions(argv, actions[0]);
    checkRoot(String(argv.root));
    const paths = ovmdPaths(String(argv.root));
    checkStoreAccess(paths);
    if (actions.length === 0) return await runDaemon(argv, paths);
    if (actions[0] === 'status') return await statusAction(argv, paths, (text) => process.stdout.write(text));
    const ctx = { paths, engine: runnerEngine(paths.root), env: process.env };
    process.stdout.write(await runAction(actions[0]!, argv, ctx));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(usageText(spec, error.message));
      return 2;
    }
    process.stderr.write(`ovmd: ${describeXsError(error, 'ovmd')}\n`);
    return 1;
  }
}

void main().then((code) => {
  process.exitCode = code;
});
