// The toolkit version both commands print for --version, taken from package.json at build time.
import pkg from '../../package.json' with { type: 'json' };

/** Why: one version string for every command, bundled in so the guest needs no package.json. */
export const VERSION: string = pkg.version;
