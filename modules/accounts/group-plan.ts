// Plans one group request (add, del, mod) against the account model and updates the model.
// A request already satisfied plans nothing and says so; a conflicting one throws InputError
// naming the key, before any command has run (the whole batch is planned first).
import { InputError, type Change, type Logger } from '../lib/types.js';
import { groupWithGid, primaryUsers, unknownId, type AccountDb } from './account-db.js';
import { keyOf, type GroupRequest } from './requests.js';
import { toolChange } from './shadow-tools.js';

const key = (req: GroupRequest, field: string) => keyOf('group', field, req.index);

function gidTaken(db: AccountDb, req: GroupRequest, self: string): void {
  if (req.gid === undefined) return;
  const owner = groupWithGid(db, req.gid);
  if (owner !== undefined && owner !== self) {
    throw new InputError(key(req, 'gid'), `gid ${req.gid} already belongs to group "${owner}"`);
  }
}

function add(db: AccountDb, req: GroupRequest, root: string, log: Logger): Change[] {
  const existing = db.groups.get(req.name);
  if (existing !== undefined) {
    if (req.gid !== undefined && req.gid !== existing.gid) {
      throw new InputError(key(req, 'gid'), `group "${req.name}" already exists with gid ${existing.gid}, not ${req.gid}`);
    }
    log.info(`group ${req.name} already exists (gid ${existing.gid}): nothing to do`);
    return [];
  }
  gidTaken(db, req, req.name);
  db.groups.set(req.name, { gid: req.gid ?? unknownId(db), members: [] });
  const args = req.gid === undefined ? [req.name] : ['-g', String(req.gid), req.name];
  return [toolChange(root, 'groupadd', args, `add group ${req.name}`)];
}

function del(db: AccountDb, req: GroupRequest, root: string, log: Logger): Change[] {
  const existing = db.groups.get(req.name);
  if (existing === undefined) {
    log.info(`group ${req.name} does not exist: nothing to delete`);
    return [];
  }
  const users = primaryUsers(db, existing.gid);
  if (users.length > 0) {
    throw new InputError(
      key(req, 'name'),
      `group "${req.name}" is the login group of ${users.join(', ')}; groups are changed before users, ` +
        'so delete or move those users first (in an earlier batch)',
    );
  }
  db.groups.delete(req.name);
  return [toolChange(root, 'groupdel', [req.name], `delete group ${req.name}`)];
}

/** A mod whose group is gone but whose new name exists was already applied by an earlier run. */
function mod(db: AccountDb, req: GroupRequest, root: string, log: Logger): Change[] {
  let name = req.name;
  if (!db.groups.has(name) && req.newName !== undefined && db.groups.has(req.newName)) {
    name = req.newName;
  } else if (!db.groups.has(name)) {
    throw new InputError(key(req, 'name'), `group "${req.name}" does not exist, so it cannot be modified`);
  } else if (req.newName !== undefined && req.newName !== name && db.groups.has(req.newName)) {
    throw new InputError(key(req, 'new-name'), `a group named "${req.newName}" already exists`);
  }
  gidTaken(db, req, name);
  const group = db.groups.get(name)!;
  const args: string[] = [];
  if (req.gid !== undefined && req.gid !== group.gid) {
    args.push('-g', String(req.gid));
    // groupmod(8): users whose login group this is follow the new gid.
    for (const user of db.users.values()) if (user.gid === group.gid) user.gid = req.gid;
    group.gid = req.gid;
  }
  if (req.newName !== undefined && req.newName !== name) {
    args.push('-n', req.newName);
    db.groups.delete(name);
    db.groups.set(req.newName, group);
  }
  if (args.length === 0) {
    log.info(`group ${name} already is as requested: nothing to do`);
    return [];
  }
  return [toolChange(root, 'groupmod', [...args, name], `modify group ${name}`)];
}

/** Why: the one entry point per group request; dispatches on the action. */
export function planGroup(db: AccountDb, req: GroupRequest, root: string, log: Logger): Change[] {
  const plan = { add, del, mod }[req.action];
  return plan(db, req, root, log);
}
