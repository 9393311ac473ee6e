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
import { hasControlChar } from '../params/formats.js';
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

/** Message limits of the Oracle VM API channel (shared spec ovmd.md): keys longer are refused. */
const MAX_KEY_BYTES = 256;
const MAX_VALUE_BYTES = 8192;

type XmlNode = Record<string, unknown>;

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

function checkEntry(key: string, value: string): void {
  const shown = key.slice(0, 80);
  if (key === '' || hasControlChar(key) || /\s/.test(key)) throw new OvfError(`has a property key "${shown}" that is empty or contains blanks or control characters`);
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) throw new OvfError(`has a property key longer than ${MAX_KEY_BYTES} bytes ("${shown}...")`);
  if (Buffer.byteLength(value) > MAX_VALUE_BYTES) throw new OvfError(`has a value longer than ${MAX_VALUE_BYTES} bytes for ${key}`);
}

/** Collects one section's properties; DSP0243 qualifies a key as "<class>.<key>.<instance>". */
function collect(section: XmlNode, cls: string | undefined, instance: string | undefined, into: OvfEnvironment): void {
  for (const property of asList(section.Property)) {
    const key = attr(property, 'key');
    if (key === undefined) throw new OvfError('has a Property without a key attribute');
    const full = qualify([cls, key, instance]);
    const value = attr(property, 'value');
    checkEntry(full, value ?? '');
    // An absent or empty value means "not set": the key is left out, so modules keep their defaults.
    if (value !== undefined && value !== '') into.params[full] = value;
    if (attr(property, 'password') === 'true') into.passwordKeys.push(full);
  }
}

/** Walks the document below the root, skipping <Entity> subtrees. */
function walk(node: XmlNode, into: OvfEnvironment): void {
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
  const into: OvfEnvironment = { params: {}, passwordKeys: [] };
  walk(asList(tree.Environment)[0] ?? {}, into);
  into.passwordKeys = [...new Set(into.passwordKeys)].sort();
  return into;
}
