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

// A card payment on every framework the READMEs show, in this fresh app, from the tarballs: the emulator's
// control API authorizes the payment (what its payment window does), then the shop's confirm route confirms it.
export const FRAMEWORKS_CHECK = `
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { serve } from '@hono/node-server';
import { createPaymentHandler } from '@tosskit/core';
import { handleNodeRequest, sendWebResponse, toWebRequest } from '@tosskit/core/node';
import { createEmulator } from '@tosskit/emulator';
import { tossPayments as expressPayments } from '@tosskit/express';
import { tossPayments as fastifyPayments } from '@tosskit/fastify';
import { tossPayments as koaPayments } from '@tosskit/koa';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import Koa from 'koa';

const emulator = await createEmulator();
const orders = new Map();
const paid = new Set();
const options = (extra = {}) => ({
  secretKey: emulator.keys.secretKey,
  apiBaseUrl: emulator.url,
  orderLookup: (orderId) => orders.get(orderId) ?? null,
  onPaymentConfirmed: async (payment) => void paid.add(payment.orderId),
  ...extra,
});
const listening = (server) =>
  new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve('http://127.0.0.1:' + server.address().port)));

async function pay(name, origin, confirmPath = '/payments/confirm') {
  const orderId = 'fw-' + name.replace(/[^a-z]/gi, '') + '-' + Date.now();
  orders.set(orderId, { amount: 5000, orderName: name, payable: true });
  const approved = await emulator.control.authorizePayment({ orderId, amount: 5000, orderName: name });
  const answer = await fetch(origin + confirmPath, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(approved),
  });
  assert.equal(answer.status, 200, name + ': ' + (await answer.text()));
  assert.equal(emulator.control.getPayment(approved.paymentKey)?.status, 'DONE', name);
  assert.ok(paid.has(orderId), name + ': onPaymentConfirmed did not run');
  console.log('ok ' + name + ': a card payment confirmed against the emulator');
}

const closers = [];
{
  const app = express();
  app.use(expressPayments(options()));
  const server = createServer(app);
  closers.push(() => server.close());
  await pay('Express', await listening(server));
}
{
  const app = new Koa();
  app.use(koaPayments(options()));
  const server = createServer(app.callback());
  closers.push(() => server.close());
  await pay('Koa', await listening(server));
}
{
  const app = Fastify();
  await app.register(fastifyPayments, options());
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  closers.push(() => app.close());
  await pay('Fastify', origin);
}
{
  const handler = createPaymentHandler(options());
  const app = new Hono();
  app.all('/payments/*', (c) => handler(c.req.raw));
  const origin = await new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve('http://127.0.0.1:' + info.port),
    );
    closers.push(() => server.close());
  });
  await pay('Hono', origin);
}
{
  // a Next.js App Router route module (app/api/payments/[...path]/route.ts), served as Next serves it:
  // a WHATWG Request in, a Response out
  const handler = createPaymentHandler(options({ basePath: '/api/payments' }));
  const route = { GET: (request) => handler(request), POST: (request) => handler(request) };
  const server = createServer(async (req, res) => {
    const request = await toWebRequest(req);
    await sendWebResponse(res, await route[request.method](request));
  });
  closers.push(() => server.close());
  await pay('a Next.js route handler', await listening(server), '/api/payments/confirm');
}
{
  const handler = createPaymentHandler(options());
  const server = createServer((req, res) => void handleNodeRequest(handler, req, res));
  closers.push(() => server.close());
  await pay('node:http', await listening(server));
}
for (const close of closers) await close();
await emulator.close();
`;
