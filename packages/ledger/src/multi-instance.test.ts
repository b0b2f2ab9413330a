/**
 * Several shop instances in separate processes on one PostgreSQL database and one emulator:
 * the guarantees that only a shared ledger can give (ARCHITECTURE.md guarantees 2, 5 and 8).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createEmulator, type Emulator, type RequestLogEntry } from '@tosskit/emulator';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLedger } from './create-ledger.js';
import {
  createTestDatabase,
  freshPrefix,
  TEST_ENCRYPTION_KEY,
  type TestDatabase,
} from './testing/test-database.js';

const CHILD = fileURLToPath(new URL('./testing/instance-child.ts', import.meta.url));
const TSCONFIG = fileURLToPath(new URL('../../../tsconfig.json', import.meta.url));

interface Instance {
  name: string;
  url: string;
  child: ChildProcess;
  output: string[];
}

let db: TestDatabase;
let pool: pg.Pool;
let emulator: Emulator;
const prefix = freshPrefix();
const running = new Set<Instance>();

async function startInstance(name: string, env: Record<string, string> = {}): Promise<Instance> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: {
      ...process.env,
      TSX_TSCONFIG_PATH: TSCONFIG,
      DATABASE_URL: db.connectionString,
      TABLE_PREFIX: prefix,
      ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      API_BASE_URL: emulator.url,
      SECRET_KEY: emulator.keys.secretKey,
      INSTANCE: name,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const instance: Instance = { name, url: '', child, output };
  running.add(instance);
  const port = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start: ${output.join('')}`)), 30_000);
    child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      output.push(text);
      const ready = /READY (\d+)/.exec(text);
      if (ready) {
        clearTimeout(timer);
        resolve(ready[1]!);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}: ${output.join('')}`));
    });
  });
  instance.url = `http://127.0.0.1:${port}`;
  return instance;
}

async function stopInstance(instance: Instance, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  running.delete(instance);
  if (instance.child.exitCode !== null || instance.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => instance.child.once('exit', () => resolve()));
  instance.child.kill(signal);
  await exited;
}

async function addOrder(orderId: string, amount: number): Promise<void> {
  await pool.query(`INSERT INTO ${prefix}test_orders (order_id, amount) VALUES ($1, $2)`, [orderId, amount]);
}

async function hookCalls(orderId: string): Promise<{ instance: string; hook: string; status: string }[]> {
  const { rows } = await pool.query(
    `SELECT instance, hook, status FROM ${prefix}test_hook_calls WHERE order_id = $1 ORDER BY id`,
    [orderId],
  );
  return rows;
}

function confirmAt(
  instance: Instance,
  body: { paymentKey: string; orderId: string; amount: number },
): Promise<{ status: number; body: Record<string, unknown> }> {
  return fetch(`${instance.url}/payments/confirm`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));
}

/** Listeners of the emulator's request log: a test waits on a request being answered, not on a timer. */
const requestListeners = new Set<(entry: RequestLogEntry) => void>();
function requestAnswered(matches: (entry: RequestLogEntry) => boolean): Promise<RequestLogEntry> {
  return new Promise((resolve) => {
    const listener = (entry: RequestLogEntry) => {
      if (!matches(entry)) return;
      requestListeners.delete(listener);
      resolve(entry);
    };
    requestListeners.add(listener);
  });
}
let sequence = 0;
const newOrderId = (label: string) => `mi-${label}-${Date.now()}-${++sequence}`;

beforeAll(async () => {
  db = await createTestDatabase('multi');
  pool = new pg.Pool({ connectionString: db.connectionString, max: 4 });
  // the test database is dropped WITH (FORCE) at the end: idle clients losing their server is expected
  pool.on('error', () => {});
  emulator = await createEmulator({
    consecutiveRequestWindowMs: 0,
    onRequest: (entry) => {
      for (const listener of [...requestListeners]) listener(entry);
    },
  });
  // migrate once up front, and the test's own bookkeeping tables
  const ledger = await createLedger({ pool, tablePrefix: prefix, encryptionKey: TEST_ENCRYPTION_KEY });
  await ledger.close();
  await pool.query(`CREATE TABLE ${prefix}test_orders (order_id text PRIMARY KEY, amount bigint NOT NULL)`);
  await pool.query(
    `CREATE TABLE ${prefix}test_hook_calls (id bigserial PRIMARY KEY, instance text NOT NULL, hook text NOT NULL,
       payment_key text NOT NULL, order_id text NOT NULL, status text NOT NULL)`,
  );
}, 60_000);

