// Plans one user request (add, del, mod) against the account model and updates the model.
// Same rules as groups: satisfied = nothing to do (said in the log), conflicting = InputError
// naming the key, all before anything runs. Home directories are created on add (-m) and kept
// on del and on rename: deleting a person's files is never a side effect of a key.
import { InputError, type Change, type ModuleContext } from '../lib/types.js';
import { memberOf, resolveGroup, unknownId, userWithUid, type AccountDb } from './account-db.js';
import { passwordChange } from './password.js';
import { keyOf, type UserRequest } from './requests.js';
import { toolChange } from './shadow-tools.js';

const key = (req: UserRequest, field: string) => keyOf('user', field, req.index);

/** Resolves the request's login group and supplementary groups, refusing unknown ones. */
function groupsOf(db: AccountDb, req: UserRequest): { gid?: number; groupName?: string; groups?: string[] } {
  const out: { gid?: number; groupName?: string; groups?: string[] } = {};
  if (req.group !== undefined) {
    const group = resolveGroup(db, req.group);
    if (group === undefined) throw new InputError(key(req, 'group'), `group "${req.group}" does not exist`);
    out.gid = group.gid;
    out.groupName = group.name;
  }
  if (req.groups !== undefined) {
    const missing = req.groups.filter((g) => !db.groups.has(g));
    if (missing.length) throw new InputError(key(req, 'groups'), missing.length === 1 ? `group ${missing[0]} does not exist` : `groups ${missing.join(', ')} do not exist`);
    out.groups = [...new Set(req.groups)].sort();
  }
  return out;
}

function uidFree(db: AccountDb, req: UserRequest, self: string): void {
  if (req.uid === undefined) return;
  const owner = userWithUid(db, req.uid);
  if (owner !== undefined && owner !== self) {
    throw new InputError(key(req, 'uid'), `uid ${req.uid} already belongs to user "${owner}"`);
  }
}

function setMembership(db: AccountDb, user: string, groups: string[]): void {
  for (const [name, group] of db.groups) {
    const want = groups.includes(name);
    group.members = group.members.filter((m) => m !== user);
    if (want) group.members.push(user);
  }
}

async function password(ctx: ModuleContext, db: AccountDb, req: UserRequest, user: string): Promise<Change[]> {
  if (req.password === undefined) return [];
  const change = await passwordChange(ctx, user, req.password, db.hashes.get(user));
  if (change === undefined) ctx.log.info(`user ${user} already has the requested password`);
  return change === undefined ? [] : [change];
}

/** An existing user is fine when every field given matches; otherwise the first mismatch is named. */
function checkSame(db: AccountDb, req: UserRequest, wanted: ReturnType<typeof groupsOf>): void {
  const user = db.users.get(req.name)!;
  const differs = (field: string, what: string) => {
    throw new InputError(key(req, field), `user "${req.name}" already exists with ${what}; use action "mod" to change it`);
  };
  if (req.uid !== undefined && req.uid !== user.uid) differs('uid', `uid ${user.uid}`);
  if (wanted.gid !== undefined && wanted.gid !== user.gid) differs('group', `login group gid ${user.gid}`);
  const current = memberOf(db, req.name);
  if (wanted.groups !== undefined && wanted.groups.join(',') !== current.join(',')) {
    differs('groups', `supplementary groups "${current.join(',')}"`);
  }
}

async function add(ctx: ModuleContext, db: AccountDb, req: UserRequest): Promise<Change[]> {
  const wanted = groupsOf(db, req);
  if (db.users.has(req.name)) {
    checkSame(db, req, wanted);
    ctx.log.info(`user ${req.name} already exists as requested: nothing to add`);
    return password(ctx, db, req, req.name);
  }
  uidFree(db, req, req.name);
  if (ctx.files.exists(`/home/${req.name}`)) {
    ctx.log.warn(`/home/${req.name} already exists: useradd keeps it as it is, owner included`);
  }
  const args = ['-m'];
  if (req.uid !== undefined) args.push('-u', String(req.uid));
  let gid = wanted.gid;
  if (wanted.groupName !== undefined) args.push('-g', wanted.groupName);
  else if (db.groups.has(req.name)) {
    // A group with the user's name already exists (e.g. made by group.*.N): use it as the login group.
    args.push('-g', req.name);
    gid = db.groups.get(req.name)!.gid;
  } else {
    args.push('-U');
    gid = unknownId(db);
    db.groups.set(req.name, { gid, members: [] });
  }
  if (wanted.groups !== undefined) args.push('-G', wanted.groups.join(','));
  db.users.set(req.name, { uid: req.uid ?? unknownId(db), gid: gid!, home: `/home/${req.name}` });
  // A new account starts locked, whatever an earlier account of that name had.
  db.hashes.delete(req.name);
  setMembership(db, req.name, wanted.groups ?? []);
  const changes = [toolChange(ctx.root, 'useradd', [...args, req.name], `add user ${req.name}`)];
  return [...changes, ...(await password(ctx, db, req, req.name))];
}

