// Transports to xenstored: the unix socket and the xenbus character device, one interface.
export type { Transport } from './types.js';
export type { DeviceFileOps } from './device-ops.js';
export { nodeDeviceOps } from './device-ops.js';
export { openSocketTransport } from './socket.js';
export { openDeviceTransport } from './device.js';
export { refuseForbidden } from './guard.js';
