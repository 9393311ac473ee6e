// Reads the indexed user and group keys (shared spec modules.md, "user") into ordered requests
// and validates every value before anything is planned. Pure. Any index present is honoured,
// in numeric order; a field given without its `name.N` is an error naming that field's key.
import { checkFormat } from '../../template.d/params/formats.js';
import { InputError, type FamilyId, type Params } from '../lib/types.js';
import { checkPassword } from './password.js';

/** The three actions Oracle defined for user.action.N and group.action.N. */
export type Action = 'add' | 'del' | 'mod';
/** The two key families of the user module. */
export type Kind = 'user' | 'group';

/** One validated group.*.N request. */
export interface GroupRequest {
  index: string;
  name: string;
  action: Action;
  gid?: number;
  newName?: string;
}

/** One validated user.*.N request. */
export interface UserRequest {
  index: string;
  name: string;
  action: Action;
  uid?: number;
  /** Initial login group: a name or a numeric gid. */
  group?: string;
  groups?: string[];
  password?: string;
  newName?: string;
}

const FIELDS: Record<Kind, string[]> = {
  user: ['name', 'action', 'uid', 'group', 'groups', 'password', 'new-name'],
  group: ['name', 'action', 'gid', 'new-name'],
};

/** Why: every error names the exact key the user typed, so this builds it in one place. */
export function keyOf(kind: Kind, field: string, index: string): string {
  return `com.oracle.linux.${kind}.${field}.${index}`;
}

/** Groups the keys of one kind by index: index → field → value. */
function byIndex(params: Params, kind: Kind): Map<string, Map<string, string>> {
  const re = new RegExp(`^com\\.oracle\\.linux\\.${kind}\\.(${FIELDS[kind].join('|')})\\.([0-9]+)$`);
  const out = new Map<string, Map<string, string>>();
  for (const [key, value] of Object.entries(params)) {
    const m = re.exec(key);
    if (!m) continue;
    if (!out.has(m[2]!)) out.set(m[2]!, new Map());
    out.get(m[2]!)!.set(m[1]!, value);
  }
  return new Map([...out].sort(([a], [b]) => Number(a) - Number(b) || a.localeCompare(b)));
}

function checked(format: string, key: string, value: string): string {
  const problem = checkFormat(format, value);
  if (problem !== undefined) throw new InputError(key, problem);
  return value;
}

/** Why: uid/gid 4294967295 is (uid_t)-1, which the kernel and the tools treat as "no id". */
function parseId(key: string, value: string): number {
  checked('uint', key, value);
  if (Number(value) > 4294967294) throw new InputError(key, 'must be at most 4294967294 ((uid_t)-1 is reserved)');
  return Number(value);
}

/** The common part: name and action present and valid, fields that make no sense refused. */
function head(kind: Kind, index: string, fields: Map<string, string>): { name: string; action: Action } {
  const nameKey = keyOf(kind, 'name', index);
  const actionKey = keyOf(kind, 'action', index);
  const name = fields.get('name');
  if (name === undefined) {
    const given = [...fields.keys()].map((f) => keyOf(kind, f, index)).join(', ');
    throw new InputError(nameKey, `is missing, but ${given} ${fields.size > 1 ? 'are' : 'is'} given`);
  }
  checked('name', nameKey, name);
  const action = fields.get('action');
  if (action !== 'add' && action !== 'del' && action !== 'mod') {
    throw new InputError(actionKey, action === undefined ? 'is missing; say add, del or mod' : 'must be add, del or mod');
  }
  const allowed = action === 'del' ? ['name', 'action'] : action === 'add' ? FIELDS[kind].filter((f) => f !== 'new-name') : FIELDS[kind];
  for (const field of fields.keys()) {
    if (!allowed.includes(field)) throw new InputError(keyOf(kind, field, index), `makes no sense with action "${action}"`);
  }
  return { name, action };
}

function groupRequest(index: string, fields: Map<string, string>): GroupRequest {
  const req: GroupRequest = { index, ...head('group', index, fields) };
  const gid = fields.get('gid');
  if (gid !== undefined) req.gid = parseId(keyOf('group', 'gid', index), gid);
  const newName = fields.get('new-name');
  if (newName !== undefined) req.newName = checked('name', keyOf('group', 'new-name', index), newName);
  return req;
}

function userRequest(index: string, fields: Map<string, string>, family: FamilyId): UserRequest {
  const req: UserRequest = { index, ...head('user', index, fields) };
  const key = (field: string) => keyOf('user', field, index);
  const uid = fields.get('uid');
  if (uid !== undefined) req.uid = parseId(key('uid'), uid);
  const group = fields.get('group');
  if (group !== undefined) {
    req.group = /^[0-9]/.test(group) ? String(parseId(key('group'), group)) : checked('name', key('group'), group);
  }
  const groups = fields.get('groups');
  if (groups !== undefined) {
    req.groups = checked('name-list', key('groups'), groups).split(',').map((g) => g.trim());
  }
  const password = fields.get('password');
  if (password !== undefined) {
    checkPassword(key('password'), password, family);
    req.password = password;
  }
  const newName = fields.get('new-name');
  if (newName !== undefined) req.newName = checked('name', key('new-name'), newName);
  return req;
}

/** Why: the single reader of the user module's keys; throws InputError on the first bad value. */
export function collectRequests(params: Params, family: FamilyId): { groups: GroupRequest[]; users: UserRequest[] } {
  const groups = [...byIndex(params, 'group')].map(([index, fields]) => groupRequest(index, fields));
  const users = [...byIndex(params, 'user')].map(([index, fields]) => userRequest(index, fields, family));
  return { groups, users };
}
