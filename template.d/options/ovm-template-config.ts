// The ovm-template-config command line as data (see command-spec.ts): the CLI parses with it and
// the man-page generator renders it. Oracle's option names: shared spec template-config.md;
// --root, --json, --dry-run and --timeout are this project's additions; --ovf-transport-iso also
// takes =PATH here.
import type { CommandSpec } from './command-spec.js';
import { TARGETS_SECTION } from './targets.js';

export const ovmTemplateConfigSpec: CommandSpec = {
  name: 'ovm-template-config',
  section: 8,
  summary: 'run the template configuration modules for a target',
  sections: [TARGETS_SECTION],
  operands: ['target'],
  environment: [
    ['TERM', 'How the console dialog (--console-input) draws: unset, dumb or a DEC vt type (a serial console) gets plain lines printed once; any other terminal type gets questions redrawn in place.'],
  ],
  synopsis: ['[options] <target>', '--enumerate [--human-readable] [--script NAME]... <target>'],
  description: [
    'ovm-template-config runs every configuration module enabled for a target (configure, ' +
      'unconfigure, reconfigure, cleanup, suspend, resume, migrate or shutdown) in the order of ' +
      'the links in /etc/template.d/<target>.d/, passing the parameter set from one module to ' +
      'the next as JSON on standard input.',
    'Before any module changes anything, the whole parameter set is checked against what every enabled ' +
      'module declares (required keys, allowed choices, value formats), and every module that can plan (all ' +
      'built-in ones) plans against it with its own checks; if anything is refused, every reason is listed ' +
      '(also in the log and --json) and no module is applied. A module that cannot say which keys it takes ' +
      '(its --enumerate fails twice, or it cannot start) refuses the batch the same way. A module that fails ' +
      'or exceeds its time limit while applying is reported and its changes to the parameter set are ' +
      'dropped; the remaining modules still run.',
    'Values of secret keys (flagged as passwords by any installed module, or named like one) never ' +
      'appear in the output, --json, --output, the log or any command line. A real run needs root.',
    'The parameter set can come from several inputs, read in this order, a later one replacing ' +
      'the values of an earlier one: the OVF environment ISO (--ovf-transport-iso), a file ' +
      'descriptor (--input), standard input (--stdin) and the console dialog (--console-input). ' +
      'The dialog offers the values given before it (Enter keeps them) and follows their ' +
      'depends/requires; a property the OVF environment marks ovf:password="true" is treated as ' +
      'a password for the whole run.',
    'The console dialog needs a terminal on standard input and output. Where TERM is unset, dumb ' +
      'or a DEC vt type (a serial console; systemd sets vt220 there), every question is printed ' +
      'once as plain text and nothing is redrawn; elsewhere the questions are redrawn in place, ' +
      'still without colours. Choices are picked by number. Ctrl-C ends the dialog with nothing ' +
      'run (exit status 3).',
  ],
  options: [
    { name: 'enumerate', short: 'e', type: 'boolean', describe: 'List the parameters of every module enabled for the target (JSON), instead of running.' },
    {
      name: 'human-readable',
      type: 'boolean',
      describe: 'With --enumerate: print a Python literal laid out like pprint, as Oracle\'s tool did.',
    },
    {
      name: 'script',
      short: 's',
      type: 'string',
      metavar: 'NAME',
      repeatable: true,
      complete: 'module',
      describe: 'Only this module; it must be enabled for the target.',
    },
    { name: 'stdin', type: 'boolean', describe: 'Read the parameter set from standard input: a JSON object, or the key=value lines ovmd -l prints.' },
    {
      name: 'console-input',
      type: 'boolean',
      describe:
        'Ask on this terminal for every parameter the enabled modules do not mark hidden, in module order (choices by number, ' +
        'passwords typed twice and never shown, follow-up questions only when an earlier answer needs them), then run. ' +
        'Refused when standard input or output is not a terminal.',
    },
    {
      name: 'ovf-transport-iso',
      type: 'string',
      metavar: 'PATH',
      optionalValue: true,
      complete: 'file',
      describe:
        'Read the parameters from ovf-env.xml on the OVF environment ISO (ProductSection class com.oracle.linux: ' +
        'network.hostname becomes com.oracle.linux.network.hostname). Alone: search the attached CD-ROM drives and virtual ' +
        'disks; =PATH: that device, .iso file or mount directory. Nothing is mounted.',
    },
    { name: 'input', type: 'number', metavar: 'FD', describe: 'Read the parameter set as a JSON object from this open file descriptor.' },
    {
      name: 'output',
      type: 'number',
      metavar: 'FD',
      describe: 'Write the resulting parameter set as JSON to this open file descriptor (password keys left out).',
    },
    { name: 'root', type: 'string', metavar: 'DIR', default: '/', complete: 'directory', describe: 'Configure the system whose top directory is DIR (a mounted image or a scratch tree).' },
    { name: 'json', type: 'boolean', describe: 'Print a machine-readable report of the run on standard output instead of text.' },
    {
      name: 'dry-run',
      type: 'boolean',
      describe: 'Change nothing: show what each module that supports it would write and run; other modules are listed as "no plan" and not run.',
    },
    {
      name: 'check',
      type: 'boolean',
      describe:
        'Check the batch (from --stdin, --input or --ovf-transport-iso) without running it and without the trigger key: every module that can ' +
        'plans it, nothing is changed or logged. Lists every reason a run would refuse it, and warns about keys under com.oracle.linux. that ' +
        'no installed module declares (naming the nearest declared key) and values a module would ignore. Exit 0 good, 3 refused.',
    },
    { name: 'timeout', type: 'number', metavar: 'SECS', default: 300, describe: 'Time limit for each module; a module still running then is killed and reported as failed.' },
    {
      name: 'wait-lock',
      type: 'number',
      metavar: 'SECS',
      default: 0,
      describe:
        'When another run (ovmd\'s or a manual one) is configuring the same root, wait up to this long for it to end ' +
        'instead of refusing at once (exit status 5). Dry runs and --enumerate never wait.',
    },
    { name: 'version', type: 'boolean', describe: 'Print the version and exit.' },
    { name: 'help', short: 'h', type: 'boolean', describe: 'Print this help and exit.' },
  ],
  examples: [
    ['ovm-template-config --human-readable --enumerate configure', 'list every parameter the configure modules accept'],
    ['ovm-template-config --enumerate configure --script firewall', 'list the parameters of one module'],
    ['ovmd -l | ovm-template-config --stdin configure', 'configure the system from the parameters ovmd holds'],
    ['ovm-template-config --dry-run --stdin configure < params.json', 'show what a configure run would change'],
    ['ovm-template-config --check --stdin configure < batch.txt', 'check a batch before sending it: refusals, misspelled keys, ignored values'],
    ['ovm-template-config --root /mnt/image --stdin configure < params.json', 'configure an offline image'],
    ['ovm-template-config --console-input configure', 'answer the questions on the console, then configure'],
    ['ovm-template-config --ovf-transport-iso configure', 'configure from the OVF environment on the attached ISO'],
    ['ovm-template-config --ovf-transport-iso=/srv/vm1-env.iso --root /mnt/image configure', 'configure an offline image from an OVF environment image'],
  ],
  exitStatus: [
    '0: every module succeeded (with --dry-run: every plan was produced; with --enumerate: every module answered).',
    '1: one or more modules failed or timed out; the others ran. See the log file.',
    '2: the command line was wrong; nothing ran.',
    '3: the parameter set was unreadable, or the batch was refused (not valid, or refused by a module\'s plan); nothing was changed.',
    '4: a real run by a user other than root, or the template directory or a module named with --script was not found; nothing ran.',
    '5: another run on the same root was in progress (the message names its pid), or the run lock could not be taken; nothing ran.',
    '130, 143: the run was interrupted by SIGINT or SIGTERM: the module at work was ended, later modules did not run; the log and the report say so.',
  ],
  files: [
    ['/etc/template.d/scripts/', 'the module executables'],
    ['/etc/template.d/<target>.d/', 'links to the modules enabled for each target, run in name order'],
    ['/var/log/ovm-template-config.log', "the run log: modules' messages with timestamps, passwords masked (mode 0640)"],
    ['/run/ovm-template-config/', 'one lock file per root being configured (held with flock; it names the pid of the run holding it)'],
  ],
};
