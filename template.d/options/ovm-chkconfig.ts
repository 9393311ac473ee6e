// The ovm-chkconfig command line as data (see command-spec.ts): the CLI parses with it and the
// man-page generator renders it. Option names: shared spec template-config.md, "ovm-chkconfig".
import type { CommandSpec } from './command-spec.js';

export const ovmChkconfigSpec: CommandSpec = {
  name: 'ovm-chkconfig',
  section: 8,
  summary: 'turn template configuration modules on or off per target',
  operands: ['module', ['on', 'off']],
  synopsis: [
    '--list [NAME]',
    '--add NAME',
    '--del NAME',
    '--target=TARGET[,TARGET...] NAME on|off',
    '--version | -h | --help',
  ],
  description: [
    'ovm-chkconfig manages the links in /etc/template.d/<target>.d/ that decide which ' +
      'configuration modules ovm-template-config runs for each target, and in which order.',
    'A module is an executable in /etc/template.d/scripts/ whose plugin header names it and ' +
      'gives a two-digit priority for every target it supports. Turning a module on for a ' +
      'target creates the relative link <target>.d/<NN><name> -> ../scripts/<name>.',
    'Every request is checked completely before anything is written: an unknown module, a bad ' +
      'header or a target the header does not declare is reported and changes nothing.',
  ],
  options: [
    {
      name: 'list',
      type: 'boolean',
      describe: 'Print a table: each module, then on:NN or off for every target. Give a module name (--list NAME or --list=NAME) to show only that module.',
    },
    {
      name: 'add',
      type: 'string',
      metavar: 'NAME',
      complete: 'module',
      describe: "Read the module's header and turn it on for every target the header declares.",
    },
    { name: 'del', type: 'string', metavar: 'NAME', complete: 'module', describe: 'Remove every link of the module: it no longer runs for any target.' },
    {
      name: 'target',
      type: 'string',
      metavar: 'TARGET[,TARGET...]',
      complete: 'target',
      describe: 'Targets to change, comma-separated; follow with the module name and on or off.',
    },
    {
      name: 'root',
      type: 'string',
      metavar: 'DIR',
      default: '/',
      complete: 'directory',
      describe: 'Work on the system whose top directory is DIR (a mounted image or a scratch tree).',
    },
    { name: 'version', type: 'boolean', describe: 'Print the version and exit.' },
    { name: 'help', short: 'h', type: 'boolean', describe: 'Print this help and exit.' },
  ],
  examples: [
    ['ovm-chkconfig --list', 'show every module and the targets it is on for'],
    ['ovm-chkconfig --add satellite', 'enable a newly installed module for the targets in its header'],
    ['ovm-chkconfig --target=configure network off', 'stop running the network module at configure'],
    ['ovm-chkconfig --root /mnt/image --add custom', 'enable a module inside an offline image'],
  ],
  exitStatus: [
    '0: the request was carried out (or the list printed).',
    '1: the request was refused (unknown module, bad header, undeclared target); nothing changed.',
    '2: the command line was wrong; nothing changed.',
  ],
  files: [
    ['/etc/template.d/scripts/', 'the module executables'],
    ['/etc/template.d/<target>.d/', 'one link per module enabled for the target, named <NN><name>'],
  ],
};
