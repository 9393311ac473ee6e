// authentication: sets root's password from com.oracle.linux.root-password (shared spec
// modules.md, "authentication"; configure priority 90 is Oracle's). Its required key is the
// trigger that makes remote configuration run at all.
//
// The value is a plain password or a ready crypt hash ($6$ / $5$ everywhere, $y$ on el9; MD5
// "$1$" is refused). A plain password is hashed with SHA-512 crypt by `openssl passwd -6 -stdin`
// and the hash set with `chpasswd -e -R <root>`: the secret is only ever on a pipe, never in an
// argument list, a log line or the plan. When root already has that very password, nothing runs.
import { parseShadow } from './accounts/passwd-files.js';
import { checkPassword, passwordChange, refuseSecretInArgv } from './accounts/password.js';
import type { Descriptor, ModuleContext, ModuleDeclaration, Outcome, Params } from './lib/types.js';

const ROOT_PASSWORD = 'com.oracle.linux.root-password';

const PARAMETERS: Descriptor[] = [
  {
    key: ROOT_PASSWORD,
    description: 'Password for the root account (a crypt hash such as $6$... is also accepted)',
    password: true,
    required: true,
    format: 'line',
  },
];

/** Why: the configure handler; validates, then asks for at most one chpasswd. */
async function configure(ctx: ModuleContext, params: Params): Promise<Outcome> {
  const value = params[ROOT_PASSWORD];
  if (value === undefined) {
    ctx.log.info('no root password given: nothing to do');
    return { changes: [] };
  }
  checkPassword(ROOT_PASSWORD, value, ctx.family);
  const current = parseShadow(ctx.files.read('/etc/shadow')).find((e) => e.name === 'root')?.hash;
  if (current === undefined) {
    ctx.log.warn('root has no line in /etc/shadow under the root; chpasswd will say so if it fails');
  }
  const change = await passwordChange(ctx, 'root', value, current);
  if (change === undefined) {
    ctx.log.info('root already has the requested password: nothing to do');
    return { changes: [] };
  }
  refuseSecretInArgv([change], [[ROOT_PASSWORD, value]]);
  ctx.log.info('setting the root password (value not shown)');
  return { changes: [change] };
}

const authentication: ModuleDeclaration = {
  name: 'authentication',
  description: 'Sets the root password of a freshly cloned template, from a plain password or a crypt hash.',
  priorities: { configure: 90 },
  parameters: { configure: PARAMETERS },
  handlers: { configure },
};

/** Why: the declaration the registry lists and the build bundles. */
export default authentication;
