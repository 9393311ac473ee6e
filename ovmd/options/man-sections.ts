// Man-page sections ovmd and ovm-vmmessage share: the keys the guest sends back to the host
// (ovmd/daemon/report-keys.ts; described in full in docs/guest-messages.md) and the
// environment variable that places xenstore (ovmd/client/endpoint.ts).
import type { TermSection } from '../../template.d/options/command-spec.js';
import { EVENT_RESULT_KEY, IP_ADDRESSES_KEY, MESSAGE_REFUSED_KEY, RUN_RESULT_KEY } from '../daemon/report-keys.js';

/** Why: a host script needs the key names and their meaning without reading the source. */
export const GUEST_KEYS_SECTION: TermSection = {
  title: 'KEYS THE GUEST SENDS BACK',
  intro:
    'Besides the keys set with ovmd -p, ovmd sends these to the host under from-guest, each value one JSON ' +
    'document (the host reads them with ovm-vmmessage -q KEY, --status or --list). No value of a secret key is ever in them.',
  items: [
    [RUN_RESULT_KEY, 'The result of a run: target, state (running when it starts; then configured, completed, failed or invalid), start time, duration, each module with its status, and the reasons of a refused (invalid) batch.'],
    [IP_ADDRESSES_KEY, 'The network interfaces, each with its name, MAC address and IPv4 and IPv6 addresses; sent when ovmd connects and whenever they change (REPORT_IP=no in /etc/sysconfig/ovmd turns it off).'],
    [EVENT_RESULT_KEY, 'The answer to a VMAPIEvent that names no target: the event, and a note saying it was not handled.'],
    [MESSAGE_REFUSED_KEY, 'A host message the guest refused instead of storing (a bad key name, a value over the limit): its number and why, never its value.'],
    ['(keys returned by modules)', 'A key a module adds or changes in the parameter set is sent with its new value after the run, except secret keys.'],
  ],
};

/** The variable both commands read to find xenstore. */
export const XENSTORE_ENVIRONMENT: [string, string][] = [
  [
    'XENSTORED_PATH',
    'The xenstore socket or device to use instead of the standard places, which are tried in this order: ' +
      '/dev/xen/xenbus, /proc/xen/xenbus (a guest), /var/run/xenstored/socket (dom0). Set it to a xenstored ' +
      'socket for tests, or where xenstored listens elsewhere; a path that does not exist is an error, not a fallback.',
  ],
];
