// Plans the link changes for `ovm-chkconfig --add/--del/--target`. Pure: it takes a snapshot
// of the farm and a module's header and returns the exact list of changes, or an error and no
// changes. Applying is apply.ts.
import type { Target } from '../params/descriptor.js';
import type { ModuleHeader } from '../header/parse-header.js';
import type { FarmState } from './state.js';
import { linkName, linkTarget } from './layout.js';

export type LinkChange =
  | { kind: 'mkdir'; target: Target }
  | { kind: 'link'; target: Target; entry: string; points: string }
  | { kind: 'unlink'; target: Target; entry: string };

export type Plan = { ok: true; changes: LinkChange[] } | { ok: false; error: string };

function linksOf(state: FarmState, name: string, target?: Target) {
  return state.links.filter((l) => l.name === name && (target === undefined || l.target === target));
}

/** The changes that leave exactly one link `<NN><name>` in <target>.d/. */
function turnOn(state: FarmState, header: ModuleHeader, target: Target): LinkChange[] {
  const wanted = linkName(header.priorities[target]!, header.name);
  const changes: LinkChange[] = [];
  if (!state.targetDirs.includes(target)) changes.push({ kind: 'mkdir', target });
  const existing = linksOf(state, header.name, target);
  for (const link of existing) {
    if (link.entry !== wanted) changes.push({ kind: 'unlink', target, entry: link.entry });
  }
  if (!existing.some((l) => l.entry === wanted)) {
    changes.push({ kind: 'link', target, entry: wanted, points: linkTarget(header.name) });
  }
  return changes;
}

function turnOff(state: FarmState, name: string, target: Target): LinkChange[] {
  return linksOf(state, name, target).map((l) => ({ kind: 'unlink', target, entry: l.entry }));
}

/** Why: `--add` turns the module on for every target its header declares, and only those. */
export function planAdd(state: FarmState, header: ModuleHeader): Plan {
  const declared = Object.keys(header.priorities) as Target[];
  return { ok: true, changes: declared.flatMap((t) => turnOn(state, header, t)) };
}

/** Why: `--del` removes every link of the module, even one whose script is already gone. */
export function planDel(state: FarmState, name: string): Plan {
  const links = linksOf(state, name);
  if (links.length === 0 && !state.scripts.includes(name)) {
    return { ok: false, error: `unknown module "${name}": no script and no links under /etc/template.d` };
  }
  return { ok: true, changes: links.map((l) => ({ kind: 'unlink', target: l.target, entry: l.entry })) };
}

/** Why: `--target=t1,t2 name on|off`; a target without a priority in the header cannot be on. */
export function planSet(state: FarmState, header: ModuleHeader, targets: Target[], on: boolean): Plan {
  if (on) {
    const undeclared = targets.filter((t) => header.priorities[t] === undefined);
    if (undeclared.length) {
      const declared = Object.keys(header.priorities).join(', ');
      return {
        ok: false,
        error:
          `module "${header.name}" does not declare ${undeclared.join(', ')} in its header ` +
          `(it declares: ${declared}), so it has no priority there and cannot be turned on`,
      };
    }
  }
  const changes = targets.flatMap((t) => (on ? turnOn(state, header, t) : turnOff(state, header.name, t)));
  return { ok: true, changes };
}

/** One line per change, for `--verbose`-style reporting and tests. */
export function describeChange(change: LinkChange): string {
  switch (change.kind) {
    case 'mkdir':
      return `created ${change.target}.d/`;
    case 'link':
      return `linked ${change.target}.d/${change.entry} -> ${change.points}`;
    case 'unlink':
      return `removed ${change.target}.d/${change.entry}`;
  }
}
