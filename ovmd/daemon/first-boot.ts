// First-boot configuration (shared spec ovmd.md, "First boot"): when INITIAL_CONFIG=yes, wait for
// the trigger with a time budget, saying on the console what is awaited, and stop at the first
// successful configure run (which disarms first boot). Parameters come from xenstore through
// the daemon AND from any other ParameterSource (the console dialog plugs in here); whichever
// completes the set first wins and the others are stopped.
import type { Params } from '../../template.d/params/descriptor.js';
import type { Daemon } from './daemon.js';
import type { RunSummary } from './run-summary.js';
import { firstBootArmed } from './settings.js';
import type { OvmdPaths } from './paths.js';

/** What a parameter source may do: see what is stored and what is still missing, and hand over parameters. */
export interface SourceSink {
  missing(): Promise<string[]>;
  submit(params: Params): Promise<void>;
  stored(): Promise<{ params: Params; secretKeys: string[] }>;
}

/** Another way to collect parameters during first boot (e.g. the console dialog). */
export interface ParameterSource {
  name: string;
  start(sink: SourceSink): void | Promise<void>;
  stop(): void;
}

/** The daemon to run, its time budget, the console, and the extra parameter sources. */
export interface FirstBootOptions {
  paths: OvmdPaths;
  daemon: Daemon;
  timeoutSec: number;
  console: (line: string) => void;
  sources?: ParameterSource[];
}

/** How long first boot waits for xenstore's first answer before it talks to the console anyway. */
const FIRST_SCAN_WAIT_MS = 3000;

/** Returns the exit status: 0 configured (or not armed), 1 timed out or failed. */
export async function runFirstBoot(options: FirstBootOptions): Promise<number> {
  const { paths, daemon, console: say, timeoutSec } = options;
  if (!firstBootArmed(paths)) {
    say('ovmd: first-boot configuration is not armed (INITIAL_CONFIG is not yes); nothing to do');
    return 0;
  }
  const sources = options.sources ?? [];
  const done = new Promise<boolean>((resolve) => {
    daemon.intake.on('run', (s: RunSummary) => {
      if (s.target !== 'configure') return;
      if (s.state === 'configured') resolve(true);
      else if (s.state === 'invalid') say(`ovmd: configuration ${s.error ?? 'refused, nothing was changed'}; still waiting for a corrected batch`);
      else say(`ovmd: configuration failed (${s.error ?? 'see the log'}); still waiting for a corrected batch`);
    });
  });
  await daemon.start();
  // What the host sent before this boot's daemon started counts at once (the waiting line, the dialog).
  await daemon.channelScanned(FIRST_SCAN_WAIT_MS);
  const sink: SourceSink = {
    missing: () => daemon.missingKeys(),
    submit: (p) => daemon.submit(p),
    stored: async () => ({ params: daemon.store.all(), secretKeys: daemon.store.secretKeys() }),
  };
  const waiting = (await daemon.missingKeys()).join(', ') || 'the configuration trigger';
  const via = ['the host (xenstore)', ...sources.map((s) => s.name)].join(' or ');
  say(`ovmd: first-boot configuration: waiting up to ${timeoutSec} s for ${waiting} from ${via}`);
  for (const source of sources) void Promise.resolve(source.start(sink)).catch((e: Error) => say(`ovmd: ${source.name}: ${e.message}`));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutSec * 1000)));
  const ok = await Promise.race([done, timeout]);
  clearTimeout(timer);
  for (const source of sources) source.stop();
  if (!ok) say(`ovmd: first-boot configuration did not complete within ${timeoutSec} s; it stays armed and boot continues`);
  return ok ? 0 : 1;
}
