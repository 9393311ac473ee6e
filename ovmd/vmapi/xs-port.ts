// The slice of the xenstore client that the channel needs, written as an interface so the
// channel code depends on behaviour, not on one client class (the project client in
// ovmd/client satisfies it structurally).

/** Read and write operations, available both directly and inside a transaction. */
export interface XsOps {
  read(path: string): Promise<Buffer>;
  write(path: string, value: string | Buffer): Promise<void>;
  rm(path: string): Promise<void>;
  directory(path: string): Promise<string[]>;
  mkdir(path: string): Promise<void>;
}

/** A registered watch; close() removes it. */
export interface XsWatchHandle {
  close(): Promise<void> | void;
}

/** A connected client: operations plus transactions and watches. */
export interface XsPort extends XsOps {
  transaction<T>(fn: (tx: XsOps) => Promise<T>, options?: { attempts?: number }): Promise<T>;
  watch(path: string, onEvent: (path: string) => void): Promise<XsWatchHandle>;
}

/** True when a xenstore refusal means "no such node" (XenstoreError.code, xs_wire.h names). */
export function isMissing(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ENOENT';
}

/** Reads a node's bytes, or undefined when it does not exist. */
export async function tryRead(xs: XsOps, path: string): Promise<Buffer | undefined> {
  try {
    return await xs.read(path);
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** Reads a node as UTF-8 text, or undefined when it does not exist. */
export async function tryReadText(xs: XsOps, path: string): Promise<string | undefined> {
  return (await tryRead(xs, path))?.toString('utf8');
}

/** Lists a node's children, or [] when the node does not exist. */
export async function tryList(xs: XsOps, path: string): Promise<string[]> {
  try {
    return await xs.directory(path);
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
}