afterEach(async () => {
  emulator.control.clearFaults();
});

afterAll(async () => {
  await Promise.all([...running].map((i) => stopInstance(i, 'SIGKILL')));
  await emulator?.close();
  await pool?.end();
  await db?.drop();
});

describe('several instances on one PostgreSQL ledger', () => {
  it('confirms an order once when 50 confirms of it are spread over three processes', async () => {
    const instances = await Promise.all(['a', 'b', 'c'].map((n) => startInstance(n)));
    try {
      const orderId = newOrderId('confirm');
      await addOrder(orderId, 25_000);
      const { paymentKey } = await emulator.control.authorizePayment({ orderId, amount: 25_000 });
      const before = emulator.control.requests({ route: 'confirm' }).length;

      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          confirmAt(instances[i % instances.length]!, { paymentKey, orderId, amount: 25_000 }),
        ),
      );

      expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));
      expect(emulator.control.requests({ route: 'confirm' }).length - before).toBe(1);
      const { rows } = await pool.query(
        `SELECT payment_key, status FROM ${prefix}payments WHERE order_id = $1`,
        [orderId],
      );
      expect(rows).toEqual([{ payment_key: paymentKey, status: 'DONE' }]);
      const { rows: txs } = await pool.query(`SELECT kind FROM ${prefix}transactions WHERE order_id = $1`, [
        orderId,
      ]);
      expect(txs).toEqual([{ kind: 'APPROVAL' }]);
      const calls = await hookCalls(orderId);
      expect(calls.map((c) => c.hook)).toEqual(['onPaymentConfirmed']);
    } finally {
      await Promise.all(instances.map((i) => stopInstance(i)));
    }
  });

  it('applies a webhook delivered to every instance at once exactly once', async () => {
    const instances = await Promise.all(['w1', 'w2', 'w3'].map((n) => startInstance(n)));
    try {
      const orderId = newOrderId('deposit');
      await addOrder(orderId, 40_000);
      const { paymentKey } = await emulator.control.authorizePayment({
        orderId,
        amount: 40_000,
        method: 'VIRTUAL_ACCOUNT',
      });
      const issued = await confirmAt(instances[0]!, { paymentKey, orderId, amount: 40_000 });
      expect(issued.status).toBe(200);
      const { rows: waiting } = await pool.query(
        `SELECT status, revision FROM ${prefix}payments WHERE payment_key = $1`,
        [paymentKey],
      );
      expect(waiting).toEqual([{ status: 'WAITING_FOR_DEPOSIT', revision: 1 }]);

      for (const i of instances) emulator.control.addWebhookEndpoint(`${i.url}/payments/webhook`);
      const sent = emulator.control.deliveries().length;
      await emulator.control.deposit(paymentKey);
      await emulator.control.flushWebhooks();
      const deliveries = emulator.control.deliveries().slice(sent);
      expect(deliveries.length).toBeGreaterThanOrEqual(instances.length);

      // and the same bodies again, all at once, to every instance
      const replays = await Promise.all(
        deliveries.flatMap((d) =>
          instances.flatMap((i) =>
            Array.from({ length: 5 }, () =>
              fetch(`${i.url}/payments/webhook`, {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify(d.body),
              }).then((r) => r.status),
            ),
          ),
        ),
      );
      expect(replays.every((s) => s === 200)).toBe(true);

      const { rows } = await pool.query(
        `SELECT status, revision FROM ${prefix}payments WHERE payment_key = $1`,
        [paymentKey],
      );
      expect(rows).toEqual([{ status: 'DONE', revision: 2 }]);
      const calls = await hookCalls(orderId);
      expect(calls.map((c) => c.hook)).toEqual(['onVirtualAccountIssued', 'onDepositReceived']);
    } finally {
      await Promise.all(instances.map((i) => stopInstance(i)));
    }
  });

  it('finishes a confirm whose instance was killed after the gateway approved it, after a restart', async () => {
    const victim = await startInstance('victim', { CLAIM_LEASE_MS: '1500', GATEWAY_RETRY: '0' });
    const orderId = newOrderId('kill');
    await addOrder(orderId, 18_000);
    const { paymentKey } = await emulator.control.authorizePayment({ orderId, amount: 18_000 });
    // the confirm commits at the gateway and its answer is lost; the victim's lookup then hangs
    emulator.control.fault({ kind: 'latency', route: 'confirm', ms: 1, times: 1 });
    emulator.control.fault({ kind: 'drop', route: 'confirm', times: 1 });
    emulator.control.fault({ kind: 'latency', route: '*', ms: 30_000 });

    // the gateway answers the confirm (approved), and the answer is dropped on its way to the victim
    const approvedAndDropped = requestAnswered((e) => e.route === 'confirm' && e.dropped);
    const pending = confirmAt(victim, { paymentKey, orderId, amount: 18_000 }).catch(() => null);
    await approvedAndDropped;
    expect((await emulator.control.getPayment(paymentKey))?.status).toBe('DONE');
    await stopInstance(victim, 'SIGKILL');
    expect(await pending).toBeNull();
    emulator.control.clearFaults();

    // approved at the gateway, unknown to the shop: the claim is still held by the dead process
    const { rows: claimRows } = await pool.query(
      `SELECT state, owner FROM ${prefix}claims WHERE order_id = $1`,
      [orderId],
    );
    expect(claimRows[0]?.state, JSON.stringify([emulator.control.requests().slice(-6), victim.output])).toBe(
      'claimed',
    );
    expect(await hookCalls(orderId)).toEqual([]);

    const restarted = await startInstance('restarted');
    try {
      // the reconciler's clock past the dead holder's lease (1.5 s): nobody waits for it to run out
      const later = `${restarted.url}/__test/reconcile?now=${Date.now() + 60_000}`;
      const [first, second] = await Promise.all([
        fetch(later).then((r) => r.json() as Promise<{ ran: boolean; claims: Record<string, number> }>),
        fetch(later).then((r) => r.json() as Promise<{ ran: boolean; claims: Record<string, number> }>),
      ]);
      const worked = [first, second].filter((r) => r.ran);
      expect(worked).toHaveLength(1);
      expect(worked[0]!.claims.confirmed).toBe(1);

      const { rows } = await pool.query(`SELECT status FROM ${prefix}payments WHERE payment_key = $1`, [
        paymentKey,
      ]);
      expect(rows).toEqual([{ status: 'DONE' }]);
      const { rows: claim } = await pool.query(
        `SELECT state, outcome FROM ${prefix}claims WHERE order_id = $1`,
        [orderId],
      );
      expect(claim[0]).toMatchObject({ state: 'settled', outcome: { kind: 'confirmed', status: 'DONE' } });
      expect((await hookCalls(orderId)).map((c) => [c.instance, c.hook])).toEqual([
        ['restarted', 'onPaymentConfirmed'],
      ]);

      // the buyer's retry is now answered from the ledger, without a second hook or a second approval
      const retry = await confirmAt(restarted, { paymentKey, orderId, amount: 18_000 });
      expect(retry.status).toBe(200);
      expect(await hookCalls(orderId), JSON.stringify([retry, restarted.output])).toHaveLength(1);
      const again = await fetch(`${restarted.url}/__test/reconcile`).then(
        (r) => r.json() as Promise<{ claims: Record<string, number> }>,
      );
      expect(again.claims.confirmed).toBe(0);
      expect(await hookCalls(orderId)).toHaveLength(1);
    } finally {
      await stopInstance(restarted);
    }
  });
});
