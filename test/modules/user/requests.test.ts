// Reading the indexed user and group keys into ordered, validated requests (pure).
import { describe, expect, it } from 'vitest';
import { collectRequests } from '../../../modules/accounts/requests.js';
import { InputError } from '../../../modules/lib/types.js';
import { g, u } from './harness.js';

describe('collectRequests', () => {
  it('orders by numeric index, any index present, and ignores other keys', () => {
    const params = {
      ...u('name', 10, 'zed'), ...u('action', 10, 'del'),
      ...u('name', 2, 'amy'), ...u('action', 2, 'add'), ...u('uid', 2, '2000'), ...u('groups', 2, 'wheel, dba'),
      ...g('name', 0, 'dba'), ...g('action', 0, 'add'),
      'com.oracle.linux.network.hostname': 'vm1',
      'com.oracle.linux.user.nickname.0': 'ignored',
    };
    expect(collectRequests(params, 'el8')).toEqual({
      groups: [{ index: '0', name: 'dba', action: 'add' }],
      users: [
        { index: '2', name: 'amy', action: 'add', uid: 2000, groups: ['wheel', 'dba'] },
        { index: '10', name: 'zed', action: 'del' },
      ],
    });
  });

  it('accepts a login group given as a gid', () => {
    const { users } = collectRequests({ ...u('name', 0, 'amy'), ...u('action', 0, 'add'), ...u('group', 0, '100') }, 'el8');
    expect(users[0]!.group).toBe('100');
  });

  const refused: [Record<string, string>, string, RegExp][] = [
    [{ ...u('name', 0, 'amy') }, 'com.oracle.linux.user.action.0', /is missing/],
    [{ ...u('action', 1, 'add'), ...u('uid', 1, '5') }, 'com.oracle.linux.user.name.1', /is missing, but .*action\.1, .*uid\.1 are given/],
    [{ ...u('name', 0, 'amy'), ...u('action', 0, 'add'), ...u('new-name', 0, 'bea') }, 'com.oracle.linux.user.new-name.0', /makes no sense with action "add"/],
    [{ ...g('name', 0, 'dba'), ...g('action', 0, 'del'), ...g('gid', 0, '9') }, 'com.oracle.linux.group.gid.0', /makes no sense/],
    [{ ...u('name', 0, 'amy'), ...u('action', 0, 'add'), ...u('uid', 0, '007') }, 'com.oracle.linux.user.uid.0', /leading zeros/],
    [{ ...u('name', 0, 'amy'), ...u('action', 0, 'add'), ...u('password', 0, '') }, 'com.oracle.linux.user.password.0', /empty/],
    [{ ...u('name', 0, 'Amy'), ...u('action', 0, 'add') }, 'com.oracle.linux.user.name.0', /lower-case/],
    [{ ...u('name', 0, 'a'.repeat(33)), ...u('action', 0, 'add') }, 'com.oracle.linux.user.name.0', /longer than 32/],
  ];
  it.each(refused)('%j is refused naming %s', (params, key, message) => {
    const error = (() => {
      try {
        collectRequests(params, 'el8');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).key).toBe(key);
    expect((error as InputError).message).toMatch(message);
  });
});
