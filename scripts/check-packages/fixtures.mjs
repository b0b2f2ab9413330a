// The files of the fresh apps scripts/check-packages.mjs installs the packed tarballs into.
// Each runtime check prints one `ok …` line per thing it proved and throws (exit 1) at the first surprise.

export const ESM_CHECK = `
import assert from 'node:assert/strict';
import * as core from '@tosskit/core';
import * as models from '@tosskit/core/models';
import * as kit from '@tosskit/core/ledger-kit';
import * as nodeBridge from '@tosskit/core/node';
import { createEmulator } from '@tosskit/emulator';
import { tossPayments } from '@tosskit/express';
import * as koa from '@tosskit/koa';
import * as fastify from '@tosskit/fastify';
import * as browser from '@tosskit/browser';
import { openLedger, LEDGER_DRIVER_MISSING } from '@tosskit/ledger';

// the default transport must load undici from this app's node_modules, not fall back to the global fetch
const consoleWarn = console.warn;
console.warn = (...args) => {
  if (String(args[0]).includes('could not load undici')) {
    console.error('the default transport fell back to the global fetch: ' + String(args[0]));
    process.exit(1);
  }
  consoleWarn(...args);
};

assert.equal(typeof core.createPaymentHandler, 'function');
assert.ok(Object.keys(models).length > 10 && Object.keys(kit).length > 0 && typeof nodeBridge.handleNodeRequest === 'function');
assert.equal(typeof tossPayments, 'function');
assert.ok(Object.keys(koa).length > 0 && Object.keys(fastify).length > 0 && Object.keys(browser).length > 0);
assert.equal(LEDGER_DRIVER_MISSING, 'LEDGER_DRIVER_MISSING');
console.log('ok esm: every package and subpath imports');

// a confirm through the default transport (undici, loaded on first use) and the embedded ledger (PGlite)
const emulator = await createEmulator();
const approved = await emulator.control.authorizePayment({ orderId: 'check-esm-1', amount: 1000, orderName: 'check' });
const ledger = openLedger({ dataDir: 'memory://' });
const handler = core.createPaymentHandler({
  secretKey: emulator.keys.secretKey,
  apiBaseUrl: emulator.url,
  ledger,
  orderLookup: (id) => (id === 'check-esm-1' ? { amount: 1000, orderName: 'check', payable: true } : null),
});
const answer = await handler(new Request('http://shop.test/payments/confirm', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(approved),
}));
assert.equal(answer.status, 200, await answer.clone().text());
assert.equal((await answer.json()).status, 'DONE');
await handler.close();
await ledger.close();
await emulator.close();
console.log('ok esm: confirm against the emulator (undici pool transport, PGlite ledger)');
`;

export const CJS_CHECK = `
const assert = require('node:assert/strict');
const core = require('@tosskit/core');
require('@tosskit/core/models');
require('@tosskit/core/ledger-kit');
require('@tosskit/core/node');
const { createEmulator } = require('@tosskit/emulator');
require('@tosskit/express');
require('@tosskit/koa');
require('@tosskit/fastify');
require('@tosskit/browser');
const { createLedger } = require('@tosskit/ledger');

// the default transport must load undici from this app's node_modules, not fall back to the global fetch
const consoleWarn = console.warn;
console.warn = (...args) => {
  if (String(args[0]).includes('could not load undici')) {
    console.error('the default transport fell back to the global fetch: ' + String(args[0]));
    process.exit(1);
  }
  consoleWarn(...args);
};
console.log('ok cjs: every package and subpath requires (Node ' + process.versions.node + ')');

(async () => {
  const emulator = await createEmulator();
  const approved = await emulator.control.authorizePayment({ orderId: 'check-cjs-1', amount: 2000, orderName: 'check' });
  const ledger = await createLedger({ dataDir: 'memory://' });
  const handler = core.createPaymentHandler({
    secretKey: emulator.keys.secretKey,
    apiBaseUrl: emulator.url,
    ledger,
    orderLookup: (id) => (id === 'check-cjs-1' ? { amount: 2000, orderName: 'check', payable: true } : null),
  });
  const answer = await handler(new Request('http://shop.test/payments/confirm', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(approved),
  }));
  assert.equal(answer.status, 200, await answer.clone().text());
  await handler.close();
  await ledger.close();
  await emulator.close();
  console.log('ok cjs: confirm against the emulator (undici pool transport, PGlite ledger)');
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;

/** the app without pg and PGlite: each driver option fails with the install command (ESM and CJS) */
export const NO_DRIVER_ESM = `
import assert from 'node:assert/strict';
import { createLedger, openLedger } from '@tosskit/ledger';

