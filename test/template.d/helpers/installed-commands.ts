// The built commands installed once for a test file (installCommands in built.ts), before its
// tests, and removed after them. Apart from built.ts, which scripts import outside vitest.
import { afterAll, beforeAll } from 'vitest';
import { installCommands, type Installed } from './built.js';

/** Registers the file's beforeAll and afterAll; the returned commands are usable in its tests. */
export function installedCommands(): Installed {
  let installed: Installed | undefined;
  beforeAll(() => {
    installed = installCommands();
  });
  afterAll(() => installed?.remove());
  const get = (): Installed => {
    if (!installed) throw new Error('the commands are installed only while the tests run');
    return installed;
  };
  return {
    get dir() {
      return get().dir;
    },
    bin: (command) => get().bin(command),
    remove: () => installed?.remove(),
  };
}
