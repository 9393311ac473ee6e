// Finds and edits the file that configures one interface, in the family's format: ifcfg-<dev>
// (el6-el8) or the NetworkManager profile bound to the device (el9+).
import type { Change, RootFiles } from '../lib/types.js';
import type { NetworkFamily } from './family.js';
import { editIfcfg, ifcfgPath } from './ifcfg.js';
import { NM_DIR, NM_MODE, bindsDevice, editNmConnection, nmPath } from './nmconnection.js';
import type { IfaceRequest } from './request.js';
import { writeIfChanged } from './write-change.js';

/**
 * Why: a profile made by the installer may not be named after its device ("Wired connection
 * 1.nmconnection"); editing that one, rather than adding a second profile for the same device,
 * leaves NetworkManager no choice to make between them.
 */
export function profileFor(files: RootFiles, device: string): string {
  const named = nmPath(device);
  if (files.exists(named)) return named;
  for (const name of files.list(NM_DIR)) {
    if (!name.endsWith('.nmconnection')) continue;
    const text = files.read(`${NM_DIR}/${name}`);
    if (text !== undefined && bindsDevice(text, device)) return `${NM_DIR}/${name}`;
  }
  return named;
}

/** Why: the per-interface step of configure, the same for any index. */
export function interfaceChanges(files: RootFiles, family: NetworkFamily, f: IfaceRequest): Change[] {
  const why = `interface ${f.device} (index ${f.index})`;
  if (family.interfaces === 'keyfile') {
    const path = profileFor(files, f.device);
    return writeIfChanged(files, path, editNmConnection(files.read(path), f), why, NM_MODE);
  }
  const path = ifcfgPath(f.device);
  return writeIfChanged(files, path, editIfcfg(files.read(path), f), why);
}
