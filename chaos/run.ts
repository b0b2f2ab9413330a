#!/usr/bin/env node
/**
 * The chaos run (issue 10, item 11): many orders confirmed at once through P Express app processes on one
 * PostgreSQL ledger and one emulated gateway, while the gateway loses answers, refuses and slows down,
 * webhooks are duplicated, reordered, delayed and dropped, app processes are killed with kill -9 and restarted,
 * their database paths are cut and stalled through TCP proxies, and fuzzed and forged requests come alongside.
 * Then the documented reconcile runs until no claim is open, and the books are checked order by order
 * (chaos/books.ts). Exits 1 with the violating orders when an invariant fails. See RELIABILITY.md.
 *
 *   npm run chaos -- [--orders 200] [--seed 1] [--processes 3] [--concurrency 6] [--duration 600]
 *                    [--lease-ms 12000] [--claim-wait-ms 15000] [--gateway-timeout-ms 2000] [--polls 8]
 *                    [--poll-for 45] [--max-rss-mb 400] [--reconcile-every-ms 10000]
 *                    [--reconcile-budget 60] [--database-url postgres://postgres@127.0.0.1:5432/test] [--keep]
 *
 * --duration (seconds) bounds the storm: no new order starts after it. The same seed gives the same orders,
 * faults, kills, cuts and fuzz, in the same order; which request meets an armed fault depends on timing.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createLedger } from '@tosskit/ledger';
import { checkBooks, readBooks, type GatewayPayment, type Violation } from './books.js';
import { fuzzOnce, oversizedBody } from './fuzz.js';
import { createRng } from './prng.js';
import { Cluster, startWebhookRouter, startWorker } from './processes.js';
import {
  control,
  fireEvents,
  planOrder,
  planSchedule,
  runOrder,
  verdictOf,
  type StormContext,
} from './storm.js';

// ── options ────────────────────────────────────────────────────────────────────────────────────────────
const argv = process.argv.slice(2);
function option(name: string, fallback: string): string {
  const i = argv.indexOf(`--${name}`);
  if (i !== -1 && argv[i + 1] !== undefined) return argv[i + 1]!;
  const inline = argv.find((a) => a.startsWith(`--${name}=`));
  return inline === undefined ? fallback : inline.slice(name.length + 3);
}
function number(name: string, fallback: number): number {
  const value = Number(option(name, String(fallback)));
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number ≥ 0`);
  return value;
}
if (argv.includes('--help')) {
  console.log(
    'npm run chaos -- [--orders N] [--seed S] [--processes P] [--concurrency C] [--duration SECONDS]\n' +
      '  [--lease-ms MS] [--claim-wait-ms MS] [--gateway-timeout-ms MS] [--polls N] [--poll-for SECONDS]\n' +
      '  [--max-rss-mb MB] [--reconcile-budget SECONDS] [--reconcile-every-ms MS] [--database-url URL] [--keep]\n' +
      '  (see RELIABILITY.md)',
  );
  process.exit(0);
}
const ORDERS = number('orders', 200);
const SEED = option('seed', '1');
const PROCESSES = Math.max(1, number('processes', 3));
const CONCURRENCY = Math.max(1, number('concurrency', 6));
const DURATION_MS = number('duration', 600) * 1000;
const LEASE_MS = number('lease-ms', 12000);
const CLAIM_WAIT_MS = number('claim-wait-ms', 15_000);
const GATEWAY_TIMEOUT_MS = number('gateway-timeout-ms', 2000);
const POLLS = number('polls', 8);
const POLL_FOR_MS = number('poll-for', 45) * 1000;
const MAX_RSS_MB = number('max-rss-mb', 400);
const RECONCILE_BUDGET_MS = number('reconcile-budget', 60) * 1000;
const RECONCILE_EVERY_MS = number('reconcile-every-ms', 10_000);
const DATABASE_URL = option(
  'database-url',
  process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
);
const KEEP = argv.includes('--keep');
const BASE_PATH = '/payments';
/** a 503 may still come this long after an outage ends (the pool finds its connections dead) */
const OUTAGE_GRACE_MS = 10_000;

const run = randomBytes(3).toString('hex');
const prefix = `chaos_${run}_`;
const logDir = join(tmpdir(), `tosskit-chaos-${SEED}-${run}`);
mkdirSync(logDir, { recursive: true });
const rng = createRng(`chaos:${SEED}`);
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

console.log(
  `chaos: ${ORDERS} orders, seed ${SEED}, ${PROCESSES} app processes, ${CONCURRENCY} orders at a time, ` +
    `claim lease ${LEASE_MS} ms, gateway timeout ${GATEWAY_TIMEOUT_MS} ms; tables ${prefix}*; logs ${logDir}`,
);

