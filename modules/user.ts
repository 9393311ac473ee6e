// user: adds, modifies, renames and deletes local users and groups from the indexed keys
// com.oracle.linux.user.*.N and com.oracle.linux.group.*.N (shared spec modules.md, "user").
//
// Priority 60: Oracle only published "between network (50) and ssh (70)"; 60 leaves room on
// both sides and runs before ssh, which installs keys into the homes created here.
//
// The whole batch is read, validated and planned against the root's own /etc/passwd, /etc/group,
// /etc/shadow and /etc/login.defs first; only then do the shadow tools run, with -R <root>.
// Group requests come before user requests (so a user can join a group made in the same batch),
// each kind in index order. Passwords are set as crypt hashes on chpasswd's stdin.
//
// Semantics: add of an existing, identical user or group and del of a missing one are "nothing
// to do"; add creates the home (-m) and, without group.N, a same-named login group (an existing
// group of that name is used); groups.N sets the complete supplementary list (usermod -G);
// new-name renames the account only (the home path stays); del keeps the home directory.
import { loadAccounts } from './accounts/account-db.js';
import { planGroup } from './accounts/group-plan.js';
import { refuseSecretInArgv } from './accounts/password.js';
import { collectRequests, keyOf } from './accounts/requests.js';
import { planUser } from './accounts/user-plan.js';
import type { Change, Descriptor, ModuleContext, ModuleDeclaration, Outcome, Params } from './lib/types.js';

const USER_FIELDS: [string, string, Partial<Descriptor>][] = [
  ['name', 'Name of the user to add, delete or modify', { format: 'name' }],
  ['action', 'What to do with the user: add, del or mod', { choices: ['add', 'del', 'mod'] }],
  ['uid', 'Numeric user ID', { format: 'uint' }],
  ['group', 'Initial login group (name or gid)', { format: 'line' }],
  ['groups', 'Supplementary groups, comma-separated, e.g. wheel,dba', { format: 'name-list' }],
  ['password', "The user's password (a crypt hash such as $6$... is also accepted)", { password: true, format: 'line' }],
  ['new-name', 'New name for the user (action mod)', { format: 'name' }],
];

const GROUP_FIELDS: [string, string, Partial<Descriptor>][] = [
  ['name', 'Name of the group to add, delete or modify', { format: 'name' }],
  ['action', 'What to do with the group: add, del or mod', { choices: ['add', 'del', 'mod'] }],
  ['gid', 'Numeric group ID', { format: 'uint' }],
  ['new-name', 'New name for the group (action mod)', { format: 'name' }],
];

/** Index 0 is enumerated; every index present in the parameter set is honoured. */
function descriptors(kind: string, fields: [string, string, Partial<Descriptor>][]): Descriptor[] {
  return fields.map(([field, description, extra]) => ({
    key: `com.oracle.linux.${kind}.${field}.0`,
    description,
    hidden: true,
    ...extra,
  }));
}

/** Why: the configure handler; plans the whole batch, or throws before anything changes. */
async function configure(ctx: ModuleContext, params: Params): Promise<Outcome> {
  const { groups, users } = collectRequests(params, ctx.family);
  if (groups.length + users.length === 0) {
    ctx.log.info('no user or group keys given: nothing to do');
    return { changes: [] };
  }
  const db = loadAccounts(ctx.files);
  const changes: Change[] = [];
  for (const req of groups) changes.push(...planGroup(db, req, ctx.root, ctx.log));
  for (const req of users) changes.push(...(await planUser(ctx, db, req)));
  refuseSecretInArgv(changes, users.filter((r) => r.password !== undefined).map((r) => [keyOf('user', 'password', r.index), r.password!]));
  if (changes.length === 0) ctx.log.info('every user and group is already as requested');
  return { changes };
}

const user: ModuleDeclaration = {
  name: 'user',
  description: 'Adds, modifies, renames and deletes local users and groups, and sets their passwords.',
  priorities: { configure: 60 },
  parameters: { configure: [...descriptors('group', GROUP_FIELDS), ...descriptors('user', USER_FIELDS)] },
  handlers: { configure },
};

/** Why: the declaration the registry lists and the build bundles. */
export default user;
