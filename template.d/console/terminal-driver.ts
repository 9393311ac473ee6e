// Chooses how the dialog talks to the terminal: inquirer's prompts (plain theme, redrawn in
// place) wherever TERM names a real terminal type, the line driver where it does not.
import type { PromptDriver } from './driver.js';
import { inquirerDriver } from './inquirer-driver.js';
import { lineDriver, wantsPlainTerminal } from './line-driver.js';

/** Why: one decision for both --console-input and first boot, from the TERM the system set. */
export function terminalDriver(signal?: AbortSignal, env: NodeJS.ProcessEnv = process.env): PromptDriver {
  return wantsPlainTerminal(env) ? lineDriver({ signal }) : inquirerDriver({ signal });
}
