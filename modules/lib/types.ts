// The contract between a built-in module and the module SDK (modules/lib). A module file
// declares its header data, its parameters and one handler per target; the SDK turns that
// declaration into an executable that speaks the module protocol (docs/module-protocol.md).
//
// Handlers do not touch the system. They read what they need through the context and return
// the ordered list of changes they want; the SDK validates first, then either applies the
// changes (a real run) or prints them as the plan (a dry run). So a plan is, by construction,
// exactly what the real run would do.

import type { Descriptor, Params, Target } from '../../template.d/params/descriptor.js';

export type { Descriptor, Params, Target };

/** Distro family ids from the family table (shared spec modules.md). el10 maps to el9. */
export type FamilyId = 'el6' | 'el7' | 'el8' | 'el9';

export interface Owner {
  uid: number;
  gid: number;
}

/**
 * Marks a change in a place a non-root user can write (a home, ~/.ssh, /tmp): the SDK acts on
 * it only through modules/lib/user-files (no link followed, checked on the opened object).
 */
export interface UserDir {
  /** The last directory on the path that only root can change (or root's sticky /tmp): "/home". */
  trusted: string;
  /** Whose place it is: every entry below `trusted` must belong to this user or to root. */
  owner: Owner;
  /** remove: only a regular file with one link (homes); else a link, or a tree removed as its owner. */
  filesOnly?: boolean;
}

/** One change, applied in list order. Paths are absolute paths inside the root ("/etc/hosts"). */
export type Change =
  | {
      kind: 'write';
      path: string;
      content: string | Buffer;
      /** Defaults to the existing file's mode, else 0o644. */
      mode?: number;
      /** Defaults to the existing file's owner, else root. */
      owner?: Owner;
      /** The content is secret: never shown in a plan or a log. */
      secret?: boolean;
      /**
       * Rewrite the existing file itself instead of replacing it (no atomic rename): for a file
       * another process keeps open, such as the runner's log, whose later lines would otherwise
       * go to the replaced copy. Only for an existing regular file; never for secrets.
       */
      inPlace?: boolean;
      /** The file lies in a user's place: see UserDir. */
      userDir?: UserDir;
      why?: string;
    }
  | { kind: 'remove'; path: string; userDir?: UserDir; why?: string }
  | { kind: 'symlink'; path: string; target: string; why?: string }
  | { kind: 'mkdir'; path: string; mode?: number; owner?: Owner; userDir?: UserDir; why?: string }
  | {
      kind: 'run';
      argv: string[];
      /** Fed on stdin; the only way a secret may reach a command. */
      input?: string;
      /** The input is secret: never shown in a plan or a log. */
      secretInput?: boolean;
      /** Only meaningful on the running system: skipped (and said so) when ctx.live is false. */
      live?: boolean;
      /**
       * With live: only while this systemd unit is active (`systemctl is-active` when applying);
       * otherwise skipped and said so. For commands that talk to a daemon not yet started at
       * first boot (nmcli: NetworkManager starts after the first-boot run).
       */
      whenActive?: string;
      /**
       * With live: a systemctl command that makes systemd queue a start, stop or restart job.
       * While the system is still booting, such a job waits for every unit ordered before its
       * unit, and the first-boot run is one of those (the network waits for it): waiting would
       * hold the boot until the module's time limit. It is then given --no-block, and the unit
       * starts at its own place in the boot order.
       */
      queuesJob?: boolean;
      why?: string;
    };

export interface Outcome {
  changes: Change[];
  /** Keys added or changed; merged into the parameter set the module returns ("sent back"). */
  params?: Params;
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  input?: string;
}

/** Read-only view of the files under the root; every path goes through the root-prefix guard. */
export interface RootFiles {
  read(path: string): string | undefined;
  readBuffer(path: string): Buffer | undefined;
  exists(path: string): boolean;
  list(dir: string): string[];
  stat(path: string): { mode: number; uid: number; gid: number; isDirectory: boolean; isSymlink: boolean } | undefined;
  readlink(path: string): string | undefined;
}

