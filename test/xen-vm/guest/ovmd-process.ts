// The built ovmd as a child of the guest program: output collected, awaited by pattern, and
// stopped by a signal with the time it took to exit.
import { spawn, type ChildProcess } from 'node:child_process';

export class Ovmd {
  output = '';
  private readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: string | null; at: number }>;

  constructor(root: string, endpoint: string) {
    this.child = spawn('/opt/ovm/bin/ovmd', ['--root', root, '-d', '1', '-t', '600'], {
      env: { PATH: process.env.PATH, HOME: '/root', LANG: 'C.UTF-8', XENSTORED_PATH: endpoint },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const take = (c: Buffer) => {
      this.output += c.toString();
      if (process.env.OVMD_ECHO) process.stdout.write(c);
    };
    this.child.on('error', (err) => (this.output += `\nspawn failed: ${err.message}\n`));
    this.child.stdout!.on('data', take);
    this.child.stderr!.on('data', take);
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal, at: performance.now() })));
  }

  /** Why: every step of a flow waits for what ovmd says it did. */
  async waitFor(pattern: RegExp, timeoutMs = 60_000): Promise<boolean> {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      if (pattern.test(this.output)) return true;
      if (this.child.exitCode !== null || this.child.signalCode !== null) return pattern.test(this.output);
      await new Promise((r) => setTimeout(r, 50));
    }
    return false;
  }

  /** Sends a signal; resolves with how it ended and the ms from the signal to its exit. */
  async stop(signal: NodeJS.Signals, limitMs = 5000): Promise<{ ms: number; code: number | null; signal: string | null }> {
    const t0 = performance.now();
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), limitMs);
    const r = await this.exited;
    clearTimeout(timer);
    return { ms: Math.round(r.at - t0), code: r.code, signal: r.signal };
  }
}
