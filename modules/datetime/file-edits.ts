// Collects text edits per file so that several keys can edit one file (el6's /etc/sysconfig/clock
// gets ZONE= from one key and UTC= from another) and the result is one write per file, made only
// when the content really changes.
import type { Change, RootFiles } from '../lib/types.js';

type Edit = (text: string | undefined) => string;

/** Why: two separate writes to one file would each start from the old text and lose an edit. */
export class FileEdits {
  private readonly texts = new Map<string, string>();
  private readonly whys = new Map<string, string[]>();

  constructor(private readonly files: RootFiles) {}

  /** Queues an edit of `path`; the edit sees the result of the edits queued before it. */
  edit(path: string, edit: Edit, why: string): void {
    const current = this.texts.has(path) ? this.texts.get(path) : this.files.read(path);
    this.texts.set(path, edit(current));
    this.whys.set(path, [...(this.whys.get(path) ?? []), why]);
  }

  /** True when the queued edits change `path`. */
  changes(path: string): boolean {
    return this.texts.has(path) && this.texts.get(path) !== this.files.read(path);
  }

  /** One write per changed file, in the order the files were first edited. */
  writes(): Change[] {
    const out: Change[] = [];
    for (const [path, content] of this.texts) {
      if (!this.changes(path)) continue;
      out.push({ kind: 'write', path, content, why: this.whys.get(path)!.join(', ') });
    }
    return out;
  }
}