// ── set-up ─────────────────────────────────────────────────────────────────────────────────────────────
const pgUrl = new URL(DATABASE_URL);
const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 6 });
pool.on('error', () => {});
const encryptionKey = randomBytes(32).toString('base64url');
{
  // migrate once here (the apps would race to it otherwise, harmlessly), then the shop's own tables
  const ledger = await createLedger({ pool, tablePrefix: prefix, encryptionKey });
  await ledger.close();
  await pool.query(
    `CREATE TABLE ${prefix}shop_orders (order_id text PRIMARY KEY, amount bigint NOT NULL, paid_by text)`,
  );
  await pool.query(
    `CREATE TABLE ${prefix}hook_calls (id bigserial PRIMARY KEY, generation text NOT NULL, hook text NOT NULL,
       payment_key text, order_id text NOT NULL, status text NOT NULL, at bigint NOT NULL)`,
  );
}

const harnessLog = createWriteStream(join(logDir, 'emulator.log'));
let cluster: Cluster | null = null;
let cleaned = false;
async function cleanUp(): Promise<void> {
  if (cleaned) return;
  cleaned = true;
  await cluster?.stop().catch(() => undefined);
  if (!KEEP) {
    const { rows } = await pool
      .query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE tablename LIKE $1`, [`${prefix}%`])
      .catch(() => ({ rows: [] as { tablename: string }[] }));
    if (rows.length > 0)
      await pool
        .query(`DROP TABLE IF EXISTS ${rows.map((r) => r.tablename).join(', ')} CASCADE`)
        .catch(() => undefined);
  }
  await pool.end().catch(() => undefined);
}
// a harness failure (the emulator not starting, PostgreSQL gone) still stops the children and drops the tables
process.on('uncaughtException', (error) => {
  console.error('chaos: the harness failed:', error);
  void cleanUp().finally(() => process.exit(2));
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\nchaos: ${signal}, cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}

const clusterOptions = {
  processes: PROCESSES,
  logDir,
  pg: { host: pgUrl.hostname, port: Number(pgUrl.port || 5432) },
  ledgerUrlFor: (port: number) => {
    const u = new URL(DATABASE_URL);
    u.hostname = '127.0.0.1';
    u.port = String(port);
    return u.toString();
  },
  appEnv: {} as Record<string, string>,
};
cluster = new Cluster(clusterOptions);
const webhookRng = rng.fork('webhooks');
const router = await startWebhookRouter(cluster, (n) => webhookRng.int(0, n - 1), BASE_PATH);
const emulator = await startWorker('emulator.worker.ts', { WEBHOOK_URL: router.url }, harnessLog, 'emulator');
const [emulatorUrl, secretKey] = emulator.ready as [string, string];
// the apps' environment is complete once the emulator is up (the router, which it posts to, needs the cluster)
clusterOptions.appEnv = {
  SECRET_KEY: secretKey,
  API_BASE_URL: emulatorUrl,
  SHOP_URL: DATABASE_URL,
  PREFIX: prefix,
  ENCRYPTION_KEY: encryptionKey,
  CLAIM_LEASE_MS: String(LEASE_MS),
  // a second tab waits at most this long for the first one's confirm: well inside the client's 30 s
  CLAIM_WAIT_MS: String(CLAIM_WAIT_MS),
  GATEWAY_TIMEOUT_MS: String(GATEWAY_TIMEOUT_MS),
  RECONCILE_EVERY_MS: String(RECONCILE_EVERY_MS),
};
await cluster.start();
console.log(
  `chaos: emulator ${emulatorUrl}, apps ${cluster.apps.map((a) => a.url).join(' ')} (${elapsed()})`,
);

// ── the storm ──────────────────────────────────────────────────────────────────────────────────────────
const ctx: StormContext = {
  cluster,
  basePath: BASE_PATH,
  emulatorUrl,
  answers: [],
  pending: new Set(),
  faultsArmed: new Map(),
  skipped: new Map(),
  polls: 0,
};
const schedule = planSchedule(rng.fork('schedule'), ORDERS, PROCESSES);
const orderIdOf = (index: number) => `chaos-${run}-${SEED}-${String(index).padStart(5, '0')}`;
const plans = Array.from({ length: ORDERS }, (_, i) => planOrder(rng.fork(`order:${i}`), i, orderIdOf(i)));
{
  // the seed's schedule in one line: the same seed prints the same digest (order ids aside)
  const events = [...schedule.values()].flat();
  const digest = createHash('sha256')
    .update(JSON.stringify([[...schedule.entries()], plans.map((p) => ({ ...p, orderId: p.index }))]))
    .digest('hex')
    .slice(0, 12);
  const n = (f: (e: (typeof events)[number]) => boolean) => events.filter(f).length;
  console.log(
    `chaos: schedule ${digest}: ${n((e) => e.kind === 'fault' || e.kind === 'faults')} gateway faults, ` +
      `${n((e) => e.kind === 'kill')} kills, ${n((e) => e.kind === 'outage' && e.mode === 'reset')} cuts, ` +
      `${n((e) => e.kind === 'outage' && e.mode === 'blackhole')} stalls; ` +
      `${plans.filter((p) => p.windows === 2).length} orders with two windows, ` +
      `${plans.reduce((sum, p) => sum + p.confirms.length, 0)} buyer tabs`,
  );
}
const orders = new Map<string, { amount: number }>();
const background = new Set<Promise<unknown>>();
let started = 0;
let finished = 0;
let secondWindows = 0;
const orderErrors: string[] = [];
const fuzzRng = rng.fork('fuzz');

const sampler = setInterval(() => cluster!.sampleRss(), 1000);
const reconcileState = { active: false, passes: 0, ran: 0, open: 0 };
function progress(): void {
  if (reconcileState.active) {
    const { passes, ran, open } = reconcileState;
    console.log(`[${elapsed()}] reconcile: ${passes} passes (${ran} ran), ${open} claims open`);
    return;
  }
  const by = { paid: 0, pending: 0, failed: 0, 'server-error': 0, lost: 0, hang: 0 };
  for (const a of ctx.answers) if (a.end !== 0) by[verdictOf(a)] += 1;
  const alive = cluster!.apps.map((a) => (a.url === null ? `${a.name}:down` : `${a.name}:${a.lastRssMb}MB`));
  const outages = cluster!.outages.filter((o) => o.end === Infinity).map((o) => `${o.app}:${o.mode}`);
  console.log(
    `[${elapsed()}] orders ${finished}/${started}/${ORDERS}  requests ${ctx.answers.length} ` +
      `(200:${by.paid} pending:${by.pending} 4xx:${by.failed} 5xx:${by['server-error']} lost:${by.lost} hang:${by.hang})  ` +
      `kills ${cluster!.kills.length} outages ${cluster!.outages.length}${outages.length ? ` [${outages.join(' ')}]` : ''}  ${alive.join(' ')}`,
  );
}
const ticker = setInterval(progress, 5000);

const stormStart = Date.now();
const stormEnds = stormStart + DURATION_MS;
let nextOrder = 0;
async function worker(): Promise<void> {
  for (;;) {
    if (Date.now() >= stormEnds) return;
    const index = nextOrder++;
    if (index >= ORDERS) return;
    const plan = plans[index]!;
    const orderId = plan.orderId;
    orders.set(orderId, { amount: plan.amount });
    if (plan.windows === 2) secondWindows += 1;
    started += 1;
    fireEvents(ctx, schedule.get(index), background);
    // about one fuzzed or forged request per order, and a 5 MB body every 100 orders
    if (fuzzRng.chance(0.9)) void fuzzOnce(ctx, fuzzRng.fork(index), orderId, plan.amount);
    if (index % 100 === 50) void oversizedBody(ctx);
    const result = await runOrder(
      ctx,
      rng.fork(`buyer:${index}`),
      plan,
      async (id, amount) => {
        await pool.query(`INSERT INTO ${prefix}shop_orders (order_id, amount) VALUES ($1, $2)`, [id, amount]);
      },
      { polls: POLLS, forMs: POLL_FOR_MS },
    );
    if (result.error !== undefined) orderErrors.push(`${orderId}: ${result.error}`);
    finished += 1;
  }
}
await Promise.all(Array.from({ length: CONCURRENCY }, () => worker()));
const stormMs = Date.now() - stormStart;
console.log(
  `chaos: storm over after ${elapsed()} (${started} orders); waiting for restarts and outages to end`,
);
await Promise.allSettled([...background]);
await Promise.allSettled([...ctx.pending]);

// ── reconcile until no claim is open ───────────────────────────────────────────────────────────────────
await control(emulatorUrl, 'DELETE', '/faults');
for (const slot of cluster.apps) if (slot.url === null) await cluster.restart(slot);
const openClaims = async () =>
  (await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${prefix}claims WHERE state = 'claimed'`))
    .rows[0]!.n;
