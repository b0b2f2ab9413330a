/**
 * One shop server instance for the multi-process tests: a node:http server around
 * `createPaymentHandler` on the shared PostgreSQL ledger. Hook calls are written to a table of the
 * shared database (committed before the hook returns), so the parent counts them across processes
 * and across a SIGKILL. Control: GET /__test/reconcile[?now=<epoch ms>] runs `handler.reconcile()`.
 *
 * env: DATABASE_URL, TABLE_PREFIX, ENCRYPTION_KEY, API_BASE_URL, SECRET_KEY, INSTANCE, CLAIM_LEASE_MS, GATEWAY_RETRY
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPaymentHandler, type Payment } from '@tosskit/core';
import { handleNodeRequest } from '@tosskit/core/node';
import pg from 'pg';
import { createLedger } from '../create-ledger.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`instance-child: ${name} is required`);
  return value;
};

const prefix = env('TABLE_PREFIX');
const instance = env('INSTANCE');
const pool = new pg.Pool({ connectionString: env('DATABASE_URL'), max: 4 });
// the test database is dropped WITH (FORCE) at the end: idle clients losing their server is expected
pool.on('error', () => {});
const ledger = await createLedger({ pool, tablePrefix: prefix, encryptionKey: env('ENCRYPTION_KEY') });

async function recordHook(hook: string, payment: Payment): Promise<void> {
  await pool.query(
    `INSERT INTO ${prefix}test_hook_calls (instance, hook, payment_key, order_id, status) VALUES ($1, $2, $3, $4, $5)`,
    [instance, hook, payment.paymentKey, payment.orderId, payment.status],
  );
  process.stdout.write(`HOOK ${hook} ${payment.orderId}\n`);
}

const handler = createPaymentHandler({
  secretKey: env('SECRET_KEY'),
  apiBaseUrl: env('API_BASE_URL'),
  ledger,
  claimLeaseMs: Number(process.env.CLAIM_LEASE_MS ?? 60_000),
  // GATEWAY_RETRY=0: a lost confirm answer goes straight to the lookup (an idempotent retry would be replayed at once)
  ...(process.env.GATEWAY_RETRY === '0' ? { gateway: { retry: false as const } } : {}),
  orderLookup: async (orderId) => {
    const { rows } = await pool.query(`SELECT amount FROM ${prefix}test_orders WHERE order_id = $1`, [
      orderId,
    ]);
    return rows[0] === undefined
      ? null
      : { amount: Number(rows[0].amount), orderName: '멀티 인스턴스 테스트' };
  },
  onPaymentConfirmed: (payment) => recordHook('onPaymentConfirmed', payment),
  onVirtualAccountIssued: (payment) => recordHook('onVirtualAccountIssued', payment),
  onDepositReceived: (payment) => recordHook('onDepositReceived', payment),
  onPaymentCanceled: (payment) => recordHook('onPaymentCanceled', payment),
});

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const pathname = url.pathname;
  if (pathname === '/__test/reconcile') {
    // `?now=<epoch ms>`: the reconciler's clock, moved by the test instead of waiting for a lease to run out
    const now = url.searchParams.get('now');
    handler
      .reconcile(now === null ? {} : { now: Number(now) })
      .then((report) =>
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(report)),
      )
      .catch((error: unknown) => res.writeHead(500).end(String(error)));
    return;
  }
  if (!handler.handles(pathname)) return void res.writeHead(404).end();
  handleNodeRequest(handler, req, res).catch(() => res.destroy());
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`READY ${(server.address() as AddressInfo).port}\n`);
});

const stop = async () => {
  server.close();
  await ledger.close();
  await pool.end();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
