// selinux: sets the SELinux mode (shared spec modules.md, "selinux"). Priority 40: Oracle
// only says it runs before the firewall (41), and it must not run after modules that create
// files (users, ssh keys) whose labels depend on the policy being in force.
// The mode goes to SELINUX= in /etc/selinux/config, every other line kept. On the running
// system, switching between enforcing and permissive also takes effect at once (setenforce);
// any change that involves "disabled" needs a reboot, and the log says so.
import { traits } from './lib/distro.js';
import { editShellVars, parseShellVars } from './lib/shell-vars.js';
import type { Change, ModuleContext, ModuleDeclaration, Outcome, Params } from './lib/types.js';

const KEY = 'com.oracle.linux.selinux.mode';
const CONFIG = '/etc/selinux/config';
const MODES = ['enforcing', 'permissive', 'disabled'];

/** The mode the kernel runs in now ("disabled" when SELinux is off; undefined: no SELinux tools). */
async function runningMode(ctx: ModuleContext): Promise<string | undefined> {
  const result = await ctx.run(['getenforce']);
  // 127: the command does not exist (libselinux-utils is not installed).
  if (result.exitCode === 127) return undefined;
  const mode = result.stdout.trim().toLowerCase();
  if (result.exitCode !== 0 || !MODES.includes(mode)) {
    throw new Error(`getenforce did not report the current mode (exit ${result.exitCode}): ${result.stderr.trim() || result.stdout.trim()}`);
  }
  return mode;
}

async function liveChanges(ctx: ModuleContext, mode: string): Promise<Change[]> {
  if (!ctx.live) {
    ctx.log.info(`${ctx.root} is not the running system: SELINUX=${mode} takes effect at its next boot`);
    return [];
  }
  const now = await runningMode(ctx);
  if (now === undefined) {
    ctx.log.warn(`getenforce is not installed, so SELinux is not running here; SELINUX=${mode} takes effect at the next boot`);
    return [];
  }
  if (now === mode) return [];
  if (now === 'disabled' || mode === 'disabled') {
    ctx.log.warn(`SELinux is ${now} now; ${mode} takes effect only after a reboot`);
    return [];
  }
  return [{ kind: 'run', argv: ['setenforce', mode === 'enforcing' ? '1' : '0'], live: true, why: `switch to ${mode} now` }];
}

async function configure(ctx: ModuleContext, params: Params): Promise<Outcome> {
  const mode = params[KEY];
  if (mode === undefined) return { changes: [] };
  const current = ctx.files.read(CONFIG);
  if (current === undefined) {
    ctx.log.warn(`${CONFIG} does not exist; creating it with SELINUX=${mode} (SELinux policy packages may be missing)`);
  }
  const before = parseShellVars(current ?? '').SELINUX;
  if (mode === 'disabled' && before !== 'disabled') {
    ctx.log.warn('SELinux will be disabled after the next reboot');
    // RHEL 9 release notes: SELINUX=disabled in the config only stops the policy from loading.
    if (!traits(ctx.family).selinux.configDisables) ctx.log.warn('on release 9 and later, boot with the kernel argument selinux=0 to turn SELinux off fully');
  }
  const write: Change = { kind: 'write', path: CONFIG, content: editShellVars(current ?? '', { SELINUX: mode }), why: `SELINUX=${mode}` };
  return { changes: [write, ...(await liveChanges(ctx, mode))] };
}

const selinux: ModuleDeclaration = {
  name: 'selinux',
  description: 'Sets the SELinux mode: enforcing, permissive or disabled.',
  priorities: { configure: 40 },
  parameters: {
    configure: [
      {
        key: KEY,
        description: 'SELinux mode: enforcing, permissive or disabled (disabled needs a reboot)',
        hidden: true,
        choices: MODES,
      },
    ],
  },
  handlers: { configure },
};

export default selinux;
