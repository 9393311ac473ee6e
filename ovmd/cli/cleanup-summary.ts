// What `ovmd -s cleanup` says after a successful run: what was reset, by which module, and the
// step that comes next (arm first boot, then shut down). Pure: facts in, text out. What each
// module removes in detail: docs/system-cleanup.md and the run log.
import { counted } from '../../template.d/render/plural.js';

export interface CleanupFacts {
  /** The modules that ran for cleanup, in order, with their status. */
  modules: { name: string; status: string }[];
  /** Parameters ovmd held before the run, and after it. */
  paramsBefore: number;
  paramsAfter: number;
  /** INITIAL_CONFIG=yes in the sysconfig files. */
  armed: boolean;
  /** The run log, with the root in front. */
  logFile: string;
  /** The arming file, with the root in front. */
  armFile: string;
}

/** Why: "cleanup: ok" left the user guessing what changed and what to do before sealing. */
export function cleanupSummary(facts: CleanupFacts): string {
  const ran = facts.modules.map((m) => m.name);
  const removed = facts.paramsBefore - facts.paramsAfter;
  const lines = [
    `Reset by ${counted(ran.length, 'module')}: ${ran.join(', ') || 'none'} (each one's messages are in ${facts.logFile}).`,
    facts.paramsAfter === 0
      ? `ovmd's stored parameters: ${counted(removed, 'parameter')} removed; ovmd -l now shows what the template starts with: nothing.`
      : `ovmd still holds ${counted(facts.paramsAfter, 'parameter')} (ovmd -l lists them): a module did not remove them.`,
    'Until the next boot ovmd keeps its state under /run/ovmd, so the disk keeps none of it.',
    facts.armed
      ? 'Next: shut the VM down (poweroff) without starting it again, and make the template from its disk; first-boot configuration is armed.'
      : `Next: arm first-boot configuration (INITIAL_CONFIG=yes in ${facts.armFile}), then shut the VM down (poweroff) without starting it again, and make the template from its disk.`,
  ];
  return `${lines.join('\n')}\n`;
}
