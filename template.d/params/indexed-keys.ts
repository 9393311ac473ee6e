// Indexed keys (`com.oracle.linux.network.device.N`): Oracle's modules enumerate indexes 0 and 1
// only, yet accept every index present in the parameters (shared spec modules.md, network).
// One rule, used by the runner's up-front validation and by the module SDK, so that a key at
// index 7 is checked exactly like the declared key at index 0. Pure.
import type { Descriptor } from './descriptor.js';

const INDEXED = /^(.*)\.([0-9]+)$/;

/** Replaces a key's trailing `.from` index by `.to`; other keys are returned unchanged. */
function reindex(key: string, from: string, to: string): string {
  return key.endsWith(`.${from}`) ? `${key.slice(0, -from.length - 1)}.${to}` : key;
}

/**
 * Why: the descriptor that governs a key: its own, or the first declared sibling with the same
 * stem, rewritten to the key's index (its `depends`/`requires` keys move to that index too, so
 * `ipaddr.7` depends on `bootproto.7`, not on `bootproto.0`).
 */
export function descriptorFor(descriptors: readonly Descriptor[], key: string): Descriptor | undefined {
  const exact = descriptors.find((d) => d.key === key);
  if (exact) return exact;
  const wanted = INDEXED.exec(key);
  if (!wanted) return undefined;
  const sibling = descriptors.find((d) => INDEXED.exec(d.key)?.[1] === wanted[1]);
  if (!sibling) return undefined;
  const from = INDEXED.exec(sibling.key)![2]!;
  const to = wanted[2]!;
  const out: Descriptor = { ...sibling, key };
  if (sibling.depends !== undefined) out.depends = reindex(sibling.depends, from, to);
  if (sibling.requires !== undefined) out.requires = [reindex(sibling.requires[0], from, to), sibling.requires[1]];
  return out;
}
