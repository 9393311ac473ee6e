// Which ipv4/<n> or ipv6/<n> slot each address of a vif takes. An address keeps its slot while
// it exists and a new one takes the lowest free slot (as xen-guest-agent does), so adding or
// removing one address rewrites one node, not every node after it.

/** Slot assignment for every vif and family; feed it the current addresses each time. */
export class AddressSlots {
  private readonly slots = new Map<string, (string | undefined)[]>();

  /** The slot array for this vif and family after the update (holes are free slots). */
  assign(vifId: number, family: 'ipv4' | 'ipv6', addresses: string[]): (string | undefined)[] {
    const id = `${vifId}/${family}`;
    const wanted = new Set(addresses);
    const slots = (this.slots.get(id) ?? []).map((a) => (a !== undefined && wanted.has(a) ? a : undefined));
    for (const a of addresses) {
      if (slots.includes(a)) continue;
      const free = slots.indexOf(undefined);
      if (free >= 0) slots[free] = a;
      else slots.push(a);
    }
    while (slots.length > 0 && slots.at(-1) === undefined) slots.pop();
    this.slots.set(id, slots);
    return slots;
  }

  /** Forgets vifs that are gone, so a re-plugged vif starts from slot 0. */
  keepOnly(vifIds: number[]): void {
    const keep = new Set(vifIds.map(String));
    for (const id of this.slots.keys()) if (!keep.has(id.split('/')[0]!)) this.slots.delete(id);
  }
}
