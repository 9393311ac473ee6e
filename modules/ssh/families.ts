// What each family's OpenSSH does with each key type: the per-family part of the ssh module,
// as a table (house style 11). Versions: OL6 ships OpenSSH 5.3p1, OL7 7.4p1, OL8 8.0p1,
// OL9 8.7p1. Ed25519 arrived in 6.5; DSA is off by default since 7.0; 7.4 dropped protocol 1.
import type { FamilyId } from '../lib/types.js';
import type { KeyType } from './key-check.js';

/** One family's row: what its OpenSSH refuses, and what it stores but ignores. */
export interface SshFamily {
  /** Types this OpenSSH cannot load at all: refused, with the reason. */
  unsupported: Partial<Record<KeyType, string>>;
  /** Types it can store but will not use by default: written, and the log says why. */
  unused: Partial<Record<KeyType, string>>;
}

const NO_PROTOCOL_1 = 'OpenSSH 7.4 and later have no SSH protocol 1: this key is written but never used';
const DSA_OFF = 'OpenSSH 7.0 and later disable DSA (ssh-dss) keys by default: this key is written but not used unless the configuration enables ssh-dss';

/** Why: the one place that knows which OpenSSH a family ships and what it accepts. */
export const SSH_FAMILIES: Record<FamilyId, SshFamily> = {
  el6: {
    unsupported: { ed25519: 'OpenSSH 5.3 on el6 cannot load Ed25519 keys (they need OpenSSH 6.5 or later)' },
    unused: { rsa1: 'sshd on el6 uses an SSH protocol 1 key only when sshd_config says "Protocol 2,1"' },
  },
  el7: { unsupported: {}, unused: { rsa1: NO_PROTOCOL_1, dsa: DSA_OFF } },
  el8: { unsupported: {}, unused: { rsa1: NO_PROTOCOL_1, dsa: DSA_OFF } },
  el9: { unsupported: {}, unused: { rsa1: NO_PROTOCOL_1, dsa: DSA_OFF } },
};
