// What goes into the source tarball that `rpmbuild -ta` builds the packages from: the built
// bundles, the man pages, the bash and zsh completion files, the service and settings files, and the licence. Pure: it lists
// [source, path in the tarball] pairs; scripts/dist.ts checks and copies them.
import { zshFileName } from '../completion/render-zsh.js';

/** The commands the toolkit installs in /usr/sbin, each a bundle in dist/bin. */
export const COMMANDS = ['ovm-chkconfig', 'ovm-template-config', 'ovm-vmmessage', 'ovmd'] as const;

/** Files under packaging/ that the spec installs, by their path in this repository. */
export const PACKAGING_FILES = [
  'packaging/logrotate/ovm-template-config',
  'packaging/sysconfig/ovm-template-initial-config',
  'packaging/sysconfig/ovmd',
  'packaging/systemd/ovm-template-initial-config.service',
  'packaging/systemd/ovmd.service',
  'packaging/sysv/ovmd',
  'packaging/tmpfiles/ovmd.conf',
] as const;

/** Debian keeps the GPL's full text here; the packages ship it as their %license. */
export const LICENSE_TEXT = '/usr/share/common-licenses/GPL-2';

export interface TarballInput {
  /** Repository root. */
  top: string;
  /** Where `make build`, `make man` and `make completion` put their output (normally <top>/dist). */
  built: string;
  modules: string[];
}

export interface TarballEntry {
  /** Absolute path of the file or directory to copy. */
  from: string;
  /** Path inside the tarball's top directory. */
  to: string;
  /** What to run when it is missing. */
  hint: string;
}

/** Why: one list, so the check for missing inputs and the copy cannot disagree. */
export function tarballEntries(input: TarballInput): TarballEntry[] {
  const build = 'run `make build`';
  const entries: TarballEntry[] = [{ from: LICENSE_TEXT, to: 'COPYING', hint: 'install the Debian package base-files' }];
  for (const cmd of COMMANDS) {
    entries.push({ from: `${input.built}/bin/${cmd}`, to: `bin/${cmd}`, hint: build });
    entries.push({ from: `${input.built}/man/${cmd}.8`, to: `man/${cmd}.8`, hint: 'run `make man`' });
    entries.push({ from: `${input.built}/completion/${cmd}`, to: `completion/${cmd}`, hint: 'run `make completion`' });
    const zsh = `completion/zsh/${zshFileName(cmd)}`;
    entries.push({ from: `${input.built}/${zsh}`, to: zsh, hint: 'run `make completion`' });
  }
  for (const name of input.modules) {
    entries.push({ from: `${input.built}/modules/${name}`, to: `modules/${name}`, hint: build });
  }
  entries.push({ from: `${input.built}/python/templateconfig`, to: 'python/templateconfig', hint: build });
  for (const file of PACKAGING_FILES) entries.push({ from: `${input.top}/${file}`, to: file, hint: 'restore it from git' });
  return entries;
}
