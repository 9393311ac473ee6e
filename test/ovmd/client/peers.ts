// Test helper: the independent xenstore clients used as peers (libxenstore's xenstore-* tools
// and pyxs under Debian's python), run against a given endpoint.
import { execFile } from 'node:child_process';
import { SYSTEM_PYTHON } from '../../xenstored/testbed.js';

function run(cmd: string, args: string[], env: { XENSTORED_PATH: string }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { env: { ...process.env, ...env }, encoding: 'buffer', timeout: 20_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} ${args.join(' ')} failed: ${stderr.toString() || err.message}`));
      else resolve(stdout);
    });
  });
}

/** Runs a libxenstore tool (xenstore-read, xenstore-write, xenstore-ls, ...). */
export const xsTool = (env: { XENSTORED_PATH: string }, tool: string, ...args: string[]) => run(tool, args, env);

const PYXS_READ = `
import sys
from pyxs import Client
with Client() as c:
    sys.stdout.buffer.write(c.read(sys.argv[1].encode()))
`;
const PYXS_WRITE = `
import sys
from pyxs import Client
with Client() as c:
    c.write(sys.argv[1].encode(), bytes.fromhex(sys.argv[2]))
`;

/** pyxs reads a value; resolves with its exact bytes. */
export const pyxsRead = (env: { XENSTORED_PATH: string }, path: string) => run(SYSTEM_PYTHON, ['-c', PYXS_READ, path], env);

/** pyxs writes exactly these bytes. */
export const pyxsWrite = async (env: { XENSTORED_PATH: string }, path: string, value: Buffer) => {
  await run(SYSTEM_PYTHON, ['-c', PYXS_WRITE, path, value.toString('hex')], env);
};
