// The daemon's log, per `-d LEVEL` (shared spec ovmd.md): 0 nothing, 1 stderr, 2 syslog. Node
// cannot open the datagram socket /dev/log itself, so level 2 feeds one long-lived `logger`
// process line by line; without a syslog socket it falls back to stderr and says so once.
// Every line passes through the secret masker first, whatever the level.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { maskValues } from '../../template.d/params/secrets.js';
import { findTool, SAFE_PATH } from '../../template.d/runner/tool-path.js';

/** The daemon's logger: every line is masked of secrets before it goes anywhere. */
export interface Log {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  close(): void;
}

/** The log's mask text; the rule (a short value only as a whole word) is the runner's. */
const LOG_MASK = '***';

/** Replaces each known secret value by "***", by the same rule as the runner's masking. */
export function maskSecrets(line: string, secrets: Iterable<string>): string {
  return maskValues(line, secrets, LOG_MASK);
}

/** Level per `-d`, the secret values to mask, and where lines go. */
export interface LogOptions {
  level: number;
  /** The secret values currently known; read on every line. */
  secrets: () => Iterable<string>;
  /** Where stderr lines go (tests capture it). */
  stderr?: NodeJS.WritableStream;
  syslogSocket?: string;
}

/** Builds the logger for a level; level 2 without syslog degrades to stderr with a notice. */
export function createLog(options: LogOptions): Log {
  const stderr = options.stderr ?? process.stderr;
  let sink: ((line: string) => void) | undefined;
  let child: ChildProcess | undefined;
  if (options.level === 1) sink = (line) => stderr.write(`${line}\n`);
  if (options.level >= 2) {
    // logger comes from the fixed PATH, with nothing of the caller's environment: it is
    // handed every line ovmd logs.
    const logger = findTool('logger');
    if (existsSync(options.syslogSocket ?? '/dev/log') && logger !== undefined) {
      const env = { PATH: SAFE_PATH, LC_ALL: 'C' };
      child = spawn(logger, ['-t', 'ovmd', '--id', String(process.pid)], { stdio: ['pipe', 'ignore', 'ignore'], env });
      child.on('error', () => undefined);
      child.stdin?.on('error', () => undefined);
      sink = (line) => child?.stdin?.write(`${line}\n`);
    } else {
      sink = (line) => stderr.write(`${line}\n`);
      const missing = logger === undefined ? `no logger program on ${SAFE_PATH}` : 'no syslog socket (/dev/log)';
      sink(`ovmd: ${missing}; logging to stderr instead`);
    }
  }
  const emit = (tag: string, message: string) => {
    if (!sink) return;
    const text = maskSecrets(message, options.secrets());
    sink(`${new Date().toISOString()} ovmd[${process.pid}] ${tag}${text}`);
  };
  return {
    info: (m) => emit('', m),
    warn: (m) => emit('warning: ', m),
    error: (m) => emit('error: ', m),
    close: () => {
      child?.stdin?.end();
      child?.unref();
    },
  };
}
