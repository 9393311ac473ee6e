// Filling an image tree: files, ELF programs with every shared library they load (resolved by
// ldd against the unpacked packages first, then the machine's own Debian 12 libraries), kernel
// modules, and packing a tree as an uncompressed newc cpio (the kernel unpacks several of them
// concatenated, later files replacing earlier ones).
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** A directory that becomes one cpio archive, and where ldd should look for libraries first. */
export interface Tree {
  root: string;
  libPath: string[];
}

/** Why: every write into an image goes through here so parent directories always exist. */
export function put(tree: Tree, dst: string, src: string, mode?: number): void {
  const to = join(tree.root, dst);
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(src, to);
  if (mode !== undefined) chmodSync(to, mode);
}

/** Why: small generated files (init scripts, configs) without a temp file. */
export function putText(tree: Tree, dst: string, text: string, mode = 0o644): void {
  const to = join(tree.root, dst);
  mkdirSync(dirname(to), { recursive: true });
  writeFileSync(to, text, { mode });
  chmodSync(to, mode);
}

/** Why: glibc dlopens libgcc_s for pthread_cancel (xl aborts without it) and ldd cannot see that. */
const DLOPENED = ['/lib/x86_64-linux-gnu/libgcc_s.so.1'];

/** Why: a program runs in the image only with the exact libraries it was linked against. */
export function putProgram(tree: Tree, dst: string, src: string): void {
  put(tree, dst, src, 0o755);
  const env = { ...process.env, LD_LIBRARY_PATH: tree.libPath.join(':') };
  const out = execFileSync('ldd', [src], { env, encoding: 'utf8' });
  for (const lib of [...out.matchAll(/(\/\S+) \(0x/g)].map((m) => m[1]!).concat(DLOPENED)) {
    // Flattened into the default search directory; the loader keeps its fixed path.
    const at = lib.startsWith('/lib64/') ? lib : `/lib/x86_64-linux-gnu/${basename(lib)}`;
    if (!existsSync(join(tree.root, at))) put(tree, at, lib);
  }
}

/** Why: only a few Xen modules are needed; Debian ships them xz-compressed. */
export function putModules(tree: Tree, moduleDir: string, names: string[]): void {
  const all = listFiles(join(moduleDir, 'kernel'));
  for (const name of names) {
    const f = all.find((p) => basename(p).replace(/\.ko(\.xz|\.zst)?$/, '') === name);
    if (!f) throw new Error(`kernel module ${name} not found under ${moduleDir}`);
    const to = join(tree.root, 'modules', `${name}.ko`);
    mkdirSync(dirname(to), { recursive: true });
    if (f.endsWith('.ko')) copyFileSync(f, to);
    else execFileSync('sh', ['-c', `${f.endsWith('.xz') ? 'xz' : 'zstd -q'} -dc "$1" > "$2"`, 'sh', f, to]);
  }
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f)).filter((f) => statSync(f).isFile());
}

/** Why: uncompressed, because decompressing under emulation costs more than copying. */
export function packCpio(dir: string, out: string): void {
  mkdirSync(dirname(out), { recursive: true });
  execFileSync('sh', ['-c', 'cd "$1" && find . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc -R 0:0 --quiet > "$2"', 'sh', dir, out]);
}

/** Why: the cached base and the fresh layer become one initrd by plain concatenation. */
export function concatFiles(parts: string[], out: string): void {
  execFileSync('sh', ['-c', 'out=$1; shift; cat "$@" > "$out"', 'sh', out, ...parts]);
}
