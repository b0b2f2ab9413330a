// @tosskit/core: everything a shop's server needs for Toss Payments, with no framework imports.
// Each folder owns its public surface through its own index.ts.
export * from './errors/index.js';
export * from './models/index.js';
export * from './state/index.js';
export * from './amount/index.js';
export * from './gateway/index.js';
export * from './ledger/index.js';
export * from './flows/index.js';
export * from './http/index.js';
