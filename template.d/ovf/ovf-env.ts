// Parses an OVF environment document (ovf-env.xml) into a flat parameter set. Pure: text in,
// keys out. Two shapes are read, because hosts write both:
//  - DMTF DSP0243 ("OVF environment"): <Environment><PropertySection><Property oe:key oe:value>,
//    where the key is already qualified as "<class>.<key>[.<instance>]";
//  - Oracle's template layout: <ProductSection ovf:class="com.oracle.linux"> holding
//    <Property ovf:key="network.hostname" ovf:value="...">, qualified here the same way
//    (shared spec template-config.md, `--ovf-transport-iso`).
// Namespace prefixes are ignored (hosts use oe:, ovf: or none). Sections of sub-entities
// (<Entity>) describe other VMs and are skipped.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { keyNameProblem, showKey } from '../params/key-name.js';
import type { Params } from '../params/descriptor.js';

/** A document that is not a usable OVF environment; the message says what is wrong. */
export class OvfError extends Error {
  override name = 'OvfError';
}

/** Why: what an environment document yields: full keys and the keys it flags as passwords. */
export interface OvfEnvironment {
  params: Params;
  /** Keys a ProductSection flags ovf:password="true" (kept secret even if no module says so). */
  passwordKeys: string[];
}

/** Value limit of the Oracle VM API channel (shared spec ovmd.md); keys follow params/key-name.ts. */
const MAX_VALUE_BYTES = 8192;

type XmlNode = Record<string, unknown>;

/** What the walk gathers: the environment, and every problem found on the way. */
interface Collected extends OvfEnvironment {
  problems: string[];
}

function asList(value: unknown): XmlNode[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).filter((v): v is XmlNode => typeof v === 'object' && v !== null);
}

function attr(node: XmlNode, name: string): string | undefined {
  const value = node[`@_${name}`];
  return typeof value === 'string' ? value : undefined;
}

function parseTree(text: string): XmlNode {
  if (/<!DOCTYPE/i.test(text)) throw new OvfError('has a DOCTYPE declaration, which an OVF environment never needs; refused');
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new OvfError(`is not well-formed XML (line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg})`);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    removeNSPrefix: true,
    parseAttributeValue: false,
    parseTagValue: false,
    processEntities: true,
    // Numeric character references (&#10;) are decoded too, so a hidden newline is seen and refused.
    htmlEntities: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
  });
  return parser.parse(text) as XmlNode;
}

function qualify(parts: (string | undefined)[]): string {
  return parts.filter((p) => p !== undefined && p !== '').join('.');
}

/** The problems of one property (none: it may be used); every property is checked before any is refused. */
function entryProblems(key: string, value: string): string[] {
  const problems: string[] = [];
  const keyProblem = keyNameProblem(key);
  if (keyProblem !== undefined) problems.push(`property ${keyProblem}`);
  if (Buffer.byteLength(value) > MAX_VALUE_BYTES) problems.push(`the value of ${showKey(key)} is longer than ${MAX_VALUE_BYTES} bytes`);
  return problems;
}

/** Collects one section's properties; DSP0243 qualifies a key as "<class>.<key>.<instance>". */
function collect(section: XmlNode, cls: string | undefined, instance: string | undefined, into: Collected): void {
  for (const property of asList(section.Property)) {
    const key = attr(property, 'key');
    if (key === undefined) throw new OvfError('has a Property without a key attribute');
    const full = qualify([cls, key, instance]);
    const value = attr(property, 'value');
    const problems = entryProblems(full, value ?? '');
    into.problems.push(...problems);
    if (problems.length) continue;
    // An absent or empty value means "not set": the key is left out, so modules keep their defaults.
    if (value !== undefined && value !== '') into.params[full] = value;
    if (attr(property, 'password') === 'true') into.passwordKeys.push(full);
  }
}

/** Walks the document below the root, skipping <Entity> subtrees. */
function walk(node: XmlNode, into: Collected): void {
  for (const [name, child] of Object.entries(node)) {
    if (name.startsWith('@_') || name === 'Entity') continue;
    for (const element of asList(child)) {
      if (name === 'PropertySection') collect(element, undefined, undefined, into);
      else if (name === 'ProductSection') collect(element, attr(element, 'class'), attr(element, 'instance'), into);
      else walk(element, into);
    }
  }
}

/**
 * Why: the one way an OVF environment becomes parameters. Throws OvfError when the text is not
 * XML, not an OVF environment, or has a malformed property. Never quotes a value in a message.
 */
export function parseOvfEnvironment(text: string): OvfEnvironment {
  const tree = parseTree(text);
  const roots = Object.keys(tree).filter((k) => !k.startsWith('@_') && !k.startsWith('#'));
  if (roots.length !== 1 || roots[0] !== 'Environment') {
    throw new OvfError(`is not an OVF environment document (its root element is ${roots[0] ?? 'missing'}, expected Environment)`);
  }
  const into: Collected = { params: {}, passwordKeys: [], problems: [] };
  walk(asList(tree.Environment)[0] ?? {}, into);
  if (into.problems.length === 1) throw new OvfError(`has a bad property: ${into.problems[0]}`);
  if (into.problems.length > 1) throw new OvfError(`has ${into.problems.length} bad properties:\n  ${into.problems.join('\n  ')}\n`);
  return { params: into.params, passwordKeys: [...new Set(into.passwordKeys)].sort() };
}
