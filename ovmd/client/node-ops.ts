// The node operations shared by the client and a transaction: the only difference between the
// two is the tx_id that goes into every request header (0 outside a transaction; XSWIRE).
import {
  checkPath, checkPerms, nulStrings, Op, parseStringList, writePayload, XenstoreError,
} from '../protocol/index.js';
import { listChildren } from './directory.js';
import type { Request } from './session.js';

/** Sends one request on whatever connection is current. */
export type Send = (req: Request) => Promise<Buffer>;

/** read/write/mkdir/rm/directory/perms bound to one tx_id. */
export class NodeOps {
  constructor(
    protected readonly send: Send,
    protected readonly txId: number,
  ) {}

  private async pathOp(type: number, path: string): Promise<Buffer> {
    checkPath(path);
    return this.send({ type, txId: this.txId, payload: nulStrings(path), path });
  }

  /** The raw value; values may hold any bytes, NULs included (READ has no trailing NUL). */
  read(path: string): Promise<Buffer> {
    return this.pathOp(Op.READ, path);
  }

  /** The value decoded as UTF-8. */
  async readString(path: string): Promise<string> {
    return (await this.read(path)).toString('utf8');
  }

  /** Like read, but a missing node gives undefined instead of ENOENT. */
  async tryRead(path: string): Promise<Buffer | undefined> {
    try {
      return await this.read(path);
    } catch (err) {
      if (err instanceof XenstoreError && err.code === 'ENOENT') return undefined;
      throw err;
    }
  }

  /** Writes a value, creating missing parents with empty values (XSDOC WRITE). */
  async write(path: string, value: string | Buffer): Promise<void> {
    checkPath(path);
    await this.send({ type: Op.WRITE, txId: this.txId, payload: writePayload(path, value), path });
  }

  /** Creates a node if missing; an existing node keeps its value. */
  async mkdir(path: string): Promise<void> {
    await this.pathOp(Op.MKDIR, path);
  }

  /** Removes a node and everything below it. */
  async rm(path: string): Promise<void> {
    await this.pathOp(Op.RM, path);
  }

  /**
   * Child names, however many (long lists are read with DIRECTORY_PART); the order differs
   * between xenstored implementations, so sort if it matters.
   */
  async directory(path: string): Promise<string[]> {
    checkPath(path);
    return listChildren(this.send, this.txId, path);
  }

  /** The node's ACL, owner first, e.g. ['n0', 'r7']. */
  async getPerms(path: string): Promise<string[]> {
    return parseStringList(await this.pathOp(Op.GET_PERMS, path));
  }

  /** Replaces the node's ACL; the first entry names the owner and the default access. */
  async setPerms(path: string, perms: string[]): Promise<void> {
    checkPath(path);
    checkPerms(path, perms);
    await this.send({ type: Op.SET_PERMS, txId: this.txId, payload: nulStrings(path, ...perms), path });
  }
}
