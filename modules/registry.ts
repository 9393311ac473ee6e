// Every built-in module, one import per line, sorted by name. The build makes one executable per
// entry (dist/modules/<name>) and the contract test checks each; nothing runs at import time.
import type { ModuleDeclaration } from './lib/types.js';

export const MODULES: ModuleDeclaration[] = [
];