/** What is at a path in a user's place, seen without following it (lstat through descriptors). */
export interface UserEntry {
  kind: 'file' | 'dir' | 'link' | 'fifo' | 'socket' | 'device';
  mode: number;
  uid: number;
  gid: number;
  nlink: number;
}

/**
 * Reads in places a non-root user can write (modules/lib/user-files): never through a link, a
 * FIFO or a second hard link; a refused entry throws an error naming the path and the reason.
 */
export interface UserFiles {
  /** A regular file's bytes, or undefined when it (or a directory on the way) is absent. */
  read(path: string, place: UserDir): Buffer | undefined;
  /** What is at the path, without following it; undefined when absent. Owner checks need `owner`. */
  lstat(path: string, place: { trusted: string; owner?: Owner }): UserEntry | undefined;
}

export interface ModuleContext {
  /** Absolute root prefix; "/" is the running system. */
  root: string;
  /** True when the root is "/" on a running system: live-only changes are applied. */
  live: boolean;
  dryRun: boolean;
  target: Target;
  family: FamilyId;
  files: RootFiles;
  /** Reads under a user's control (homes, ~/.ssh, /tmp); ctx.files must not be used there. */
  userFiles: UserFiles;
  log: Logger;
  /** Runs a command that only queries (e.g. `ssh-keygen -l`); changes go through Change 'run'. */
  run(argv: string[], options?: RunOptions): Promise<RunResult>;
}

export type Handler = (ctx: ModuleContext, params: Params) => Outcome | Promise<Outcome>;

export interface ModuleDeclaration {
  /** The script name under /etc/template.d/scripts. */
  name: string;
  /** Header description: one sentence or two. */
  description: string;
  /** Header priorities per target (two digits, 00-99). */
  priorities: Partial<Record<Target, number>>;
  /** What `--enumerate` prints per target; a target with a priority and no entry prints []. */
  parameters: Partial<Record<Target, Descriptor[]>>;
  /** One handler per target that has a priority. */
  handlers: Partial<Record<Target, Handler>>;
  /**
   * Addition: declared keys whose values may span lines (LF or CRLF), e.g. a PEM private key or
   * several authorized_keys lines. A declared `x.0` covers every index. Every other control
   * character is still refused, and keys not listed here may not contain line breaks at all.
   */
  multiline?: string[];
  /**
   * Addition: what the root has now for this target's keys (read-only, through `ctx.files`), so
   * that the console dialog can offer the current values as defaults. Built-in modules only.
   */
  current?: Partial<Record<Target, (ctx: ModuleContext) => Params>>;
}

/** A value the module refuses. The SDK prints "<key>: <message>", exits 2 and changes nothing. */
export class InputError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(message);
    this.name = 'InputError';
  }
}

// ---- Additions (module SDK) -------------------------------------------------------------------

/** How the SDK starts a process: argv only (never a shell); input goes to stdin. */
export type CommandRunner = (argv: string[], options?: RunOptions) => Promise<RunResult>;

/** One step of a dry-run plan, as printed by `<script> <target> --dry-run` (docs/module-protocol.md). */
export type PlanStep =
  | {
      action: 'write';
      path: string;
      mode: string;
      diff?: string;
      secret?: true;
      /** Content, mode and owner already match: the real run leaves the file alone. */
      unchanged?: true;
      why?: string;
    }
  | { action: 'remove'; path: string; unchanged?: true; why?: string }
  | { action: 'symlink'; path: string; target: string; unchanged?: true; why?: string }
  | { action: 'mkdir'; path: string; mode: string; unchanged?: true; why?: string }
  | { action: 'run'; argv: string[]; live: boolean; input?: 'secret' | 'given'; whenActive?: string; queuesJob?: boolean; skipped?: string; why?: string };
