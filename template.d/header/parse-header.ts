// Parses the plugin header that `ovm-chkconfig --add` reads from a module script. Pure: text in,
// header or errors out. Format: shared spec template-config.md, "Module header" — optional
// `### BEGIN/END PLUGIN INFO` markers, `# field: value` lines, a description that continues on
// comment lines with extra indentation, unknown fields ignored.
import { TARGETS, isTarget, type Target } from '../params/descriptor.js';

export interface ModuleHeader {
  name: string;
  description: string;
  /** Priority (0-99) per target the module declares. */
  priorities: Partial<Record<Target, number>>;
  /** This project's extension (docs/module-protocol.md): the module accepts `--dry-run`. */
  dryRun: boolean;
}

export type HeaderResult = { ok: true; header: ModuleHeader } | { ok: false; errors: string[] };

const BEGIN = '### BEGIN PLUGIN INFO';
const END = '### END PLUGIN INFO';
const FIELD = /^#(\s*)([A-Za-z][\w.-]*)\s*:\s?(.*)$/;

/** The comment lines that hold the header: between the markers, or the leading comment block. */
function headerLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  const begin = lines.findIndex((l) => l.trim() === BEGIN);
  if (begin >= 0) {
    const end = lines.findIndex((l, i) => i > begin && l.trim() === END);
    return lines.slice(begin + 1, end < 0 ? lines.length : end);
  }
  const block: string[] = [];
  for (const line of lines) {
    if (line.startsWith('#')) block.push(line);
    else if (line.trim() !== '') break;
  }
  return block;
}

/** Splits the header into fields, folding indented continuation lines into the previous one. */
function collectFields(lines: string[]): Map<string, string> {
  const fields = new Map<string, string>();
  let last: { key: string; indent: number } | undefined;
  for (const line of lines) {
    if (!line.startsWith('#') || line.startsWith('#!')) continue;
    const indent = /^#(\s*)/.exec(line)![1]!.length;
    const body = line.slice(1).trim();
    if (last && indent > last.indent && body !== '') {
      fields.set(last.key, `${fields.get(last.key)} ${body}`.trim());
      continue;
    }
    const match = FIELD.exec(line);
    if (!match) {
      last = undefined;
      continue;
    }
    const key = match[2]!.toLowerCase();
    fields.set(key, match[3]!.trim());
    last = { key, indent: match[1]!.length };
  }
  return fields;
}

function parsePriority(target: Target, value: string, errors: string[]): number | undefined {
  if (!/^\d{1,2}$/.test(value)) {
    errors.push(`"${target}: ${value}": a priority is a number from 00 to 99`);
    return undefined;
  }
  return Number(value);
}

/** Why: one parser for --add, --list and the runner's dry-run check, with and without markers. */
export function parseHeader(text: string): HeaderResult {
  const fields = collectFields(headerLines(text));
  const errors: string[] = [];
  const name = fields.get('name') ?? '';
  if (!name) errors.push('the header has no "# name: <module>" line');
  const priorities: Partial<Record<Target, number>> = {};
  for (const [key, value] of fields) {
    if (!isTarget(key)) continue;
    const priority = parsePriority(key, value, errors);
    if (priority !== undefined) priorities[key] = priority;
  }
  if (errors.length === 0 && Object.keys(priorities).length === 0) {
    errors.push(`the header declares no target (a line such as "# ${TARGETS[0]}: 50")`);
  }
  if (errors.length) return { ok: false, errors };
  const dryRun = (fields.get('dry-run') ?? '').toLowerCase() === 'yes';
  return { ok: true, header: { name, description: fields.get('description') ?? '', priorities, dryRun } };
}

/** Why: `name:` must match the script's file name, or links and headers would disagree. */
export function checkHeaderName(header: ModuleHeader, fileName: string): string | undefined {
  if (header.name === fileName) return undefined;
  return `the header says "name: ${header.name}" but the script is called "${fileName}"`;
}

/** Two-digit form used in link names (`configure.d/05foo`). */
export function formatPriority(priority: number): string {
  return String(priority).padStart(2, '0');
}
