// An in-memory copy of the root's account database, which the user module's planner updates as
// it goes, so that request 3 is checked against the state requests 1 and 2 will have left.
// Loaded from the ROOT's files, never from the host's name service.
import type { RootFiles } from '../lib/types.js';
import { loginDefsFlag, parseGroup, parsePasswd, parseShadow } from './passwd-files.js';

/** What the planner needs to know of one passwd entry. */
export interface UserState {
  uid: number;
  gid: number;
  home: string;
}

/** What the planner needs to know of one group entry. */
export interface GroupState {
  gid: number;
  members: string[];
}

/** Why: one mutable model, so each request is judged against the state the earlier ones leave. */
export interface AccountDb {
  users: Map<string, UserState>;
  groups: Map<string, GroupState>;
  /** Current crypt hashes by user name. */
  hashes: Map<string, string>;
  /** USERGROUPS_ENAB in the root's login.defs: userdel then removes the user's private group. */
  userGroups: boolean;
  /** Ids the tools will pick later are unknown now: stand-ins below zero never collide. */
  nextUnknownId: number;
}

/** Why: one snapshot of the root's passwd, group, shadow and login.defs to plan against. */
export function loadAccounts(files: RootFiles): AccountDb {
  const users = new Map(parsePasswd(files.read('/etc/passwd')).map((u) => [u.name, { uid: u.uid, gid: u.gid, home: u.home }]));
  const groups = new Map(parseGroup(files.read('/etc/group')).map((g) => [g.name, { gid: g.gid, members: [...g.members] }]));
  const hashes = new Map(parseShadow(files.read('/etc/shadow')).map((s) => [s.name, s.hash]));
  // shadow-utils reads login.defs inside the root; an unset USERGROUPS_ENAB counts as "no".
  const userGroups = loginDefsFlag(files.read('/etc/login.defs'), 'USERGROUPS_ENAB') ?? false;
  return { users, groups, hashes, userGroups, nextUnknownId: -1 };
}

/** Why: the tools choose free ids themselves; the model only needs an id that matches nothing. */
export function unknownId(db: AccountDb): number {
  return db.nextUnknownId--;
}

/** Why: uid uniqueness is checked by the planner, before useradd would refuse halfway through. */
export function userWithUid(db: AccountDb, uid: number): string | undefined {
  for (const [name, user] of db.users) if (user.uid === uid) return name;
  return undefined;
}

/** Why: same for gids, before groupadd/groupmod would refuse. */
export function groupWithGid(db: AccountDb, gid: number): string | undefined {
  for (const [name, group] of db.groups) if (group.gid === gid) return name;
  return undefined;
}

/** Why: a login group may be given as a name or a gid; both resolve to the group's entry. */
export function resolveGroup(db: AccountDb, nameOrGid: string): { name: string; gid: number } | undefined {
  if (/^[0-9]+$/.test(nameOrGid)) {
    const name = groupWithGid(db, Number(nameOrGid));
    return name === undefined ? undefined : { name, gid: Number(nameOrGid) };
  }
  const group = db.groups.get(nameOrGid);
  return group === undefined ? undefined : { name: nameOrGid, gid: group.gid };
}

/** The supplementary groups a user is a member of, sorted. */
export function memberOf(db: AccountDb, user: string): string[] {
  return [...db.groups].filter(([, g]) => g.members.includes(user)).map(([name]) => name).sort();
}

/** The users whose login group has this gid. */
export function primaryUsers(db: AccountDb, gid: number): string[] {
  return [...db.users].filter(([, u]) => u.gid === gid).map(([name]) => name);
}
