// Every built-in module, one import per line, sorted by name, and the same names in the array
// below. The build makes one executable per entry (dist/modules/<name>) and the contract test
// checks each; nothing runs at import time (house style 14).
import type { ModuleDeclaration } from './lib/types.js';

import authentication from './authentication.js';
import datetime from './datetime.js';
import firewall from './firewall.js';
import network from './network.js';
import selinux from './selinux.js';
import ssh from './ssh.js';
import system from './system.js';
import user from './user.js';

export const MODULES: ModuleDeclaration[] = [
  authentication,
  datetime,
  firewall,
  network,
  selinux,
  ssh,
  system,
  user,
];
