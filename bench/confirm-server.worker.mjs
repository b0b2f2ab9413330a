// Child process of bench/confirm.mjs and bench/webhook.mjs: one app on 127.0.0.1, of the kind named in argv[2]:
//   fetch             hand-written Express 5 confirm: express.json() + global fetch (the gateway's own sample)
//   pool              hand-written Express 5 confirm: express.json() + an undici keep-alive Pool (the limit of
//                     "Express + one HTTPS call to the gateway")
//   koa-pool          the pool handler on Koa 3 (@koa/bodyparser): what the framework costs the same handler
//   express           tosskit's Express middleware, one line, memory ledger
//   koa               tosskit's Koa middleware, one line, memory ledger
//   express-postgres  tosskit's Express middleware, PostgreSQL ledger (the local server; DATABASE_URL)
//   express-pglite    tosskit's Express middleware, embedded PGlite ledger on disk (DATA_DIR)
//   express-traced    tosskit's Express middleware, memory ledger, tracing on: an OpenTelemetry SDK registered
//                     with an exporter that sends nowhere
// The hand-written ones do what every confirm must: look the order up, check the amount, confirm, answer.
import express from 'express';
import { bodyParser } from '@koa/bodyparser';
import Koa from 'koa';
import { Pool } from 'undici';
import { createMemoryLedger } from '@tosskit/core';
import { tossPayments as expressPayments } from '@tosskit/express';
import { tossPayments as koaPayments } from '@tosskit/koa';
import { createLedger } from '@tosskit/ledger';

const kind = process.argv[2];
const {
  EMULATOR_URL: apiBaseUrl,
  SECRET_KEY: secretKey,
  DATABASE_URL,
  DATA_DIR,
  ENCRYPTION_KEY,
} = process.env;
const orders = new Map();
const orderLookup = (orderId) => orders.get(orderId) ?? null;
const quiet = { warn() {}, error() {} };
const authorization = `Basic ${Buffer.from(`${secretKey}:`).toString('base64')}`;

async function ledgerFor(kind) {
  if (kind === 'express-postgres')
    return createLedger({
      connectionString: DATABASE_URL,
      encryptionKey: ENCRYPTION_KEY,
      tablePrefix: 'bench_',
      poolSize: Number(process.env.BENCH_PG_POOL ?? 10),
    });
  if (kind === 'express-pglite') return createLedger({ dataDir: DATA_DIR, encryptionKey: ENCRYPTION_KEY });
  return createMemoryLedger();
}

/** The hand-written confirm handler, with `send(body)` the one gateway call. */
function handWritten(app, send) {
  app.post('/payments/confirm', express.json(), async (req, res) => {
    const { paymentKey, orderId, amount } = req.body ?? {};
    const order = orders.get(orderId);
    if (!order || order.amount !== Number(amount)) {
      res.status(400).json({ code: 'AMOUNT_MISMATCH', message: '주문 금액이 다릅니다.' });
      return;
    }
    try {
      const { status, json } = await send(JSON.stringify({ paymentKey, orderId, amount }));
      res.status(status).json(json);
    } catch {
      res.status(502).json({ code: 'GATEWAY_ERROR', message: '결제 승인 요청에 실패했습니다.' });
    }
  });
  // the webhook most shops write first: trust the body, note the status, answer 200 (no re-fetch, no dedupe)
  const statuses = new Map();
  app.post('/payments/webhook', express.json(), (req, res) => {
    const data = req.body?.data;
    if (data?.paymentKey) statuses.set(data.paymentKey, data.status);
    res.json({ ok: true });
  });
}

/**
 * An OpenTelemetry SDK as a shop registers it (a provider with a span processor, the async-hooks context
 * manager), exporting to nowhere: every span is made, timed and ended, only not sent.
 */
async function noopExportTracer() {
  const { context, trace } = await import('@opentelemetry/api');
  const { AsyncLocalStorageContextManager } = await import('@opentelemetry/context-async-hooks');
  const { BasicTracerProvider, SimpleSpanProcessor } = await import('@opentelemetry/sdk-trace-base');
  const nowhere = { export: (_spans, done) => done({ code: 0 }), shutdown: async () => {} };
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(nowhere)] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  return trace.getTracer('tosskit-bench');
}

