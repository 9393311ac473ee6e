// Renders the comment block that `ovm-chkconfig --add` reads from a module's script (shared spec
// template-config.md, "Module header"). The build puts it at the top of each module bundle,
// so the header is derived from the declaration and cannot drift from what the module does.
import { TARGETS } from '../../template.d/params/descriptor.js';
import { wrapWords } from '../../template.d/render/wrap-words.js';
import type { ModuleDeclaration } from './types.js';

const WIDTH = 78;

/** Why: the header's one formatting rule that is easy to get wrong is the two-digit priority. */
export function formatPriority(priority: number): string {
  if (!Number.isInteger(priority) || priority < 0 || priority > 99) {
    throw new Error(`priority ${priority} is not a whole number 0-99`);
  }
  return String(priority).padStart(2, '0');
}

type HeaderData = Pick<ModuleDeclaration, 'name' | 'description' | 'priorities'>;

/**
 * Why: one place turns a declaration into the header text, markers included; continuation lines
 * of the description carry extra indentation, as the header format requires.
 */
export function renderHeaderBlock(decl: HeaderData): string {
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(decl.name)) throw new Error(`module name "${decl.name}" is not a plain file name`);
  const lines = ['### BEGIN PLUGIN INFO', `# name: ${decl.name}`];
  for (const target of TARGETS) {
    const priority = decl.priorities[target];
    if (priority !== undefined) lines.push(`# ${target}: ${formatPriority(priority)}`);
  }
  // This project's addition (docs/module-protocol.md): every built-in module supports --dry-run.
  lines.push('# dry-run: yes');
  const [first = '', ...rest] = wrapWords(decl.description, WIDTH - '# description: '.length);
  lines.push(`# description: ${first}`, ...rest.map((l) => `#   ${l}`));
  lines.push('### END PLUGIN INFO');
  return lines.join('\n');
}

/**
 * Why: the header as it sits in a module bundle, right after the #! line. A JavaScript file
 * cannot hold bare `#` lines, so the block sits inside a block comment; its lines are unchanged,
 * so a header reader that looks for the markers and `# key: value` lines finds them as usual.
 */
export function renderHeader(decl: HeaderData): string {
  if (decl.description.includes('*/')) throw new Error(`the description of ${decl.name} cannot contain "*/"`);
  return `/*\n${renderHeaderBlock(decl)}\n*/`;
}
