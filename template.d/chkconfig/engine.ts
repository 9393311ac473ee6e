// The ovm-chkconfig operations as a library: load the module's header, plan against a snapshot
// of the farm, then apply. Every check happens before the first write, so a refused request
// changes nothing.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Target } from '../params/descriptor.js';
import { checkHeaderName, formatPriority, parseHeader, type ModuleHeader } from '../header/parse-header.js';
import { applyLinkChanges } from './apply.js';
import { trustedModuleFile, UntrustedModuleError } from './module-trust.js';
import { checkModuleName, scriptsDir, templateDir } from './layout.js';
import { describeChange, planAdd, planDel, planSet, type Plan } from './plan.js';
import { moduleNames, renderList } from './list.js';
import { isExecutable, readFarm, readScriptHead, templateDirState, type FarmState } from './state.js';

/** A request ovm-chkconfig refuses; the message says what is wrong and what to do. */
export class ChkconfigError extends Error {
  override name = 'ChkconfigError';
}

function requireTemplateDir(root: string): void {
  const state = templateDirState(root);
  if (state === 'denied') {
    throw new ChkconfigError(`permission denied: cannot read ${templateDir(root)}; run ovm-chkconfig as root`);
  }
  if (state === 'missing') {
    throw new ChkconfigError(`${templateDir(root)} does not exist: is --root the system's top directory?`);
  }
}

/** Why: --add and --target … on need a verified header; --del and off do not. */
export function loadHeader(root: string, name: string): ModuleHeader {
  const bad = checkModuleName(name);
  if (bad) throw new ChkconfigError(bad);
  const path = join(scriptsDir(root), name);
  if (!existsSync(path)) {
    throw new ChkconfigError(`unknown module "${name}": ${path} does not exist (see ovm-chkconfig --list)`);
  }
  const text = readScriptHead(path);
  if (text === undefined) throw new ChkconfigError(`cannot read ${path}`);
  const parsed = parseHeader(text);
  if (!parsed.ok) {
    throw new ChkconfigError(`bad plugin header in ${path}: ${parsed.errors.join('; ')}`);
  }
  const mismatch = checkHeaderName(parsed.header, name);
  if (mismatch) throw new ChkconfigError(`bad plugin header in ${path}: ${mismatch}`);
  return parsed.header;
}

/** RPM installs modules 0755; turning on one without an execute bit would only fail at first boot. */
function requireExecutable(root: string, name: string): void {
  const path = join(scriptsDir(root), name);
  if (!isExecutable(path)) throw new ChkconfigError(`${path} is not executable: run chmod 755 ${path}, then try again`);
}

/** A module someone other than root could change would run as root: refuse it before linking. */
function requireTrusted(root: string, name: string): void {
  try {
    trustedModuleFile(root, join(scriptsDir(root), name));
  } catch (error) {
    if (error instanceof UntrustedModuleError) throw new ChkconfigError(`refused: ${error.message}`);
    throw error;
  }
}

function applyPlan(root: string, plan: Plan): string[] {
  if (!plan.ok) throw new ChkconfigError(plan.error);
  applyLinkChanges(root, plan.changes);
  return plan.changes.map(describeChange);
}

/** Every target the module is linked for, with its priority: "configure (50), cleanup (50)". */
function enabledTargets(state: FarmState, name: string, targets?: Target[]): string {
  const links = state.links.filter((l) => l.name === name && (!targets || targets.includes(l.target)));
  return links.map((l) => `${l.target} (${formatPriority(l.priority)})`).join(', ');
}

/** Why: RPM %post runs `ovm-chkconfig --add <name>`; returns what changed, one line each. */
export function addModule(root: string, name: string): string[] {
  requireTemplateDir(root);
  const header = loadHeader(root, name);
  requireExecutable(root, name);
  requireTrusted(root, name);
  const state = readFarm(root);
  const lines = applyPlan(root, planAdd(state, header));
  return lines.length ? lines : [`${name} is already on for: ${enabledTargets(state, name)}; nothing changed`];
}

/** Why: RPM %preun runs `ovm-chkconfig --del <name>`; returns what changed. */
export function deleteModule(root: string, name: string): string[] {
  requireTemplateDir(root);
  const bad = checkModuleName(name);
  if (bad) throw new ChkconfigError(bad);
  const state = readFarm(root);
  if (!state.scripts.includes(name) && !state.links.some((l) => l.name === name)) {
    throw new ChkconfigError(
      `unknown module "${name}": no ${join(scriptsDir(root), name)} and no links to it under ${templateDir(root)} (see ovm-chkconfig --list)`,
    );
  }
  const lines = applyPlan(root, planDel(state, name));
  return lines.length ? lines : [`${name} is already off for every target; nothing changed`];
}

/** Why: `--target=t1,t2 name on|off` toggles single targets; returns what changed. */
export function setModule(root: string, name: string, targets: Target[], on: boolean): string[] {
  requireTemplateDir(root);
  const header = loadHeader(root, name);
  if (on) requireExecutable(root, name);
  if (on) requireTrusted(root, name);
  const state = readFarm(root);
  const lines = applyPlan(root, planSet(state, header, targets, on));
  if (lines.length) return lines;
  const where = on ? enabledTargets(state, name, targets) : targets.join(', ');
  return [`${name} is already ${on ? 'on' : 'off'} for: ${where}; nothing changed`];
}

/** Why: `--list [name]`; an unknown name is an error rather than an empty table. */
export function listModules(root: string, name?: string): string {
  requireTemplateDir(root);
  const state = readFarm(root);
  const names = moduleNames(state);
  if (name !== undefined && !names.includes(name)) {
    throw new ChkconfigError(`unknown module "${name}": not in ${scriptsDir(root)} and not linked`);
  }
  return renderList(state, name === undefined ? names : [name]);
}