const reconcileStart = Date.now();
let passes = 0;
let ranPasses = 0;
let lastReport: unknown = null;
reconcileState.active = true;
for (;;) {
  const slot = cluster.alive()[0];
  if (slot !== undefined) {
    passes += 1;
    try {
      const res = await fetch(`${slot.url}/__chaos/reconcile`, {
        method: 'POST',
        signal: AbortSignal.timeout(60_000),
      });
      lastReport = await res.json();
      if ((lastReport as { ran?: boolean }).ran === true) ranPasses += 1;
    } catch (error) {
      lastReport = { error: String(error) };
    }
  }
  const open = Number(await openClaims());
  Object.assign(reconcileState, { passes, ran: ranPasses, open });
  if (open === 0 && ranPasses > 0) break;
  if (Date.now() - reconcileStart > RECONCILE_BUDGET_MS) {
    console.log(
      `chaos: reconcile budget spent with ${open} claims open (${passes} passes, ${ranPasses} ran)`,
    );
    break;
  }
  await sleep(Math.min(2000, LEASE_MS / 2));
}
const reconcileMs = Date.now() - reconcileStart;
console.log(`chaos: reconcile ${passes} passes (${ranPasses} ran) in ${(reconcileMs / 1000).toFixed(1)}s`);
clearInterval(ticker);
clearInterval(sampler);
cluster.sampleRss();