function del(ctx: ModuleContext, db: AccountDb, req: UserRequest): Change[] {
  const user = db.users.get(req.name);
  if (user === undefined) {
    ctx.log.info(`user ${req.name} does not exist: nothing to delete`);
    return [];
  }
  if (user.uid === 0) throw new InputError(key(req, 'name'), `refusing to delete "${req.name}", which has uid 0`);
  db.users.delete(req.name);
  db.hashes.delete(req.name);
  setMembership(db, req.name, []);
  const own = db.groups.get(req.name);
  // userdel(8) with USERGROUPS_ENAB: the same-named group goes too if nobody else uses it.
  if (db.userGroups && own?.gid === user.gid && own.members.length === 0 && !userUsesGid(db, user.gid)) {
    db.groups.delete(req.name);
  }
  ctx.log.info(`deleting user ${req.name}; the home directory ${user.home} is kept`);
  return [toolChange(ctx.root, 'userdel', [req.name], `delete user ${req.name}`)];
}

function userUsesGid(db: AccountDb, gid: number): boolean {
  return [...db.users.values()].some((u) => u.gid === gid);
}

/** Finds the user a mod acts on: a mod already applied by an earlier run (renamed) counts. */
function modTarget(db: AccountDb, req: UserRequest): string {
  if (db.users.has(req.name)) {
    if (req.newName !== undefined && req.newName !== req.name && db.users.has(req.newName)) {
      throw new InputError(key(req, 'new-name'), `a user named "${req.newName}" already exists`);
    }
    return req.name;
  }
  if (req.newName !== undefined && db.users.has(req.newName)) return req.newName;
  throw new InputError(key(req, 'name'), `user "${req.name}" does not exist, so it cannot be modified`);
}

async function mod(ctx: ModuleContext, db: AccountDb, req: UserRequest): Promise<Change[]> {
  const name = modTarget(db, req);
  const user = db.users.get(name)!;
  const wanted = groupsOf(db, req);
  uidFree(db, req, name);
  const renaming = req.newName !== undefined && req.newName !== name;
  if (user.uid === 0 && (renaming || (req.uid !== undefined && req.uid !== 0))) {
    throw new InputError(key(req, renaming ? 'new-name' : 'uid'), `refusing to rename or renumber "${name}", which has uid 0`);
  }
  const args: string[] = [];
  if (req.uid !== undefined && req.uid !== user.uid) args.push('-u', String((user.uid = req.uid)));
  if (wanted.gid !== undefined && wanted.gid !== user.gid) {
    args.push('-g', wanted.groupName!);
    user.gid = wanted.gid;
  }
  if (wanted.groups !== undefined && wanted.groups.join(',') !== memberOf(db, name).join(',')) {
    args.push('-G', wanted.groups.join(','));
    setMembership(db, name, wanted.groups);
  }
  let final = name;
  if (renaming) {
    args.push('-l', req.newName!);
    final = renameInModel(db, name, req.newName!);
  }
  const changes = args.length ? [toolChange(ctx.root, 'usermod', [...args, name], `modify user ${name}`)] : [];
  if (!args.length) ctx.log.info(`user ${name} already is as requested`);
  return [...changes, ...(await password(ctx, db, req, final))];
}

/** usermod -l renames the passwd, shadow and group-member entries; the home path stays. */
function renameInModel(db: AccountDb, from: string, to: string): string {
  db.users.set(to, db.users.get(from)!);
  db.users.delete(from);
  for (const group of db.groups.values()) group.members = group.members.map((m) => (m === from ? to : m));
  const hash = db.hashes.get(from);
  if (hash !== undefined) db.hashes.set(to, hash);
  db.hashes.delete(from);
  return to;
}

/** Why: the one entry point per user request; dispatches on the action. */
export async function planUser(ctx: ModuleContext, db: AccountDb, req: UserRequest): Promise<Change[]> {
  if (req.action === 'add') return add(ctx, db, req);
  if (req.action === 'del') return del(ctx, db, req);
  return mod(ctx, db, req);
}
