// The pure xenstore protocol: op table, header codec, frame decoder, payloads, limits, errors.
// Imports neither node:net nor node:fs, so it runs anywhere and is tested without a daemon.
export * from './ops.js';
export * from './limits.js';
export * from './errors.js';
export * from './header.js';
export * from './decoder.js';
export * from './payload.js';
export * from './paths.js';
export * from './directory-part.js';
