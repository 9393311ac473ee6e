// The guarded test context: commands are denied unless allowed, every command is recorded,
// and a secret that reaches an argv or the log fails the run.
import { afterAll, describe, expect, it } from 'vitest';
import { checkNoSecretLeak } from '../../../modules/lib/pipeline.js';
import { DeniedCommandError, createTestContext, runTestTarget } from '../../../modules/lib/test-context.js';
import type { ModuleDeclaration } from '../../../modules/lib/types.js';
import { cleanupRoots, makeRoot } from '../../helpers/roots.js';

afterAll(cleanupRoots);

function moduleRunning(argv: (p: Record<string, string>) => string[], input?: (p: Record<string, string>) => string): ModuleDeclaration {
  return {
    name: 't',
    description: 't',
    priorities: { configure: 1 },
    parameters: { configure: [{ key: 'pw', password: true }] },
    handlers: {
      configure: (_ctx, p) => ({
        changes: [{ kind: 'run', argv: argv(p), ...(input ? { input: input(p), secretInput: true } : {}) }],
      }),
    },
  };
}

describe('guarded runner', () => {
  it('denies a command nobody allowed, and records it', async () => {
    const h = createTestContext({ root: makeRoot('el8') });
    await expect(h.ctx.run(['rm', '-rf', '/'])).rejects.toThrow(DeniedCommandError);
    expect(h.denied).toEqual([['rm', '-rf', '/']]);
    expect(h.commands).toEqual([{ argv: ['rm', '-rf', '/'], input: false }]);
  });

  it('answers allowed commands with the given result, or runs the real one when told', async () => {
    const h = createTestContext({
      root: makeRoot('el8'),
      allow: [
        { argv: ['getenforce'], exact: true, result: { stdout: 'Enforcing\n' } },
        { argv: ['echo', /^hello$/], real: true },
      ],
    });
    expect((await h.ctx.run(['getenforce'])).stdout).toBe('Enforcing\n');
    await expect(h.ctx.run(['getenforce', 'x'])).rejects.toThrow(DeniedCommandError);
    expect((await h.ctx.run(['echo', 'hello'], { input: 'ignored' })).stdout).toBe('hello\n');
    expect(h.commands.at(-1)).toEqual({ argv: ['echo', 'hello'], input: true });
  });

  it('a denied change command fails the run even if the handler swallowed nothing', async () => {
    const decl = moduleRunning(() => ['useradd', 'x']);
    await expect(runTestTarget(decl, 'configure', {}, { root: makeRoot('el8') })).rejects.toThrow(/not allowed in this test/);
  });
});

describe('secrets', () => {
  it('the SDK refuses a plan that would put a secret in an argv, before running anything', async () => {
    const decl = moduleRunning((p) => ['chpasswd', `root:${p.pw}`]);
    const run = runTestTarget(decl, 'configure', { pw: 's3cret' }, { root: makeRoot('el8'), allow: [{ argv: ['chpasswd'] }] });
    await expect(run).rejects.toThrow(/secret value would reach "chpasswd" unprotected/);
  });

  it('a secret on stdin is fine, and the record shows only that input was given', async () => {
    const decl = moduleRunning(() => ['chpasswd', '-e'], (p) => `root:${p.pw}\n`);
    const r = await runTestTarget(decl, 'configure', { pw: 's3cret' }, { root: makeRoot('el8'), allow: [{ argv: ['chpasswd', '-e'] }] });
    expect(r.commands).toEqual([{ argv: ['chpasswd', '-e'], input: true }]);
    expect(JSON.stringify(r.result.plan)).not.toContain('s3cret');
  });

  it('a write holding a secret must be marked secret', () => {
    expect(() => checkNoSecretLeak([{ kind: 'write', path: '/etc/x', content: 'pw=s3cret' }], ['s3cret'])).toThrow(/not marked secret/);
    expect(() => checkNoSecretLeak([{ kind: 'write', path: '/etc/x', content: 'pw=s3cret', secret: true }], ['s3cret'])).not.toThrow();
  });

  it('a handler that logs a secret fails the test run', async () => {
    const decl: ModuleDeclaration = {
      ...moduleRunning(() => ['true']),
      handlers: { configure: (ctx, p) => (ctx.log.info(`password is ${p.pw}`), { changes: [] }) },
    };
    await expect(runTestTarget(decl, 'configure', { pw: 's3cret' }, { root: makeRoot('el8') })).rejects.toThrow(/reached the log/);
  });
});