let ledger = null;
let listener;
if (kind === 'fetch' || kind === 'pool') {
  const app = express();
  if (kind === 'fetch') {
    handWritten(app, async (body) => {
      const response = await fetch(`${apiBaseUrl}/v1/payments/confirm`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body,
      });
      return { status: response.status, json: await response.json() };
    });
  } else {
    const pool = new Pool(apiBaseUrl, { connections: 64, pipelining: 1, keepAliveTimeout: 30_000 });
    handWritten(app, async (body) => {
      const response = await pool.request({
        path: '/v1/payments/confirm',
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body,
      });
      return { status: response.statusCode, json: await response.body.json() };
    });
  }
  listener = app;
} else if (kind === 'koa-pool') {
  const pool = new Pool(apiBaseUrl, { connections: 64, pipelining: 1, keepAliveTimeout: 30_000 });
  const app = new Koa();
  app.silent = true;
  app.use(bodyParser());
  app.use(async (ctx, next) => {
    if (ctx.method !== 'POST' || ctx.path !== '/payments/confirm') return next();
    const { paymentKey, orderId, amount } = ctx.request.body ?? {};
    const order = orders.get(orderId);
    if (!order || order.amount !== Number(amount)) {
      ctx.status = 400;
      ctx.body = { code: 'AMOUNT_MISMATCH', message: '주문 금액이 다릅니다.' };
      return;
    }
    try {
      const response = await pool.request({
        path: '/v1/payments/confirm',
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ paymentKey, orderId, amount }),
      });
      ctx.status = response.statusCode;
      ctx.body = await response.body.json();
    } catch {
      ctx.status = 502;
      ctx.body = { code: 'GATEWAY_ERROR', message: '결제 승인 요청에 실패했습니다.' };
    }
  });
  listener = app.callback();
} else if (kind === 'koa') {
  ledger = await ledgerFor(kind);
  const app = new Koa();
  app.silent = true;
  app.use(koaPayments({ secretKey, apiBaseUrl, orderLookup, ledger, logger: quiet }));
  listener = app.callback();
} else if (kind.startsWith('express')) {
  ledger = await ledgerFor(kind);
  const app = express();
  const tracing = kind === 'express-traced' ? { tracing: { tracer: await noopExportTracer() } } : {};
  app.use(expressPayments({ secretKey, apiBaseUrl, orderLookup, ledger, logger: quiet, ...tracing }));
  listener = app;
} else {
  throw new Error(`unknown app kind: ${kind}`);
}
if (typeof listener.use === 'function') {
  // autocannon closes its connections when a run ends; a body cut off then is not worth a stack trace
  listener.use((error, _req, res, _next) => {
    if (error?.type !== 'request.aborted') console.error(error);
    if (!res.headersSent) res.status(error?.status ?? 500).end();
  });
}

process.on('message', (message) => {
  if (message.type === 'orders') {
    for (const { orderId, amount } of message.sessions)
      orders.set(orderId, { amount, orderName: '벤치마크 주문', payable: true });
    process.send({ id: message.id });
  } else if (message.type === 'profile') {
    // BENCH_PROF: a CPU profile of one measured run only (no start-up, no warm-up)
    void profile(message.action).then((written) => process.send({ id: message.id, profile: written }));
  } else if (message.type === 'cpu') {
    // CPU time this server has used: the parent takes the difference around a run (work per request,
    // less sensitive to other load on the machine than req/s)
    process.send({
      id: message.id,
      usage: process.cpuUsage(),
      heapUsedMb: Math.round(process.memoryUsage().heapUsed / 1_048_576),
    });
  }
});
let inspector = null;
// BENCH_PROF_ALLOCATIONS=1: a sampling allocation profile (.heapprofile) instead of a CPU profile
const allocations = process.env.BENCH_PROF_ALLOCATIONS === '1';
async function profile(action) {
  if (action === 'start') {
    const { Session } = await import('node:inspector/promises');
    inspector = new Session();
    inspector.connect();
    if (allocations) {
      await inspector.post('HeapProfiler.enable');
      await inspector.post('HeapProfiler.startSampling', {
        samplingInterval: 4096,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      });
      return null;
    }
    await inspector.post('Profiler.enable');
    await inspector.post('Profiler.start');
    return null;
  }
  const { profile: written } = await inspector.post(
    allocations ? 'HeapProfiler.stopSampling' : 'Profiler.stop',
  );
  inspector.disconnect();
  inspector = null;
  return JSON.stringify(written);
}

const { createServer } = await import('node:http');
const server = createServer(listener);
server.listen(0, '127.0.0.1', () => process.send({ type: 'ready', port: server.address().port }));
// exit normally on SIGTERM: the ledger closes its connections
process.on('SIGTERM', async () => {
  await ledger?.close();
  process.exit(0);
});
