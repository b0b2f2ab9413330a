/**
 * Child process of the chaos run (chaos/run.ts): one shop, an Express 5 app with tosskit's middleware in one
 * line, on the shared PostgreSQL ledger. The ledger's connection goes through this process's own TCP proxy
 * in the harness (so the harness can cut or stall this process's database path); the shop's own tables
 * (orders, and the hook log the harness counts) go straight to PostgreSQL: they are the run's measuring
 * instrument, and a shop's fulfilment store need not share the ledger's network path.
 *
 * Like a production instance it runs `handler.reconcile()` on a timer (README "Reconcile"); the harness
 * also asks for a pass with POST /__chaos/reconcile. Prints `READY <port>` when listening.
 *
 * env: SECRET_KEY, API_BASE_URL, LEDGER_URL (through the proxy), SHOP_URL (direct), PREFIX, ENCRYPTION_KEY,
 *      GENERATION (e.g. app2#3: instance and start number), CLAIM_LEASE_MS, CLAIM_WAIT_MS, GATEWAY_TIMEOUT_MS,
 *      RECONCILE_EVERY_MS (0: no timer)
 */
import type { AddressInfo } from 'node:net';
import express from 'express';
import pg from 'pg';
import type { Payment } from '@tosskit/core';
import { tossPayments } from '@tosskit/express';
import { createLedger } from '@tosskit/ledger';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`app.worker: ${name} is required`);
  return value;
};

const prefix = env('PREFIX');
const generation = env('GENERATION');
const shop = new pg.Pool({ connectionString: env('SHOP_URL'), max: 4 });
shop.on('error', () => {});

const ledger = await createLedger({
  connectionString: env('LEDGER_URL'),
  tablePrefix: prefix,
  encryptionKey: env('ENCRYPTION_KEY'),
});

/** One row per hook run, committed before the hook returns: the harness counts them across kill -9. */
async function recordHook(hook: string, paymentKey: string | null, orderId: string, status: string) {
  await shop.query(
    `INSERT INTO ${prefix}hook_calls (generation, hook, payment_key, order_id, status, at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [generation, hook, paymentKey, orderId, status, Date.now()],
  );
}

const payments = tossPayments({
  secretKey: env('SECRET_KEY'),
  apiBaseUrl: env('API_BASE_URL'),
  ledger,
  claimLeaseMs: Number(process.env.CLAIM_LEASE_MS ?? 60_000),
  claimWaitMs: Number(process.env.CLAIM_WAIT_MS ?? 30_000),
  gateway: { timeoutMs: Number(process.env.GATEWAY_TIMEOUT_MS ?? 15_000) },
  orderLookup: async (orderId) => {
    const { rows } = await shop.query<{ amount: string; paid_by: string | null }>(
      `SELECT amount, paid_by FROM ${prefix}shop_orders WHERE order_id = $1`,
      [orderId],
    );
    const row = rows[0];
    return row === undefined
      ? null
      : { amount: Number(row.amount), orderName: '카오스 주문', payable: row.paid_by === null };
  },
  // the shop ships the order: it marks it paid and logs the call in one statement
  onPaymentConfirmed: async (payment: Payment) => {
    await shop.query(
      `WITH paid AS (UPDATE ${prefix}shop_orders SET paid_by = COALESCE(paid_by, $3) WHERE order_id = $4)
       INSERT INTO ${prefix}hook_calls (generation, hook, payment_key, order_id, status, at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [generation, 'onPaymentConfirmed', payment.paymentKey, payment.orderId, payment.status, Date.now()],
    );
  },
  onPaymentFailed: (failure) =>
    recordHook('onPaymentFailed', failure.paymentKey, failure.orderId, failure.code),
  onPaymentCanceled: (payment) =>
    recordHook('onPaymentCanceled', payment.paymentKey, payment.orderId, payment.status),
});

const app = express();
app.post('/__chaos/reconcile', (_req, res) => {
  payments
    .reconcile()
    .then((report) => res.json(report))
    .catch((error: unknown) => res.status(500).json({ error: String(error) }));
});
app.use(payments);
app.use((error: { status?: number; type?: string }, _req: unknown, res: express.Response, _next: unknown) => {
  if (error?.type !== 'request.aborted') console.error('express error', error);
  if (!res.headersSent) res.status(error?.status ?? 500).end();
});

const reconcileEvery = Number(process.env.RECONCILE_EVERY_MS ?? 0);
if (reconcileEvery > 0) {
  // the README's advice for every instance: a reconcile pass on a timer (only the lease holder works)
  let running = false;
  setInterval(() => {
    if (running) return;
    running = true;
    payments
      .reconcile()
      .catch((error: unknown) => console.error('reconcile failed', String(error)))
      .finally(() => {
        running = false;
      });
  }, reconcileEvery).unref();
}

const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`READY ${(server.address() as AddressInfo).port}\n`);
});
server.keepAliveTimeout = 30_000;

process.on('SIGTERM', () => {
  server.close();
  void Promise.allSettled([payments.close(), ledger.close(), shop.end()]).then(() => process.exit(0));
});
// the harness went away (even by kill -9): do not outlive it
process.on('disconnect', () => process.exit(1));
