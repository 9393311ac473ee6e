// The ovm-vmmessage command line (the dom0 end of the channel) as data, shared by the CLI and
// the man page. Layout it follows: shared spec vmapi-channel.md, "Host side".
import type { CommandSpec } from '../../template.d/options/command-spec.js';

/** Parser and man page source for ovm-vmmessage. */
export const ovmVmmessageSpec: CommandSpec = {
  name: 'ovm-vmmessage',
  section: 8,
  summary: 'send Oracle VM API messages to a guest and read what it sends back (dom0 side)',
  synopsis: [
    '(--domid N | --name NAME) -k KEY -V VALUE',
    '(--domid N | --name NAME) --file FILE|-',
    '(--domid N | --name NAME) -q KEY [--wait SECS] | --list [--json] | --follow',
    '(--domid N | --name NAME) --setup | --clear',
  ],
  description: [
    'ovm-vmmessage runs on the host (dom0) and talks to a guest through xenstore, with the same ' +
      'layout Oracle VM Manager uses: messages go to /local/domain/<domid>/control/oracle-vmapi/to-guest ' +
      'and the guest answers under from-guest. Each message is written in one transaction, so the ' +
      'guest never sees half of it.',
    'The channel nodes are created, with permissions that let the guest use them, the first time ' +
      'a message is sent (or with --setup).',
    'A batch file holds either a JSON object (sent in key order) or key=value lines (blank lines ' +
      'and lines starting with # are skipped). Send the root password last: it triggers the ' +
      'configuration. Use --file - to read the batch from standard input, which keeps secrets out ' +
      'of the process list.',
  ],
  options: [
    { name: 'domid', type: 'number', metavar: 'N', describe: 'The guest\'s domain id.' },
    { name: 'name', short: 'n', type: 'string', metavar: 'NAME', describe: 'The guest\'s name (looked up in /local/domain/*/name).' },
    { name: 'key', short: 'k', type: 'string', metavar: 'KEY', describe: 'Key of the one message to send (with -V).' },
    { name: 'value', short: 'V', type: 'string', metavar: 'VALUE', describe: 'Value of the message to send; "-" reads it from standard input.' },
    { name: 'file', short: 'f', type: 'string', metavar: 'FILE', describe: 'Send every message in FILE, in order ("-" = standard input).' },
    { name: 'query', short: 'q', type: 'string', metavar: 'KEY', describe: 'Print the newest value the guest sent for KEY; exits 1 when there is none.' },
    { name: 'wait', short: 'w', type: 'number', metavar: 'SECS', describe: 'With --query: wait up to SECS for the guest to send KEY.' },
    { name: 'list', short: 'l', type: 'boolean', describe: 'Print every message the guest sent, oldest first, as "n key=value".' },
    { name: 'json', type: 'boolean', describe: 'With --list: print a JSON array of {n, key, value}.' },
    { name: 'follow', type: 'boolean', describe: 'Print each new guest message as it arrives, until interrupted.' },
    { name: 'setup', type: 'boolean', describe: 'Create the channel nodes for the guest (done automatically when sending).' },
    { name: 'clear', type: 'boolean', describe: 'Delete the messages the guest sent (after reading them): they count against the guest\'s xenstore quota. With --list, deletes exactly what was listed.' },
    { name: 'version', short: 'v', type: 'boolean', describe: 'Print the version and exit.' },
    { name: 'help', short: 'h', type: 'boolean', describe: 'Print this help and exit.' },
  ],
  examples: [
    ['ovm-vmmessage --name vm1 -k com.oracle.linux.network.hostname -V vm1.example.com', 'send one message'],
    ['ovm-vmmessage --domid 7 --file - < batch.json', 'send a batch from standard input'],
    ['ovm-vmmessage --domid 7 -q ovmd.run-result --wait 120', 'wait for the configuration result'],
    ['ovm-vmmessage --domid 7 --follow', 'watch what the guest sends'],
  ],
  exitStatus: [
    '0 success; 1 failure (no such domain, xenstore unavailable, nothing to query); 2 wrong command line.',
  ],
  files: [['/var/run/xenstored/socket', 'the dom0 xenstore socket (XENSTORED_PATH overrides it)']],
};
