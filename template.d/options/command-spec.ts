// A command line written down as data. The CLI builds its yargs parser from it and the
// man-page generator (scripts/man.ts) renders the same data, so help, parser and man page
// cannot drift apart.

export interface OptionSpec {
  /** Long name without dashes, e.g. `set-param`. */
  name: string;
  /** Short letter without the dash, e.g. `p`. */
  short?: string;
  type: 'string' | 'boolean' | 'number';
  /** The value's placeholder in help and man page, e.g. `KEY=VALUE`. */
  metavar?: string;
  /** May be given more than once. */
  repeatable?: boolean;
  default?: string | number | boolean;
  /** One or two sentences, our own words. */
  describe: string;
  /** The value may be left out (`--ovf-transport-iso` alone, or `--ovf-transport-iso=PATH`). */
  optionalValue?: boolean;
  /** What shell completion offers for the value. */
  complete?: Completion;
}

/**
 * What shell completion offers for a value or an operand: files, directories, the targets,
 * the module names under /etc/template.d/scripts, or a fixed list of words.
 */
export type Completion = 'file' | 'directory' | 'target' | 'module' | readonly string[];

/** A titled list of [term, what] pairs: a man page section, and in --help too when `inHelp`. */
export interface TermSection {
  title: string;
  /** A paragraph before the list. */
  intro?: string;
  items: [string, string][];
  inHelp?: boolean;
}

export interface CommandSpec {
  /** The installed command name. */
  name: string;
  /** Man page section (8 for these administration commands). */
  section: number;
  /** One line: what the command is. */
  summary: string;
  /** Usage lines without the command name, e.g. `[options] <target>`. */
  synopsis: string[];
  /** Paragraphs for the DESCRIPTION section. */
  description: string[];
  options: OptionSpec[];
  /** [command line, what it does]. */
  examples?: [string, string][];
  /** Paragraphs for EXIT STATUS. */
  exitStatus?: string[];
  /** Paragraphs for FILES, as [path, what]. */
  files?: [string, string][];
  /** Environment variables the command reads, as [name, what] (man page ENVIRONMENT). */
  environment?: [string, string][];
  /** More sections (targets, keys sent back), after OPTIONS. */
  sections?: TermSection[];
  /** What completion offers for the operands (words that are not options), in order. */
  operands?: Completion[];
}
