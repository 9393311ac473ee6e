// `--ovf-transport-iso[=PATH]` as a parameter source (template.d/params/sources.ts): find the
// image (or take PATH: a device, an .iso file, or the directory where one is mounted), read
// ovf-env.xml, and hand its properties over as full keys. The keys flagged ovf:password come out
// of secretKeys(); the command gives them to the runner as RunOptions.extraSecretKeys. Every
// failure is a ParamInputError, so the command says what is wrong and runs nothing.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ParamInputError, type ParamSource } from '../params/sources.js';
import type { Params } from '../params/descriptor.js';
import { findEnvironment } from './discover.js';
import { isEnvFileName, readEnvFromIso } from './iso-read.js';
import { OvfError, parseOvfEnvironment } from './ovf-env.js';

const OPTION = '--ovf-transport-iso';

/**
 * A mounted image: the file is read straight from the directory. Linux shows a plain ISO 9660
 * name in lower case without its ";1" (ovf_env.xml), so every spelling an image may use is tried.
 */
function readFromDirectory(dir: string): string {
  try {
    const names = readdirSync(dir);
    const name = names.includes('ovf-env.xml') ? 'ovf-env.xml' : names.find(isEnvFileName);
    if (name !== undefined) return readFileSync(join(dir, name), 'utf8');
  } catch {
    // reported below
  }
  throw new OvfError('is a directory without a readable ovf-env.xml');
}

async function locate(path: string | undefined, devDir: string): Promise<{ where: string; text: string }> {
  if (path === undefined) {
    const found = await findEnvironment(devDir);
    return { where: found.device, text: found.text };
  }
  try {
    const isDir = statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
    return { where: path, text: isDir ? readFromDirectory(path) : await readEnvFromIso(path) };
  } catch (error) {
    if (error instanceof OvfError) throw new OvfError(`${path} ${error.message}`);
    throw error;
  }
}

/** What --ovf-transport-iso was given. */
export interface OvfSourceOptions {
  /** A device, an .iso file or a mount point; undefined: search the attached devices. */
  path?: string;
  /** Where devices are searched (tests point it at a scratch directory). */
  devDir?: string;
}

/** Why: the OVF environment ISO as one more parameter source for the runner. */
export function ovfIsoSource(options: OvfSourceOptions = {}): ParamSource {
  let flagged: string[] = [];
  return {
    name: options.path === undefined ? 'the OVF environment ISO' : `the OVF environment in ${options.path}`,
    secretKeys: () => [...flagged],
    read: async (): Promise<Params> => {
      try {
        const { where, text } = await locate(options.path, options.devDir ?? '/dev');
        try {
          const environment = parseOvfEnvironment(text);
          flagged = environment.passwordKeys;
          return environment.params;
        } catch (error) {
          if (error instanceof OvfError) throw new OvfError(`the ovf-env.xml in ${where} ${error.message}`);
          throw error;
        }
      } catch (error) {
        if (error instanceof OvfError) throw new ParamInputError(`${OPTION}: ${error.message}`);
        throw error;
      }
    },
  };
}
