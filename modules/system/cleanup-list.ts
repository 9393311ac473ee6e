// Everything the system module's `cleanup` touches, written down as data: docs/system-cleanup.md
// describes this list, and the tests check that a cleanup changes nothing outside it. A pattern
// is an absolute path inside the root; "*" matches one path component (no "/"), and never "."
// or "..".

export type CleanupAction =
  /** Delete the file (or link, or whole directory tree) when it is there. */
  | 'remove'
  /** Keep the file, its mode and owner, with no content; only when it exists and is non-empty. */
  | 'empty';

export interface CleanupItem {
  pattern: string;
  action: CleanupAction;
  /** Names a "*" must not match (things a running system still uses). */
  except?: RegExp;
  /** Only when the match is a regular file (a link is left alone). */
  filesOnly?: boolean;
  /**
   * The match lies in a place users can write (system/user-places.ts): `home` for a file directly
   * in a home (regular files of the home's owner only), `shared` for an entry of /tmp.
   */
  userPlace?: 'home' | 'shared';
  /** Empty the file itself, not a replacement: the runner has it open and goes on appending. */
  inPlace?: true;
  /** When emptying, keep the lines from the last one matching this (the run in progress). */
  keepFrom?: RegExp;
  why: string;
}

// Entries systemd-tmpfiles and X create in /tmp for running programs (x11.conf), and the
// PrivateTmp= directories of running services: deleting them breaks a live system.
const LIVE_TMP = /^(\.X11-unix|\.ICE-unix|\.XIM-unix|\.font-unix|\.Test-unix|systemd-private-.*)$/;

// Shell history files: bash, zsh, ksh (HISTFILE default) and csh/tcsh.
const HISTORIES = ['.bash_history', '.zsh_history', '.sh_history', '.history'];

/** Why: the single, ordered statement of what a template cleanup removes or empties. */
export const CLEANUP_ITEMS: readonly CleanupItem[] = [
  // First: the runner's log (shared spec ovmd.md: 0640, /var/log/ovm-template-config.log).
  // Emptied, not removed, so it keeps its mode; emptied in place, because the runner appends
  // the rest of this cleanup run through the descriptor it holds (a replacement file would
  // never see those lines); first, so the lines about everything below land in it. The lines
  // of this cleanup run so far (the earlier modules' account of what they reset) are kept:
  // the runner starts each run with "<time> cleanup: run started: ..." (template.d/runner).
  {
    pattern: '/var/log/ovm-template-config.log',
    action: 'empty',
    inPlace: true,
    keepFrom: /^\S+ cleanup: run started: /,
    why: 'the toolkit\'s run log of the template (the lines of this cleanup run kept)',
  },
  // Rotated copies (logrotate: .1, .2.gz, or -YYYYMMDD with dateext).
  { pattern: '/var/log/ovm-template-config.log[.-]*', action: 'remove', why: 'rotated run logs of the template' },
  // machine-id(5): an empty file makes systemd generate a new ID on the next boot, and unlike a
  // missing file it still works when / is mounted read-only.
  { pattern: '/etc/machine-id', action: 'empty', why: 'a clone must generate its own machine ID' },
  // D-Bus's own copy (el6: `dbus-uuidgen --ensure` recreates it at boot); on systemd families it
  // is usually a link to /etc/machine-id, which is left in place.
  { pattern: '/var/lib/dbus/machine-id', action: 'remove', filesOnly: true, why: 'a clone must generate its own D-Bus machine ID' },
  // udev's rule generator (el6) pins the template's MAC addresses to eth0, eth1...; a clone has
  // new addresses and would get eth1 instead of eth0.
  { pattern: '/etc/udev/rules.d/70-persistent-net.rules', action: 'remove', why: 'network names pinned to the template\'s MAC addresses' },
  ...HISTORIES.map((name) => ({ pattern: `/root/${name}`, action: 'remove' as const, why: 'shell history of the template\'s builder' })),
  ...HISTORIES.map((name) => ({ pattern: `/home/*/${name}`, action: 'remove' as const, userPlace: 'home' as const, why: 'shell history of the template\'s builder' })),
  { pattern: '/tmp/*', action: 'remove', except: LIVE_TMP, userPlace: 'shared', why: 'temporary files' },
  { pattern: '/var/tmp/*', action: 'remove', except: LIVE_TMP, userPlace: 'shared', why: 'temporary files' },
  // ovmd's persistent store (shared spec ovmd.md): stored parameters, the last processed message
  // number and run records. A sealed template must start with none of them. /run/ovmd (secrets
  // in memory, the control socket, the PID) is not touched: it belongs to the running daemon and
  // does not survive the shutdown that seals the template.
  { pattern: '/var/lib/ovmd/*', action: 'remove', why: 'ovmd\'s stored parameters and run records' },
];
