// The network module: hostname, /etc/hosts, interfaces and DNS of a freshly cloned guest
// (shared spec modules.md, "network"), and the matching `cleanup` before a template is sealed.
// Priorities are Oracle's published ones: configure 50, cleanup 50.
import type { ModuleDeclaration } from './lib/types.js';
import { cleanupNetwork } from './network/cleanup.js';
import { configureNetwork } from './network/configure.js';
import { currentNetwork } from './network/current.js';
import { configureDescriptors } from './network/keys.js';

const network: ModuleDeclaration = {
  name: 'network',
  description:
    'Configures the network of a cloned guest: hostname, /etc/hosts, interfaces (address, ' +
    'netmask, gateway, MTU, hardware address) and DNS; cleanup returns it to a generic state.',
  priorities: { configure: 50, cleanup: 50 },
  parameters: { configure: configureDescriptors(), cleanup: [] },
  handlers: { configure: configureNetwork, cleanup: cleanupNetwork },
  current: { configure: currentNetwork },
};

export default network;
