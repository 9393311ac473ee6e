// The ovmd command line as data (template.d/options/command-spec.ts): the CLI builds its parser
// from it and the packaging man-page generator renders it. Option names and letters are
// Oracle's (shared spec ovmd.md, "Options"); --root, --json and --first-boot are this project's.
import type { CommandSpec } from '../../template.d/options/command-spec.js';
import { TARGETS_SECTION } from '../../template.d/options/targets.js';
import { GUEST_KEYS_SECTION, XENSTORE_ENVIRONMENT } from './man-sections.js';

/** Parser and man page source for ovmd. */
export const ovmdSpec: CommandSpec = {
  name: 'ovmd',
  section: 8,
  summary: 'Oracle VM guest daemon: host messages, parameter store and configuration runs',
  sections: [{ ...TARGETS_SECTION, inHelp: false }, GUEST_KEYS_SECTION],
  environment: XENSTORE_ENVIRONMENT,
  synopsis: [
    '[-d LEVEL] [-f PIDFILE] [-t SECS] [--root DIR]',
    '-p KEY[=VALUE] | -g KEY | -r KEY | -x | -l [--json] | -e EVENT | -s TARGET',
    '--status [--long] [--json] [--wait SECS]',
    '--first-boot [--first-boot-timeout SECS]',
    '-v | -h',
  ],
  description: [
    'Without an action option, ovmd runs as the guest daemon in the foreground. It watches the ' +
      'Oracle VM API channel in xenstore (control/oracle-vmapi), stores every message the host ' +
      'sends, and runs the configure target of ovm-template-config as soon as every key that ' +
      'the enabled modules mark as required has arrived (normally the root password, which the ' +
      'host sends last). It reports the result and the guest\'s addresses back to the host.',
    'With an action option, ovmd works on the same parameter store and exits. Ordinary ' +
      'parameters are kept in /var/lib/ovmd; secret ones (keys a module flags as a password) ' +
      'only in /run/ovmd, which is memory-backed, and they are wiped after a successful run: ' +
      'store one again with -p before a run that needs it. Daemon options (-d, -f, -t, ' +
      '--first-boot, --first-boot-timeout) are refused next to an action option.',
    'Only root may use the parameter store.',
  ],
  options: [
    { name: 'set-param', short: 'p', type: 'string', metavar: 'KEY[=VALUE]', repeatable: true,
      describe: 'Send KEY=VALUE to the host and keep it in the local store. The value is everything after the first "=". A secret key (one a module flags as a password, such as com.oracle.linux.root-password) is only stored on this guest, under /run/ovmd, and never sent. With KEY alone (no "="), the value is asked twice without echo on a terminal (as passwd does), or read from standard input otherwise; either way it stays out of the process list.' },
    { name: 'get-param', short: 'g', type: 'string', metavar: 'KEY',
      describe: 'Print the stored value of KEY; exits 1 when KEY is not stored.' },
    { name: 'delete-param', short: 'r', type: 'string', metavar: 'KEY',
      describe: 'Remove KEY from the store; exits 1 when KEY is not stored.' },
    { name: 'delete-params', short: 'x', type: 'boolean',
      describe: 'Remove every stored parameter, secret or not.' },
    { name: 'list-params', short: 'l', type: 'boolean',
      describe: 'Print every stored parameter as key=value lines, the format ovm-template-config --stdin reads: a value that plain text would change (a newline, blanks at either end, a leading quote) is written as a JSON string, so the listing always reads back as the same set.' },
    { name: 'json', type: 'boolean',
      describe: 'With --list-params: print one JSON object instead of key=value lines. With --status: print the status as JSON.' },
    { name: 'status', type: 'boolean',
      describe: 'Say whether first boot is armed, the last run (target, state, when, the reasons of a refused batch) and where the log is. Exit status: 0 done, 1 the last run failed or its batch was refused (invalid), 3 running, waiting or never ran.' },
    { name: 'long', type: 'boolean', describe: 'With --status: also each module with its duration, the daemon, and the keys first boot still waits for.' },
    { name: 'wait', type: 'string', metavar: 'SECS', describe: 'With --status: wait up to SECS seconds for a final state (done, failed or invalid) before answering.' },
    { name: 'event', short: 'e', type: 'string', metavar: 'EVENT', complete: 'target',
      describe: 'Hand EVENT to the running daemon, as if the host had sent it as VMAPIEvent. A target name (configure, cleanup, ...) runs that target. Fails clearly when no daemon runs.' },
    { name: 'script', short: 's', type: 'string', metavar: 'TARGET', complete: 'target',
      describe: 'Run the ovm-template-config target TARGET (configure, cleanup, ...) with the stored parameters and print the result. "ovmd -s cleanup" prepares a template.' },
    { name: 'debug', short: 'd', type: 'string', metavar: 'LEVEL', complete: ['0', '1', '2'],
      describe: 'Daemon logging: 0 none, 1 standard error, 2 syslog (falls back to standard error when no syslog socket exists). Default 2.' },
    { name: 'pid-file', short: 'f', type: 'string', metavar: 'FILENAME', complete: 'file',
      describe: 'Where the daemon writes its process id (default /run/ovmd/ovmd.pid under the root).' },
    { name: 'time-period', short: 't', type: 'string', metavar: 'SECS',
      describe: 'Period of the daemon\'s safety re-scan of the channel and of the address check. Messages themselves are picked up at once, by a xenstore watch. Default 10.' },
    { name: 'root', type: 'string', metavar: 'DIR', default: '/', complete: 'directory',
      describe: 'Treat DIR as the guest\'s root directory for everything ovmd reads and writes (store, sysconfig files, /etc/template.d, modules). For tests and demos.' },
    { name: 'first-boot', type: 'boolean',
      describe: 'First-boot mode (ovm-template-initial-config.service): when INITIAL_CONFIG=yes, wait for the configuration trigger, run configure, disarm on success, then exit. Says on the console what it waits for.' },
    { name: 'first-boot-timeout', type: 'string', metavar: 'SECS',
      describe: 'Time budget of --first-boot (default FIRST_BOOT_TIMEOUT from /etc/sysconfig/ovmd, else 900).' },
    { name: 'version', short: 'v', type: 'boolean', describe: 'Print the version and exit.' },
    { name: 'help', short: 'h', type: 'boolean', describe: 'Print this help and exit.' },
  ],
  examples: [
    ['ovmd -p com.example.status=ready', 'tell the host something and keep it locally'],
    ['ovmd -p com.oracle.linux.root-password=NEW', 'store a new root password on this guest only (it is never sent to the host)'],
    ['ovmd -p com.oracle.linux.root-password < pwfile', 'the same, reading the password from standard input instead of the command line'],
    ['ovmd -l | ovm-template-config -s authentication --stdin configure', 'rerun one module with the stored parameters (here: apply that password)'],
    ['ovmd -s cleanup', 'prepare this VM to become a template'],
    ['ovmd --status --long --wait 600', 'wait up to 10 minutes for first-boot configuration, then say how it went'],
    ['ovmd -d 1', 'run the daemon in the foreground, logging to standard error'],
  ],
  exitStatus: [
    '0 success; 1 the action failed (missing key, no daemon, failed run, xenstore unavailable); 2 wrong command line.',
    '--status: 0 done; 1 the last run failed or was refused (invalid); 3 running, waiting for first boot, or never ran.',
  ],
  files: [
    ['/var/lib/ovmd/', 'non-secret parameters, last processed message number, run records (0700). Emptied by "ovmd -s cleanup"; until the next boot ovmd then keeps all of these under /run/ovmd instead, so the sealed template carries none of them.'],
    ['/run/ovmd/', 'secret parameters, control socket, PID file, key catalog cache (0700, memory-backed)'],
    ['/etc/sysconfig/ovmd', 'daemon settings, shell-style NAME=value lines: RECONFIGURE_ON_TRIGGER (yes: a new root password reconfigures a configured system; default yes), REPORT_IP (send the guest\'s addresses to the host; default yes), IP_SOURCE (system to read the interfaces, or the path of a JSON file listing them; default system), FIRST_BOOT_TIMEOUT (seconds --first-boot waits; default 900), OVMD_OPTIONS (extra options for the service); INITIAL_CONFIG=yes|no arms first-boot configuration in the SysV layout'],
    ['/etc/sysconfig/ovm-template-initial-config', 'INITIAL_CONFIG=yes|no arms first-boot configuration'],
  ],
};
