// Applies a change list in order (the real run). Each change is inspected again just before it
// is applied, so a change sees what the previous ones did; what is already in place is left
// alone and reported "unchanged", so a re-run is byte-identical. Each step is logged on
// stderr, without a secret's content or input.
import { ROOT_OWNER, contentOf, inspectChange } from './change-state.js';
import type { ChangeState } from './change-state.js';
import { lstat, makeDir, removePath, setModeOwner, symlinkAtomic, writeAtomic, writeInPlace } from './host-fs.js';
import { octal } from './plan.js';
import { checkRoot } from './root-path.js';
import type { Change, CommandRunner, Logger } from './types.js';
import { removeRootTree } from './user-files/owner-remove.js';
import { removeUserEntry } from './user-files/remove.js';
import { makeUserDir, writeUserFile } from './user-files/write.js';

/** What applying needs besides the changes: where, whether live, how to run, where to log. */
export interface ApplyDeps {
  root: string;
  live: boolean;
  runner: CommandRunner;
  log: Logger;
}

/** Why: a change's target directory may not exist yet in a fresh image; create it 0755 root. */
function ensureParents(root: string, host: string): void {
  const base = checkRoot(root);
  const rel = host.slice(base === '/' ? 1 : base.length + 1).split('/').slice(0, -1);
  let dir = base;
  for (const part of rel) {
    dir = dir === '/' ? `/${part}` : `${dir}/${part}`;
    if (lstat(dir) === undefined) makeDir(dir, 0o755, ROOT_OWNER);
  }
}

/** Why: one line per command for the run log; argv never holds a secret (checked earlier). */
export function describeRun(change: Extract<Change, { kind: 'run' }>): string {
  return change.argv.map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
}

async function applyRun(change: Extract<Change, { kind: 'run' }>, deps: ApplyDeps): Promise<void> {
  if (change.live && !deps.live) {
    deps.log.info(`skipped (not the running system): ${describeRun(change)}`);
    return;
  }
  if (change.live && change.whenActive !== undefined && (await deps.runner(['systemctl', 'is-active', '--quiet', change.whenActive])).exitCode !== 0) {
    deps.log.info(`skipped (${change.whenActive} is not running; it reads the files when it starts): ${describeRun(change)}`);
    return;
  }
  const queued = change.live === true && change.queuesJob === true && (await stillBooting(deps));
  const run = queued ? { ...change, argv: [change.argv[0]!, '--no-block', ...change.argv.slice(1)] } : change;
  const result = await deps.runner(run.argv, run.input === undefined ? {} : { input: run.input });
  if (result.exitCode !== 0) {
    const detail = result.stderr.trim().split('\n').pop() || result.stdout.trim().split('\n').pop() || 'no output';
    throw new Error(`${describeRun(run)} failed with exit status ${result.exitCode}: ${detail}`);
  }
  deps.log.info(`ran: ${describeRun(run)}${queued ? ' (the system is still booting: the job is queued, and the unit starts at its place in the boot order)' : ''}`);
}

/** What `systemctl is-system-running` prints before the boot's jobs are all done. */
const BOOTING_STATES = new Set(['initializing', 'starting']);

/** Why: a job queued during boot must not be waited for (see queuesJob); any other answer, or none, means "not booting". */
async function stillBooting(deps: ApplyDeps): Promise<boolean> {
  const state = await deps.runner(['systemctl', 'is-system-running']).catch(() => undefined);
  return state !== undefined && BOOTING_STATES.has(state.stdout.trim());
}

/**
 * Why: a change in a user's place goes through modules/lib/user-files only. A refused removal
 * is reported and left in place (cleanup goes on); a refused write or directory stops the run.
 */
function applyUserChange(state: ChangeState, deps: ApplyDeps): void {
  const c = state.change;
  if (c.kind === 'write' && c.userDir) {
    writeUserFile(deps.root, c.path, contentOf(c), state.mode!, state.owner!, c.userDir);
    deps.log.info(`wrote ${c.path} (mode ${octal(state.mode!)}${c.secret ? ', secret content' : ''}, uid ${state.owner!.uid})`);
  } else if (c.kind === 'mkdir' && c.userDir) {
    makeUserDir(deps.root, c.path, state.mode!, state.owner!, c.userDir);
    deps.log.info(`directory ${c.path} (mode ${octal(state.mode!)}, uid ${state.owner!.uid})`);
  } else if (c.kind === 'remove' && c.userDir) {
    const outcome = removeUserEntry(deps.root, c.path, c.userDir);
    if (outcome.done === 'refused') deps.log.warn(`refused ${c.path}: ${outcome.why}; left in place`);
    else deps.log.info(outcome.done === 'removed' ? `removed ${c.path}` : `unchanged: remove ${c.path}`);
  }
}

function applyFileChange(state: ChangeState, deps: ApplyDeps): void {
  const c = state.change;
  if (state.unchanged) {
    deps.log.info(`unchanged: ${c.kind} ${'path' in c ? c.path : ''}`);
    return;
  }
  if (c.kind !== 'run' && c.kind !== 'symlink' && c.userDir !== undefined) {
    applyUserChange(state, deps);
    return;
  }
  const host = state.host!;
  if (c.kind === 'write') {
    ensureParents(deps.root, host);
    const inPlace = c.inPlace === true && !c.secret && lstat(host)?.isFile === true;
    (inPlace ? writeInPlace : writeAtomic)(host, contentOf(c), state.mode!, state.owner!);
    deps.log.info(`wrote ${c.path} (mode ${octal(state.mode!)}${c.secret ? ', secret content' : ''})`);
  } else if (c.kind === 'remove') {
    if (lstat(host)?.isDirectory) removeRootTree(host);
    else removePath(host);
    deps.log.info(`removed ${c.path}`);
  } else if (c.kind === 'symlink') {
    ensureParents(deps.root, host);
    symlinkAtomic(host, c.target);
    deps.log.info(`linked ${c.path} -> ${c.target}`);
  } else if (c.kind === 'mkdir') {
    ensureParents(deps.root, host);
    if (lstat(host) === undefined) makeDir(host, state.mode!, state.owner!);
    else setModeOwner(host, state.mode!, state.owner!);
    deps.log.info(`directory ${c.path} (mode ${octal(state.mode!)})`);
  }
}

/** Why: the only place module changes reach the system. Stops at the first failure. */
export async function applyChanges(changes: readonly Change[], deps: ApplyDeps): Promise<void> {
  for (const change of changes) {
    if (change.kind === 'run') await applyRun(change, deps);
    else applyFileChange(inspectChange(deps.root, change), deps);
  }
}
