// ssh: installs host keys under /etc/ssh and per-user keys under ~user/.ssh (shared spec
// modules.md, "ssh"; configure priority 70 is Oracle's, after the user module has made the
// accounts), and at cleanup removes the host keys so each clone gets its own.
//
// Beyond Oracle's keys: host-ecdsa-key / host-ed25519-key (and their -pub) and the private-key
// types ecdsa / ed25519; see docs/ssh-keys.md. Every key is checked with ssh-keygen before
// anything is written; private keys are secrets (password: true) that reach ssh-keygen only on
// a pipe and are never shown in a plan or a log.
import type { Descriptor, ModuleContext, ModuleDeclaration, Outcome, Params } from './lib/types.js';
import { HOST_KEYS, planHostKeys, planRemoveHostKeys } from './ssh/host-keys.js';
import { planUserKeys } from './ssh/user-keys.js';

const HOST_NAMES: Record<string, string> = {
  rsa1: 'SSH protocol 1 host key (obsolete: current OpenSSH ignores it)',
  rsa: 'RSA host key',
  dsa: 'DSA host key (disabled by default in current OpenSSH)',
  ecdsa: 'ECDSA host key',
  ed25519: 'Ed25519 host key',
};

function hostDescriptors(): Descriptor[] {
  return HOST_KEYS.flatMap((kind) => [
    { key: kind.key, description: `Private ${HOST_NAMES[kind.type]}, the whole file`, hidden: true, password: true, format: 'text-lines' },
    { key: `${kind.key}-pub`, description: `Public half of the ${HOST_NAMES[kind.type]}`, hidden: true, format: 'text-lines' },
  ]);
}

/** Index 0 is enumerated; every index present in the parameter set is honoured. */
const USER_DESCRIPTORS: Descriptor[] = [
  { key: 'com.oracle.linux.ssh.user.0', description: 'User whose ~/.ssh receives the keys with the same index', hidden: true, format: 'name' },
  { key: 'com.oracle.linux.ssh.authorized-keys.0', description: 'Public key lines to add to the user\'s authorized_keys', hidden: true, format: 'text-lines' },
  { key: 'com.oracle.linux.ssh.private-key.0', description: "The user's private key, the whole file", hidden: true, password: true, format: 'text-lines' },
  {
    key: 'com.oracle.linux.ssh.private-key-type.0',
    description: 'Type of the private key: rsa, dsa, rsa1, ecdsa or ed25519',
    hidden: true,
    choices: ['rsa', 'dsa', 'rsa1', 'ecdsa', 'ed25519'],
  },
  { key: 'com.oracle.linux.ssh.known-hosts.0', description: "Lines to add to the user's known_hosts", hidden: true, format: 'text-lines' },
];

/** Why: the configure handler; host keys first, then the users' files. */
async function configure(ctx: ModuleContext, params: Params): Promise<Outcome> {
  const changes = [...(await planHostKeys(ctx, params)), ...(await planUserKeys(ctx, params))];
  if (changes.length === 0) ctx.log.info('no ssh keys given: nothing to do');
  return { changes };
}

/** Why: the cleanup handler; removes the template's host keys. */
function cleanup(ctx: ModuleContext): Outcome {
  return { changes: planRemoveHostKeys(ctx) };
}

const ssh: ModuleDeclaration = {
  name: 'ssh',
  description: 'Installs SSH host keys and users\' authorized keys, known hosts and private keys; cleanup removes the host keys.',
  priorities: { configure: 70, cleanup: 70 },
  parameters: { configure: [...hostDescriptors(), ...USER_DESCRIPTORS], cleanup: [] },
  // Key files and key lists arrive with their line breaks (ovmd -l escapes them as \n); a public
  // key file's content ends with one too. A -pub value is still checked to be a single line.
  multiline: [
    ...HOST_KEYS.flatMap((kind) => [kind.key, `${kind.key}-pub`]),
    'com.oracle.linux.ssh.authorized-keys.0',
    'com.oracle.linux.ssh.private-key.0',
    'com.oracle.linux.ssh.known-hosts.0',
  ],
  handlers: { configure, cleanup },
};

/** Why: the declaration the registry lists and the build bundles. */
export default ssh;