// ── the books ──────────────────────────────────────────────────────────────────────────────────────────
const gatewayPayments = await control<GatewayPayment[]>(emulatorUrl, 'GET', '/payments');
const requests = await control<{ route: string; status: number; dropped?: boolean; code?: string | null }[]>(
  emulatorUrl,
  'GET',
  '/requests',
);
const books = await readBooks(pool, prefix, gatewayPayments, new Set(orders.keys()));
const { violations, reruns } = checkBooks(
  {
    books,
    answers: ctx.answers,
    orders,
    kills: cluster.kills,
    crashes: cluster.crashes,
    outages: cluster.outages,
    outageGraceMs: OUTAGE_GRACE_MS,
    peakRssMb: new Map(cluster.apps.map((a) => [a.name, a.peakRssMb])),
    maxRssMb: MAX_RSS_MB,
    reconcileBlocked: ranPasses === 0,
  },
  t0,
);

// ── the report ─────────────────────────────────────────────────────────────────────────────────────────
const countBy = <T>(items: T[], key: (t: T) => string) => {
  const m = new Map<string, number>();
  for (const item of items) m.set(key(item), (m.get(key(item)) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1]);
};
const buyerAnswers = ctx.answers.filter(
  (a) => a.kind === 'confirm' || a.kind === 'poll' || a.kind === 'tampered',
);
const fuzzAnswers = ctx.answers.filter((a) => a.kind === 'fuzz' || a.kind === 'forged-webhook');
const label = (a: { status: number; code: string | null }) =>
  a.status === 0 ? 'no answer' : a.status === -1 ? 'timeout 30 s' : `${a.status} ${a.code ?? ''}`.trim();
