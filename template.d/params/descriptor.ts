// The parameter descriptor: what a module says about one key it accepts, as printed by
// `<module> <target> --enumerate`. Field names are Oracle's module protocol
// (shared spec template-config.md, "Descriptor fields"); `format` is this project's optional
// extension naming a value syntax from template.d/params/formats.ts, so that the runner and the
// console dialog validate a value exactly as the module will.

/** The eight targets, in the column order `ovm-chkconfig --list` prints them. */
export const TARGETS = [
  'configure',
  'unconfigure',
  'reconfigure',
  'cleanup',
  'suspend',
  'resume',
  'migrate',
  'shutdown',
] as const;

export type Target = (typeof TARGETS)[number];

export function isTarget(value: string): value is Target {
  return (TARGETS as readonly string[]).includes(value);
}

export interface Descriptor {
  /** Full key name, e.g. `com.oracle.linux.network.hostname`. */
  key: string;
  /** Human text; also the console prompt. */
  description?: string;
  /** Never prompted on the console; set only by messages, stdin or OVF. */
  hidden?: boolean;
  /** A secret: masked on input, never logged, never sent back. */
  password?: boolean;
  /** The target cannot run without it. */
  required?: boolean;
  /** Only relevant when that key is set. */
  depends?: string;
  /** Allowed values. */
  choices?: string[];
  /** Only relevant when `key`'s value is one of the values; `null` stands for "unset". */
  requires?: [string, (string | null)[]];
  /** Extension: the name of a value syntax in formats.ts (e.g. `ipv4`, `hostname`). */
  format?: string;
}

/** A parameter set as modules exchange it: every value is a string. */
export type Params = Record<string, string>;
