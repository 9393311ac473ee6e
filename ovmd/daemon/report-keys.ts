// The keys the guest sends back through from-guest. Oracle's own reporting keys are not public
// (shared spec vmapi-channel.md), so these are this project's, documented in
// docs/guest-messages.md; hosts read them with `ovm-vmmessage -q KEY`.

/** JSON run result: target, state (running/configured/completed/failed), modules, duration, error. */
export const RUN_RESULT_KEY = 'ovmd.run-result';
/** JSON list of the guest's interfaces: name, mac, ipv4[], ipv6[]. */
export const IP_ADDRESSES_KEY = 'ovmd.ip-addresses';
/** JSON result of a VMAPIEvent that did not name a target: {event, handled, note}. */
export const EVENT_RESULT_KEY = 'ovmd.event';
/** JSON note of a host message the guest refused (bad key name, value too long): {n, reason}. */
export const MESSAGE_REFUSED_KEY = 'ovmd.message-refused';
