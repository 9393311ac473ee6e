// Counted nouns for messages: "1 parameter", "3 parameters", never "parameter(s)". Pure.

/** `n` and the noun, singular for exactly one; `many` for irregular plurals. */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
