// The ovm-vmmessage command line (the dom0 end of the channel) as data, shared by the CLI and
// the man page. Layout it follows: shared spec vmapi-channel.md, "Host side".
import type { CommandSpec } from '../../template.d/options/command-spec.js';
import { GUEST_KEYS_SECTION, XENSTORE_ENVIRONMENT } from './man-sections.js';

/** Parser and man page source for ovm-vmmessage. */
export const ovmVmmessageSpec: CommandSpec = {
  name: 'ovm-vmmessage',
  section: 8,
  summary: 'send Oracle VM API messages to a guest and read what it sends back (dom0 side)',
  sections: [GUEST_KEYS_SECTION],
  environment: XENSTORE_ENVIRONMENT,
  synopsis: [
    '(--domid N | --name NAME) -k KEY -V VALUE [-q KEY [--until REGEX] [--final] [--wait SECS]]',
    '(--domid N | --name NAME) --file FILE|- [-q KEY [--until REGEX] [--final] [--wait SECS]]',
    '(--domid N | --name NAME) --vm-data (-k KEY -V VALUE | --file FILE|-)',
    '(--domid N | --name NAME) -q KEY [--new] [--until REGEX] [--final] [--wait SECS]',
    '(--domid N | --name NAME) --status [--wait SECS]',
    '(--domid N | --name NAME) --list [--json] [--clear] | --follow',
    '(--domid N | --name NAME) --setup | --clear',
    '--help | --version',
  ],
  description: [
    'ovm-vmmessage runs on the host (dom0) and talks to a guest through xenstore, with the same ' +
      'layout Oracle VM Manager uses: messages go to /local/domain/<domid>/control/oracle-vmapi/to-guest ' +
      'and the guest answers under from-guest. Each message is written in one transaction, so the ' +
      'guest never sees half of it.',
    'The channel nodes are created, with permissions that let the guest use them, the first time ' +
      'a message is sent (or with --setup).',
    'A batch file holds either one JSON object of "key": "value" pairs (sent in key order) or ' +
      'key=value lines: blank lines and lines starting with # are skipped, blanks around the key ' +
      'and around the value are dropped, and a value (or key) written as a JSON string ("...") ' +
      'keeps blanks at its ends and may hold \\n for a newline. ovm-template-config --stdin reads ' +
      'the same files the same way. Every problem of a file is listed, each with its line, and ' +
      'nothing is sent while there is one. A key name has no blanks, no control characters and ' +
      'no "=", and is at most 255 bytes. Send the root password last: it triggers the ' +
      'configuration. Use --file - to read the batch from standard input, which keeps secrets out ' +
      'of the process list.',
    'With -q, ovm-vmmessage prints the newest value the guest sent for KEY. --until REGEX and ' +
      '--final make it count only a value that matches REGEX, or an ovmd.run-result whose state is ' +
      'final (configured, completed or failed); --new counts only messages the guest sends after ' +
      'the command started. --wait SECS waits up to SECS for such a value instead of failing at ' +
      'once. Given together with -k/-V or --file, -q counts only what the guest sends after that ' +
      'batch was sent, so "send, then wait for the result of this batch" is one command without a race. ' +
      'With --final, the exit status says how the run went, as with --status.',
    'With --vm-data the batch is written the way a XAPI host writes a VM\'s xenstore-data map: as ' +
      'nodes under /local/domain/<domid>/vm-data, each key\'s dots becoming path separators ' +
      '(com.oracle.linux.network.hostname is vm-data/com/oracle/linux/network/hostname), all in one ' +
      'transaction, with vm-data given to the guest so that it can delete a secret once stored. A key ' +
      'that cannot be a xenstore path (anything but letters, digits, "-", "_" and "@" between the dots) ' +
      'is refused and nothing is written. For plain xl: xl create -p, then this, then xl unpause.',
    '--status prints a summary of the guest\'s latest ovmd.run-result: the target, its state, ' +
      'each module with its status and duration, and every reason a refused (invalid) or failed ' +
      'run gives. --wait SECS waits up to SECS for a final state when a run is still going or ' +
      'none has been reported yet.',
    'Oracle\'s ovm_vmmessage talks to Oracle VM Manager (-u USER -p PASSWORD -h MANAGER -v VM). ' +
      'This command runs on dom0 and talks to xenstore itself, so those options are refused as a ' +
      'wrong command line (exit status 2): name the guest with --domid or --name instead. For the ' +
      'same reason -h and -v are not short for --help and --version here.',
  ],
  options: [
    { name: 'domid', type: 'string', metavar: 'N', describe: 'The guest\'s domain id.' },
    { name: 'name', short: 'n', type: 'string', metavar: 'NAME', describe: 'The guest\'s name (looked up in /local/domain/*/name).' },
    { name: 'key', short: 'k', type: 'string', metavar: 'KEY', describe: 'Key of the one message to send (with -V).' },
    { name: 'value', short: 'V', type: 'string', metavar: 'VALUE', describe: 'Value of the message to send; "-" reads it from standard input.' },
    { name: 'file', short: 'f', type: 'string', metavar: 'FILE', complete: 'file', describe: 'Send every message in FILE, in order ("-" = standard input). FILE holds one JSON object of "key": "value" pairs, or key=value lines (# comments and blank lines skipped, blanks around keys and values dropped, a "..." JSON string for a value with a newline or blanks at its ends), read as ovm-template-config --stdin reads it. Every problem is listed with its line, and nothing is sent while there is one.' },
    { name: 'query', short: 'q', type: 'string', metavar: 'KEY', describe: 'Print the newest value the guest sent for KEY; exits 1 when there is none (or none that counts, see --new, --until, --final). After -k/-V or --file in the same command: only what the guest sends after that batch.' },
    { name: 'wait', short: 'w', type: 'string', metavar: 'SECS', describe: 'With --query: wait up to SECS seconds for a value that counts, instead of failing at once. With --status: wait up to SECS for a final run result.' },
    { name: 'until', type: 'string', metavar: 'REGEX', describe: 'With --query: a value counts only when it matches the regular expression REGEX (JavaScript syntax); only the newest value is tested.' },
    { name: 'final', type: 'boolean', describe: 'With --query ovmd.run-result: count only a final result (any state but running: configured, completed, failed, invalid), not the "running" note sent when a run starts. The exit status is then that of --status.' },
    { name: 'status', type: 'boolean', describe: 'Print a readable summary of the guest\'s latest ovmd.run-result; the exit status says how the run went (see the exit status below). With --wait SECS: wait up to SECS for a final state.' },
    { name: 'new', type: 'boolean', describe: 'With --query: ignore what the guest sent before this command started.' },
    { name: 'list', short: 'l', type: 'boolean', describe: 'Print every message the guest sent, oldest first, as "n key=value".' },
    { name: 'json', type: 'boolean', describe: 'With --list: print a JSON array of {n, key, value}.' },
    { name: 'follow', type: 'boolean', describe: 'Print each new guest message as it arrives, until interrupted.' },
    { name: 'vm-data', type: 'boolean', describe: 'Write the batch (-k/-V or --file) as vm-data keys of the domain, as XAPI does at creation, instead of sending it through Oracle\'s channel. The guest\'s ovmd reads them at start and whenever they change.' },
    { name: 'setup', type: 'boolean', describe: 'Create the channel nodes for the guest (done automatically when sending).' },
    { name: 'clear', type: 'boolean', describe: 'Delete the messages the guest sent (after reading them): they count against the guest\'s xenstore quota. With --list, deletes exactly what was listed.' },
    { name: 'version', type: 'boolean', describe: 'Print the version and exit (no short form: -v is Oracle\'s VM option).' },
    { name: 'help', type: 'boolean', describe: 'Print this help and exit (no short form: -h is Oracle\'s manager host option).' },
  ],
  examples: [
    ['ovm-vmmessage --name vm1 -k com.oracle.linux.network.hostname -V vm1.example.com', 'send one message'],
    ['ovm-vmmessage --domid 7 --file - < batch.json', 'send a batch from standard input'],
    ['ovm-vmmessage --domid 7 --file batch.txt -q ovmd.run-result --final --wait 900', 'send a batch, then wait up to 15 minutes for the result of the run it triggers'],
    ['ovm-vmmessage --domid 7 -q ovmd.run-result --final --wait 900', 'wait for the end of the guest\'s configuration run (a result already there counts)'],
    ['ovm-vmmessage --domid 7 --status --wait 900', 'wait for the end of the guest\'s configuration run and say how it went; exit status 0 only when it succeeded'],
    ["ovm-vmmessage --domid 7 -q ovmd.ip-addresses --until '\"192\\.0\\.2\\.' --wait 60", 'wait until the guest reports an address in 192.0.2.0/24'],
    ['ovm-vmmessage --domid 7 --follow', 'watch what the guest sends'],
    ['xl create -p vm1.cfg && ovm-vmmessage --name vm1 --vm-data --file batch.txt && xl unpause vm1', 'plain xl: hand a first-boot batch to a domain created paused'],
  ],
  exitStatus: [
    '0 success; 1 failure (no such domain, xenstore unavailable, unreadable batch, no value that counts for -q within --wait); 2 wrong command line.',
    'With --status, and with -q ovmd.run-result --final: 0 the run succeeded (configured, completed); 1 it failed or was refused (failed, invalid); ' +
      '2 wrong command line; 3 a run is still going, or none was reported (within --wait); 4 the guest could not be asked (no such domain, xenstore unavailable, a refused batch) or its result cannot be read.',
  ],
  files: [['/var/run/xenstored/socket', 'the dom0 xenstore socket (XENSTORED_PATH overrides it)']],
};
