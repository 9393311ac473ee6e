// A real terminal for tests: a private tmux server (its own socket, no user config) running one
// command in a 120x40 pane. Tests type with send-keys and read the screen with capture-pane,
// polling for the text they expect with a generous deadline (a loaded 2-core box is slow).
// The command runs under `sh -c`, which prints "[exit N]" when it ends and keeps the pane.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function tmux(args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('tmux', args, { encoding: 'utf8', env: env ?? process.env, timeout: 30_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`tmux ${args[2] ?? ''}: ${stderr || error.message}`)) : resolve(stdout),
    );
  });
}

const live = new Set<TmuxPane>();

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The open question's line, by its first words. */
export function openQuestion(prompt: string): RegExp {
  return new RegExp(`^\\? ${escape(prompt)}`, 'm');
}

export class TmuxPane {
  private constructor(
    private readonly socket: string,
    private readonly dir: string,
  ) {}

  /**
   * Starts `command` (argv) in a new pane; `env` is the whole environment it sees. With
   * `record`, every byte the command writes to the terminal is also copied to that file.
   */
  static async start(command: string[], env: NodeJS.ProcessEnv = process.env, record?: string): Promise<TmuxPane> {
    const dir = mkdtempSync(join(tmpdir(), 'ovm-tmux-'));
    const pane = new TmuxPane(join(dir, 'socket'), dir);
    // When recording, the shell waits for one Enter so that nothing is written before the copy starts.
    const script = `${record ? 'read _go; ' : ''}"$@"; echo "[exit $?]"; exec sleep 3600`;
    await tmux(['-S', pane.socket, '-f', '/dev/null', 'new-session', '-d', '-x', '120', '-y', '40', 'sh', '-c', script, 'sh', ...command], env);
    await tmux(['-S', pane.socket, 'set-option', '-g', 'history-limit', '5000']);
    live.add(pane);
    if (record) {
      await tmux(['-S', pane.socket, 'pipe-pane', '-o', '-t', '0', `cat >> '${record}'`]);
      await pane.keys('Enter');
    }
    return pane;
  }

  /** Types text literally (no key names), without Enter. */
  async type(text: string): Promise<void> {
    await tmux(['-S', this.socket, 'send-keys', '-t', '0', '-l', text]);
  }

  /** Sends key names (Enter, C-c, C-u...). */
  async keys(...names: string[]): Promise<void> {
    await tmux(['-S', this.socket, 'send-keys', '-t', '0', ...names]);
  }

  /** Types a line and presses Enter. */
  async line(text: string): Promise<void> {
    if (text !== '') await this.type(text);
    await this.keys('Enter');
  }

  /** Everything the pane shows and scrolled past, wrapped lines joined. */
  async screen(): Promise<string> {
    return tmux(['-S', this.socket, 'capture-pane', '-p', '-J', '-S', '-', '-t', '0']);
  }

  /** Polls the screen until `pattern` appears; returns the screen. */
  waitFor(pattern: RegExp, timeoutMs = 60_000): Promise<string> {
    return this.waitUntil(String(pattern), (text) => pattern.test(text), timeoutMs);
  }

  /** Polls the screen until `check` accepts it; returns the screen. */
  async waitUntil(what: string, check: (screen: string) => boolean, timeoutMs = 60_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let text = '';
    while (Date.now() < deadline) {
      text = await this.screen();
      if (check(text)) return text;
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(`timed out waiting for ${what} on the screen:\n${text}`);
  }

  /**
   * For a dialog that never redraws (the line driver): waits until the last line on screen is
   * the question `prompt`, then types `text` and Enter.
   */
  async answerLast(prompt: string, text: string): Promise<void> {
    const last = (screen: string) => screen.trimEnd().split('\n').at(-1) ?? '';
    await this.waitUntil(`the question "${prompt}"`, (screen) => last(screen).startsWith(`? ${prompt}`));
    await this.line(text);
  }


  /**
   * Waits until the open question starts with `prompt`, then types `text` and Enter. The dialog
   * marks the open question "? " and answered ones "* ", so an old answered line never matches.
   */
  async answer(prompt: string, text: string): Promise<void> {
    await this.waitFor(openQuestion(prompt));
    await this.line(text);
  }

  /** Waits for the command to end; returns its exit status. */
  async exitStatus(timeoutMs = 120_000): Promise<number> {
    const text = await this.waitFor(/\[exit \d+\]/, timeoutMs);
    return Number(/\[exit (\d+)\]/.exec(text)![1]);
  }

  /** Stops the tmux server (and with it the command) and removes the socket directory. */
  async kill(): Promise<void> {
    live.delete(this);
    await tmux(['-S', this.socket, 'kill-server']).catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Kills every pane still running (afterAll / afterEach). */
export async function killPanes(): Promise<void> {
  await Promise.all([...live].map((p) => p.kill()));
}
