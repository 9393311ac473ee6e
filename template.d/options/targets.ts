// The targets, as the help and the man pages of ovm-template-config and ovmd explain them.
// The names are the shared spec's (template-config.md, "Targets"); which built-in modules act
// on which target: modules/*.ts (priorities).
import { TARGETS, type Target } from '../params/descriptor.js';
import type { TermSection } from './command-spec.js';

const WHAT: Record<Target, string> = {
  configure: 'Set the system up from the parameter set: the first boot of a VM made from a template. Most built-in modules act here.',
  unconfigure: 'Undo what configure set up, for the modules that declare it.',
  reconfigure: 'Apply a changed parameter set to a system that is already configured, for the modules that declare it.',
  cleanup: 'Remove what belongs to this VM alone (its network identity, SSH host keys, logs and history) so that it can become a template. The built-in network, ssh and system modules act here.',
  suspend: 'Before the VM is suspended, for the modules that declare it.',
  resume: 'After the VM was resumed, for the modules that declare it.',
  migrate: 'When the VM moves to another host, for the modules that declare it.',
  shutdown: 'Before the VM shuts down, for the modules that declare it.',
};

/** Why: Oracle's help listed the targets; ours says what each one is for. */
export const TARGETS_SECTION: TermSection = {
  title: 'TARGETS',
  intro: 'A target runs the modules linked in /etc/template.d/<target>.d/, in the order of the link names.',
  items: TARGETS.map((t): [string, string] => [t, WHAT[t]]),
  inHelp: true,
};