const embedded = openLedger({ dataDir: 'memory://' });
const missing = await embedded.getClaim('check-order').then(() => null, (error) => error);
assert.equal(missing?.code, 'LEDGER_DRIVER_MISSING', String(missing));
assert.match(missing.message, /npm install @electric-sql\\/pglite/);
const server = await createLedger({ connectionString: 'postgres://127.0.0.1:1/none', encryptionKey: 'a'.repeat(64) }).then(() => null, (error) => error);
assert.equal(server?.code, 'LEDGER_DRIVER_MISSING', String(server));
assert.match(server.message, /npm install pg/);
console.log('ok esm: without the drivers, dataDir says "npm install @electric-sql/pglite", connectionString says "npm install pg"');
`;

export const NO_DRIVER_CJS = `
const assert = require('node:assert/strict');
const { createLedger } = require('@tosskit/ledger');
createLedger({ dataDir: 'memory://' }).then(
  () => { console.error('createLedger({ dataDir }) opened without PGlite installed'); process.exit(1); },
  (error) => {
    assert.equal(error.code, 'LEDGER_DRIVER_MISSING', String(error));
    assert.match(error.message, /npm install @electric-sql\\/pglite/);
    console.log('ok cjs: without PGlite, dataDir fails with LEDGER_DRIVER_MISSING');
  },
);
`;

/** type checks, compiled with skipLibCheck: false */
export const TYPES_FULL = `
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { createPaymentHandler, type FetchLike } from '@tosskit/core';
import type { Payment } from '@tosskit/core/models';
import { createLedger, openLedger, postgresPoolBounds, type LedgerOptions } from '@tosskit/ledger';
import { tossPayments } from '@tosskit/express';

const encryptionKey = 'a'.repeat(64);
// a real pg.Pool and a real PGlite fit the ledger's options
export const fromPool: LedgerOptions = { pool: new pg.Pool({ ...postgresPoolBounds(), connectionString: 'postgres://x' }), encryptionKey };
export const fromPglite = (db: PGlite) => createLedger({ pglite: db, encryptionKey });
// and the option is typed, not any
// @ts-expect-error a string is not a pool
export const wrongPool: LedgerOptions = { pool: 'postgres://x', encryptionKey };
export const ledger = openLedger({ dataDir: './data', encryptionKey });
const edgeFetch: FetchLike = (input, init) => fetch(input, init);
export const handler = createPaymentHandler({ secretKey: 'test_sk_x', orderLookup: () => null, ledger, gateway: { fetch: edgeFetch } });
export const middleware = tossPayments({ secretKey: 'test_sk_x', orderLookup: () => null });
export const amount = (p: Payment): number => p.totalAmount;
`;

export const TYPES_NO_DRIVER = `
import { createLedger, type LedgerOptions, type PgPoolLike } from '@tosskit/ledger';
import { createPaymentHandler } from '@tosskit/core';

declare const pool: PgPoolLike;
export const options: LedgerOptions = { pool, encryptionKey: 'a'.repeat(64) };
// @ts-expect-error without @types/pg the pool option is still typed
export const wrong: LedgerOptions = { pool: 42, encryptionKey: 'a'.repeat(64) };
export const ledger = createLedger(options);
export const handler = createPaymentHandler({ secretKey: 'test_sk_x', orderLookup: () => null });
`;

export function tsconfig(moduleKind, resolution, files, types = ['node']) {
  return JSON.stringify(
    {
      compilerOptions: {
        module: moduleKind,
        moduleResolution: resolution,
        target: 'es2022',
        lib: ['es2022', 'dom'],
        types,
        strict: true,
        skipLibCheck: false,
        noEmit: true,
      },
      files,
    },
    null,
    2,
  );
}
