// What `ovmd -e EVENT` prints when EVENT names no target: nothing ran, and the host got an
// ovmd.event answer saying so (intake.ts). Pure.
import { TARGETS } from '../../template.d/params/descriptor.js';
import { nearestName } from '../../template.d/render/nearest-name.js';
import { EVENT_RESULT_KEY } from './report-keys.js';

/** Why: "handed to listeners" told a user nothing; say that nothing ran and what would have. */
export function notATargetReply(event: string): string {
  // Any event name is valid (a host may send its own); a near miss of a target is worth a hint.
  const near = nearestName(event.trim().toLowerCase(), TARGETS, { allowed: Math.max(1, Math.floor(event.length / 4)) });
  return `event "${event}" is not a target name, so nothing ran (targets: ${TARGETS.join(', ')}); ` +
    `the host was answered with ${EVENT_RESULT_KEY}, handled: false${near ? `. Did you mean "${near}"?` : ''}`;
}
