// What a refused run leaves in the run log (<root>/var/log/ovm-template-config.log): a line
// saying the batch was refused and nothing was changed, then one line per reason, each under
// the link name of the module that gave it. A dry run writes nothing, as always.
import { describeRefusal, type Refusal } from '../params/refusal.js';
import type { SecretMasker } from '../params/secrets.js';
import { RunLog } from '../runner/log-file.js';
import type { Target } from '../params/descriptor.js';
import type { EnabledModule } from '../runner/types.js';

/** Why: a refused run must be visible in the log, reason by reason; returns a problem opening it, if any. */
export function logRefusal(root: string, target: Target, modules: EnabledModule[], refusals: Refusal[], masker: SecretMasker): string | undefined {
  const opened = RunLog.open(root, masker);
  const { log } = opened;
  const count = refusals.length === 1 ? '1 reason' : `${refusals.length} reasons`;
  log.write(target, `run refused before any change (${count}); nothing was changed`);
  for (const refusal of refusals) {
    const entry = modules.find((m) => m.name === refusal.module)?.entry;
    log.write(entry ? `${target} ${entry}` : target, `refused: ${describeRefusal(refusal)}`);
  }
  log.close();
  return opened.problem;
}