const gatewayDone = books.gateway.filter((p) => p.status === 'DONE');
const paidOrders = new Set(gatewayDone.map((p) => p.orderId));
const toldOrders = new Set(
  buyerAnswers
    .filter((a) => a.kind !== 'tampered' && ['paid', 'failed'].includes(verdictOf(a)))
    .map((a) => a.orderId),
);
const waiting = [...orders.keys()].filter((id) => !toldOrders.has(id)).length;
const rows: [string, string][] = [
  ['seed / processes / concurrency', `${SEED} / ${PROCESSES} / ${CONCURRENCY}`],
  ['orders (run of planned)', `${started} of ${ORDERS}, ${secondWindows} with a second payment window`],
  [
    'time: set-up / storm / reconcile / total',
    `${((stormStart - t0) / 1000).toFixed(1)} s / ${(stormMs / 1000).toFixed(1)} s / ${(reconcileMs / 1000).toFixed(1)} s / ${elapsed()}`,
  ],
  [
    'confirms sent',
    `${buyerAnswers.length} (${buyerAnswers.filter((a) => a.kind === 'confirm').length} first, ${ctx.polls} polls/retries, ${buyerAnswers.filter((a) => a.kind === 'tampered').length} tampered)`,
  ],
  [
    'answers by code',
    countBy(buyerAnswers, label)
      .map(([k, n]) => `${k}: ${n}`)
      .join(', '),
  ],
  [
    'fuzzed / forged requests',
    `${fuzzAnswers.length}: ${countBy(fuzzAnswers, label)
      .map(([k, n]) => `${k}: ${n}`)
      .join(', ')}`,
  ],
  ['gateway faults armed', [...ctx.faultsArmed.entries()].map(([k, n]) => `${k}: ${n}`).join(', ')],
  [
    'gateway calls',
    `${requests.length} (confirm ${requests.filter((r) => r.route === 'confirm').length}, dropped after commit ${requests.filter((r) => r.dropped === true).length}, 5xx ${requests.filter((r) => r.status >= 500).length})`,
  ],
  ['webhooks forwarded / refused', `${router.forwarded} / ${router.refused}`],
  [
    'kill -9 / restarts / crashes',
    `${cluster.kills.length} / ${cluster.restarts.length} / ${cluster.crashes.length}` +
      (ctx.skipped.size
        ? ` (skipped: ${[...ctx.skipped.entries()].map(([k, n]) => `${k} ${n}`).join(', ')})`
        : ''),
  ],
  [
    'DB cuts / stalls',
    `${cluster.outages.filter((o) => o.mode === 'reset').length} / ${cluster.outages.filter((o) => o.mode === 'blackhole').length}`,
  ],
  [
    'gateway truth',
    `${gatewayDone.length} DONE, ${books.gateway.filter((p) => p.status === 'CANCELED').length} CANCELED, ${books.gateway.filter((p) => p.status === 'IN_PROGRESS').length} IN_PROGRESS, ${books.gateway.filter((p) => p.status === 'EXPIRED' || p.status === 'ABORTED').length} EXPIRED/ABORTED`,
  ],
  [
    'orders paid / not paid',
    `${paidOrders.size} / ${started - paidOrders.size}; buyer never told paid or failed: ${waiting}`,
  ],
  [
    'ledger / hooks',
    `${books.ledger.filter((p) => p.status === 'DONE').length} DONE rows, ${books.hooks.filter((h) => h.hook === 'onPaymentConfirmed').length} onPaymentConfirmed, ${reruns} reruns after a kill -9`,
  ],
  ['reconcile passes', `${passes} (${ranPasses} ran), claims open after: ${await openClaims()}`],
  ['peak RSS per app', cluster.apps.map((a) => `${a.name} ${a.peakRssMb} MB`).join(', ')],
  [
    'violations',
    violations.length === 0
      ? 'none'
      : countBy(violations, (v) => v.kind)
          .map(([k, n]) => {
            const ids = new Set(
              violations.filter((v) => v.kind === k && v.orderId !== null).map((v) => v.orderId),
            );
            return ids.size > 0 && ids.size !== n ? `${k}: ${n} (${ids.size} orders)` : `${k}: ${n}`;
          })
          .join(', '),
  ],
];
const width = Math.max(...rows.map(([k]) => k.length));
console.log('\n── chaos run ' + '─'.repeat(80));
for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
const at = (ms: number) => `${((ms - t0) / 1000).toFixed(1)}s`;
console.log(
  `\nkill -9: ${cluster.kills.map((k) => `${k.generation} at ${at(k.at)} (${k.inFlight.length} orders in flight)`).join(', ') || 'none'}`,
);
console.log(
  `outages: ${cluster.outages.map((o) => `${o.app} ${o.mode === 'reset' ? 'cut' : 'stall'} ${at(o.start)}–${at(o.end)}`).join(', ') || 'none'}`,
);
if (orderErrors.length > 0)
  console.log(`\norders that could not start (${orderErrors.length}): ${orderErrors.slice(0, 5).join('; ')}`);

const reportFile = join(logDir, 'report.json');
createWriteStream(reportFile).end(
  JSON.stringify(
    {
      seed: SEED,
      orders: started,
      violations,
      kills: cluster.kills,
      crashes: cluster.crashes,
      outages: cluster.outages,
      faultsArmed: Object.fromEntries(ctx.faultsArmed),
      lastReconcile: lastReport,
      answers: ctx.answers,
    },
    null,
    1,
  ),
);
if (violations.length > 0) {
  console.log(`\nviolations (${violations.length}; all in ${reportFile}):`);
  const shown = new Map<string, number>();
  for (const v of violations) {
    const n = (shown.get(v.kind) ?? 0) + 1;
    shown.set(v.kind, n);
    if (n <= 8) console.log(`  ${v.kind.padEnd(22)} ${(v.orderId ?? '-').padEnd(28)} ${v.evidence}`);
    else if (n === 9) console.log(`  ${v.kind.padEnd(22)} … more in the report`);
  }
  const orderIds = [...new Set(violations.map((v: Violation) => v.orderId).filter((id) => id !== null))];
  console.log(`\nviolating orders (${orderIds.length}): ${orderIds.join(' ')}`);
}
console.log(`\nlogs: ${logDir}`);
await router.close();
await cleanUp();
emulator.child.kill('SIGTERM');
process.exit(violations.length > 0 ? 1 : 0);
