#!/usr/bin/env node
// Scale: does tosskit slow down as the PostgreSQL ledger fills up, and what do the reconciler and the memory
// ledger cost at volume? In one run:
//   (a) a fresh PostgreSQL ledger database is filled with N payments, each with its APPROVAL transaction, its
//       settled confirm claim and its webhook dedupe key, copied in SQL (INSERT ... SELECT generate_series)
//       from the rows one real confirm and one real webhook wrote (the ledger's own schema, `bench_` prefix,
//       keys md5-random so new keys land all over each index, as real keys do); VACUUM (ANALYZE), CHECKPOINT. Then confirm
//       throughput through tosskit's Express middleware (bench/confirm-server.worker.mjs, express-postgres)
//       on the full database and on an empty one, alternating, same run; the ratio full / empty.
//   (b) EXPLAIN (ANALYZE, BUFFERS) of every statement a real confirm, a real webhook and a reconcile of one
//       abandoned claim sent (recorded by a
//       pg Client that notes the ledger's named statements), replayed in order on the full database inside
//       one transaction that is rolled back.
//   (c) reconcile over 1,000 and then 10,000 open claims, as a crashed instance leaves them: claimed, the
//       confirm sent to the gateway and approved, the instance gone before it recorded anything. Time of each
//       pass, ms per claim, and the 10k / 1k ratio (linear: ~10).
//   (d) the memory ledger's heap after 100,000 confirms (claim + settle with the payment), in its own
//       process with --expose-gc (bench/scale-heap.worker.mjs).
//
//   node --import tsx bench/scale.mjs [--payments 1000000] [--duration 10] [--rounds 3] [--warmup 3]
//        [--connections 20] [--claims 1000,10000] [--confirms 100000] [--parts fill,throughput,explain,reconcile,heap]
//
// Like bench/confirm.mjs, a throughput case that got any non-2xx answer or ran out of authorized sessions makes
// the run fail: no table, exit 1. So does a reconcile pass that did not confirm every claim.
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createPaymentHandler } from '@tosskit/core';
import { createLedger, generateEncryptionKey } from '@tosskit/ledger';
import { createTestDatabase } from '../packages/ledger/src/testing/test-database.ts';
import { argument, load, startSessionSupply, startWorker, summarize } from './confirm.lib.mjs';

const N = argument('payments', 1_000_000);
const duration = argument('duration', 10);
const rounds = argument('rounds', 3);
const warmup = argument('warmup', 3);
const connections = argument('connections', 20);
const confirms = argument('confirms', 100_000);
const listArg = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : process.argv[at + 1].split(',');
};
const claimCounts = listArg('claims', ['1000', '10000']).map(Number);
const parts = new Set(listArg('parts', ['fill', 'throughput', 'explain', 'reconcile', 'heap']));
const AMOUNT = 15_000;
const PREFIX = 'bench_';
const BATCH = 2_000;
const encryptionKey = generateEncryptionKey();
const load1 = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');
const log = (line) => console.error(`[${new Date().toISOString().slice(11, 19)} load ${load1()}] ${line}`);
const out = []; // the report, printed at the end
const report = (line = '') => out.push(line);

/** A pg Client that notes every named statement (the ledger's) with its parameters while `recording`. */
const recorded = [];
let recording = false;
class RecordingClient extends pg.Client {
  query(config, values, callback) {
    if (recording && config !== null && typeof config === 'object' && typeof config.name === 'string')
      recorded.push({ text: config.text, values: config.values ?? [] });
    return super.query(config, values, callback);
  }
}

const emulator = await startWorker('./confirm-emulator.worker.mjs');
const { url: emulatorUrl, keys } = emulator.info;
const full = await createTestDatabase('scale_full');
const empty = await createTestDatabase('scale_empty');
const admin = (db) => new pg.Client({ connectionString: db.connectionString });
const servers = [];
const ADMIN = new pg.Client({ connectionString: full.connectionString.replace(/\/[^/]*$/, '/test') });
await ADMIN.connect();

/**
 * The database side of a run, from the server's own counters for that database alone (other databases on the
 * shared server do not count): transactions, shared-buffer hits and reads (a read is a miss: the OS cache or
 * the disk), and the CPU time of its backends (/proc/<pid>/stat, clock ticks of 10 ms).
 */
async function pgCounters(db) {
  const [row] = (
    await ADMIN.query(
      'SELECT xact_commit::bigint AS x, blks_hit::bigint AS hit, blks_read::bigint AS read FROM pg_stat_database WHERE datname = $1',
      [db.name],
    )
  ).rows;
  const pids = (
    await ADMIN.query(
      "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend'",
      [db.name],
    )
  ).rows;
  const cpu = {};
  for (const { pid } of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      cpu[pid] = (Number(fields[11]) + Number(fields[12])) * 10_000; // utime + stime, µs
    } catch {
      // the backend ended
    }
  }
  // WAL is the server's, not one database's: the cases alternate, so each run's WAL is (mostly) its own case's
  const [wal] = (
    await ADMIN.query(
      `SELECT wal_bytes::bigint AS bytes, wal_fpi::bigint AS fpi,
         (SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter)::bigint AS checkpoints FROM pg_stat_wal`,
    )
  ).rows;
  return {
    x: Number(row.x),
    hit: Number(row.hit),
    read: Number(row.read),
    cpu,
    wal: Number(wal.bytes),
    fpi: Number(wal.fpi),
    checkpoints: Number(wal.checkpoints),
  };
}

function pgDelta(before, after) {
  let cpu = 0;
  for (const [pid, micros] of Object.entries(after.cpu)) cpu += micros - (before.cpu[pid] ?? 0);
  return {
    xacts: after.x - before.x,
    hit: after.hit - before.hit,
    read: after.read - before.read,
    cpuMicros: cpu,
    wal: after.wal - before.wal,
    fpi: after.fpi - before.fpi,
    checkpoints: after.checkpoints - before.checkpoints,
  };
}

async function authorize(count, prefix) {
  const { sessions } = await emulator.call({ type: 'authorize', count, amount: AMOUNT, prefix });
  return sessions;
}

/** What the gateway does on a confirm: POST /v1/payments/confirm (the same idempotency key the flow sends). */
async function gatewayConfirm(session) {
  const res = await fetch(`${emulatorUrl}/v1/payments/confirm`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${keys.secretKey}:`).toString('base64')}`,
      'content-type': 'application/json',
      'idempotency-key': `confirm:${session.orderId}:${session.paymentKey}`,
    },
    body: JSON.stringify(session),
  });
  if (res.status !== 200) throw new Error(`gateway confirm ${res.status}: ${await res.text()}`);
  return res.json();
}

/** A handler in this process over a PostgreSQL ledger whose pool records statements. */
async function inProcessHandler(db, orders) {
  const pool = new pg.Pool({ connectionString: db.connectionString, Client: RecordingClient, max: 10 });
  const ledger = await createLedger({ pool, encryptionKey, tablePrefix: PREFIX });
  const handler = createPaymentHandler({
    secretKey: keys.secretKey,
    apiBaseUrl: emulatorUrl,
    orderLookup: (orderId) => orders.get(orderId) ?? null,
    ledger,
    logger: { warn() {}, error() {} },
  });
  return {
    handler,
    ledger,
    post: (path, body) =>
      handler(
        new Request(`http://127.0.0.1${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
      ),
    async close() {
      await handler.close();
      await ledger.close();
      await pool.end();
    },
  };
}

/** One real confirm and one real webhook on `db`, their statements recorded; the session used. */
async function recordConfirmAndWebhook(db, label) {
  const [session] = await authorize(1, `scale-template-${label}`);
  const orders = new Map([[session.orderId, { amount: AMOUNT, orderName: '벤치마크 주문', payable: true }]]);
  const app = await inProcessHandler(db, orders);
  try {
    recorded.length = 0;
    recording = true;
    const confirmed = await app.post('/payments/confirm', session);
    recording = false;
    if (confirmed.status !== 200)
      throw new Error(`template confirm ${confirmed.status}: ${await confirmed.text()}`);
    const confirmStatements = recorded.splice(0);
    const { payments } = await emulator.call({ type: 'payments', paymentKeys: [session.paymentKey] });
    // the gateway's PAYMENT_STATUS_CHANGED for it: a delivery not seen before (re-fetched, recorded)
    await new Promise((r) => setTimeout(r, 1_100)); // the gateway's consecutive-GET window
    recording = true;
    const hooked = await app.post('/payments/webhook', {
      eventType: 'PAYMENT_STATUS_CHANGED',
      createdAt: '2026-12-04T12:00:00.000000',
      data: payments[0],
    });
    recording = false;
    if (hooked.status !== 200) throw new Error(`template webhook ${hooked.status}: ${await hooked.text()}`);
    return { session, confirmStatements, webhookStatements: recorded.splice(0) };
  } finally {
    recording = false;
    await app.close();
  }
}

/** A reconcile pass over one abandoned claim on `db` (claimed, approved at the gateway), its statements recorded. */
async function recordReconcile(db) {
  const [session] = await authorize(1, 'scale-template-reconcile');
  const orders = new Map([[session.orderId, { amount: AMOUNT, orderName: '벤치마크 주문', payable: true }]]);
  const app = await inProcessHandler(db, orders);
  try {
    await app.ledger.claimConfirm({ ...session, owner: 'crashed-instance', leaseMs: 1_000 });
    await gatewayConfirm(session);
    recorded.length = 0;
    recording = true;
    const result = await app.handler.reconcile({
      now: Date.now() + 5_000,
      transactions: false,
      cashReceipts: false,
    });
    recording = false;
    if (result.claims.confirmed !== 1)
      throw new Error(`template reconcile: ${JSON.stringify(result.claims)}`);
    return recorded.splice(0);
  } finally {
    recording = false;
    await app.close();
  }
}

/** Fill `db` with `n` payments shaped as the template's rows (read from `source`), in SQL. */
async function fill(db, source, session, n) {
  const src = admin(source);
  await src.connect();
  const [payment] = (
    await src.query(`SELECT * FROM ${PREFIX}payments WHERE payment_key = $1`, [session.paymentKey])
  ).rows;
  const [transaction] = (
    await src.query(`SELECT * FROM ${PREFIX}transactions WHERE payment_key = $1`, [session.paymentKey])
  ).rows;
  const [claim] = (await src.query(`SELECT * FROM ${PREFIX}claims WHERE order_id = $1`, [session.orderId]))
    .rows;
  const hooks = (await src.query(`SELECT * FROM ${PREFIX}webhooks`)).rows;
  await src.end();
  if (!payment || !transaction || !claim) throw new Error('template rows missing');
  const c = admin(db);
  await c.connect();
  const now = Date.now();
  const chunk = 100_000;
  const started = performance.now();
  // g-th payment: keys md5-random (not in key order), times spread one a minute back from now
  const keysOf = `'tfill' || md5('p' || g) AS pk, 'ofill-' || md5('o' || g) AS oid, 'txfill' || md5('t' || g) AS tk,
    ($2::bigint - ($1::bigint - g) * 60000) AS at_ms`;
  for (let from = 1; from <= n; from += chunk) {
    const to = Math.min(n, from + chunk - 1);
    await c.query('BEGIN');
    await c.query(
      `INSERT INTO ${PREFIX}payments (payment_key, order_id, status, method, total_amount, balance_amount,
         last_transaction_key, snapshot, secret_enc, revision, updated_at)
       SELECT pk, oid, $5, $6, $7, $8, tk,
         jsonb_set(jsonb_set(jsonb_set($9::jsonb, '{paymentKey}', to_jsonb(pk)), '{orderId}', to_jsonb(oid)),
           '{lastTransactionKey}', to_jsonb(tk)),
         $10, 1, at_ms
       FROM (SELECT ${keysOf} FROM generate_series($3::bigint, $4::bigint) AS g) k`,
      [
        n,
        now,
        from,
        to,
        payment.status,
        payment.method,
        payment.total_amount,
        payment.balance_amount,
        JSON.stringify(payment.snapshot),
        payment.secret_enc,
      ],
    );
    await c.query(
      `INSERT INTO ${PREFIX}transactions (transaction_key, payment_key, order_id, kind, amount, status, at, reason)
       SELECT tk, pk, oid, $5, $6, $7, $8, $9
       FROM (SELECT ${keysOf} FROM generate_series($3::bigint, $4::bigint) AS g) k`,
      [
        n,
        now,
        from,
        to,
        transaction.kind,
        transaction.amount,
        transaction.status,
        transaction.at,
        transaction.reason,
      ],
    );
    await c.query(
      `INSERT INTO ${PREFIX}claims (order_id, payment_key, amount, state, owner, lease_until, outcome, created_at, updated_at)
       SELECT oid, pk, $5, 'settled', $6, at_ms + $7::bigint, jsonb_set($8::jsonb, '{paymentKey}', to_jsonb(pk)), at_ms, at_ms
       FROM (SELECT ${keysOf} FROM generate_series($3::bigint, $4::bigint) AS g) k`,
      [
        n,
        now,
        from,
        to,
        claim.amount,
        claim.owner,
        Number(claim.lease_until) - Number(claim.created_at),
        JSON.stringify(claim.outcome),
      ],
    );
    for (const hook of hooks) {
      // the dedupe key the webhook wrote, with the template's keys swapped for the g-th payment's
      await c.query(
        `INSERT INTO ${PREFIX}webhooks (key, processed_at)
         SELECT replace(replace(replace($5, $6, pk), $7, oid), $8, tk), at_ms
         FROM (SELECT ${keysOf} FROM generate_series($3::bigint, $4::bigint) AS g) k`,
        [
          n,
          now,
          from,
          to,
          hook.key,
          payment.payment_key,
          payment.order_id,
          payment.last_transaction_key ?? '\u0001none',
        ],
      );
    }
    await c.query('COMMIT');
    log(
      `filled ${to.toLocaleString('en')} / ${n.toLocaleString('en')} payments (${((performance.now() - started) / 1000).toFixed(0)} s)`,
    );
  }
  const filledSeconds = (performance.now() - started) / 1000;
  // a ledger that has held its payments for a while has been vacuumed: do it now, not during the measurement
  await c.query('VACUUM (ANALYZE)');
  // and its pages are on disk: the fill's dirty gigabytes are not flushed during the measurement
  await c.query('CHECKPOINT');
  const sizes = (
    await c.query(
      `SELECT relname, n_live_tup, pg_size_pretty(pg_total_relation_size(relid)) AS total,
              pg_size_pretty(pg_indexes_size(relid)) AS indexes
       FROM pg_stat_user_tables WHERE relname LIKE '${PREFIX}%' AND n_live_tup > 0 ORDER BY relname`,
    )
  ).rows;
  const [{ size }] = (await c.query(`SELECT pg_size_pretty(pg_database_size(current_database())) AS size`))
    .rows;
  await c.end();
  return {
    filledSeconds,
    analyzedSeconds: (performance.now() - started) / 1000 - filledSeconds,
    sizes,
    size,
    webhookRows: hooks.length,
  };
}

/** One timed confirm load on `server`, sessions authorized ahead of it (as bench/confirm.mjs does). */
async function run(kind, server, seconds, db) {
  const supply = await startSessionSupply(() => authorize(BATCH, `scale-${kind}`), server);
  const cpuBefore = (await server.call({ type: 'cpu' })).usage;
  const pgBefore = await pgCounters(db);
  const result = await load({
    url: `http://127.0.0.1:${server.info.port}`,
    path: '/payments/confirm',
    connections,
    duration: seconds,
    body: supply.body,
  });
  const unused = await supply.stop();
  const cpuAfter = (await server.call({ type: 'cpu' })).usage;
  const pgDuring = await pgCounters(db); // backends still open (the pool closes idle ones after 10 s)
  await new Promise((r) => setTimeout(r, 1_200)); // backends flush their statistics within a second of idling
  const pgAfter = { ...(await pgCounters(db)), cpu: pgDuring.cpu };
  const pgRun = pgDelta(pgBefore, pgAfter);
  await emulator.call({ type: 'expire', paymentKeys: unused.map((s) => s.paymentKey) });
  const summary = summarize(result);
  const micros = cpuAfter.user - cpuBefore.user + (cpuAfter.system - cpuBefore.system);
  return {
    kind,
    ...summary,
    exhausted: supply.exhausted,
    serverCpuMicrosPerRequest: Math.round(micros / Math.max(1, summary.requests)),
    pgCpuMicrosPerRequest: Math.round(pgRun.cpuMicros / Math.max(1, summary.requests)),
    hitPerRequest: pgRun.hit / Math.max(1, summary.requests),
    readPerRequest: pgRun.read / Math.max(1, summary.requests),
    walKbPerRequest: pgRun.wal / 1024 / Math.max(1, summary.requests),
    fpiPerRequest: pgRun.fpi / Math.max(1, summary.requests),
    checkpoints: pgRun.checkpoints,
    load: load1(),
  };
}

async function throughput() {
  const env = { EMULATOR_URL: emulatorUrl, SECRET_KEY: keys.secretKey, ENCRYPTION_KEY: encryptionKey };
  const byKind = {};
  for (const [kind, db] of [
    ['full', full],
    ['empty', empty],
  ]) {
    byKind[kind] = await startWorker('./confirm-server.worker.mjs', ['express-postgres'], {
      ...env,
      DATABASE_URL: db.connectionString,
    });
    servers.push(byKind[kind]);
  }
  const dbOf = { full, empty };
  for (const kind of ['full', 'empty']) await run(kind, byKind[kind], warmup, dbOf[kind]);
  const rows = [];
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? ['full', 'empty'] : ['empty', 'full'];
    for (const kind of order) {
      const row = { round: round + 1, ...(await run(kind, byKind[kind], duration, dbOf[kind])) };
      rows.push(row);
      log(
        `round ${row.round}/${rounds} ${kind}: ${row.reqPerSec} req/s, p99 ${row.p99} ms, ${row.serverCpuMicrosPerRequest} µs CPU/confirm, pg ${row.pgCpuMicrosPerRequest} µs, ${row.hitPerRequest.toFixed(1)} hits + ${row.readPerRequest.toFixed(2)} reads, WAL ${row.walKbPerRequest.toFixed(1)} KB (${row.fpiPerRequest.toFixed(2)} full-page images)` +
          (row.non2xx + row.errors + row.exhausted > 0
            ? ` (${row.non2xx} non-2xx, ${row.errors} errors, ${row.exhausted} without a session)`
            : ''),
      );
    }
  }
  const total = (kind) => {
    const rs = rows.filter((r) => r.kind === kind);
    const requests = rs.reduce((n, r) => n + r.requests, 0);
    const seconds = rs.reduce((n, r) => n + r.seconds, 0);
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
    const weighted = (field) => rs.reduce((n, r) => n + r[field] * r.requests, 0) / Math.max(1, requests);
    return {
      pgCpu: Math.round(weighted('pgCpuMicrosPerRequest')),
      hit: weighted('hitPerRequest'),
      read: weighted('readPerRequest'),
      wal: weighted('walKbPerRequest'),
      fpi: weighted('fpiPerRequest'),
      reqPerSec: Math.round(requests / seconds),
      p50: median(rs.map((r) => r.p50)),
      p99: median(rs.map((r) => r.p99)),
      cpu: Math.round(
        rs.reduce((n, r) => n + r.serverCpuMicrosPerRequest * r.requests, 0) / Math.max(1, requests),
      ),
      requests,
      failed: rs.reduce((n, r) => n + r.non2xx + r.errors, 0),
      exhausted: rs.reduce((n, r) => n + r.exhausted, 0),
    };
  };
  const totals = { full: total('full'), empty: total('empty') };
  for (const kind of ['full', 'empty']) {
    if (totals[kind].failed > 0 || totals[kind].exhausted > 0) {
      console.error(
        `INVALID: ${kind}: ${totals[kind].failed} failed or non-2xx answers, ${totals[kind].exhausted} requests past the session supply`,
      );
      console.error('no figures: a case that failed or ran out of input measures that, not the code');
      process.exitCode = 1;
      return null;
    }
  }
  for (const s of servers.splice(0)) await s.stop();
  report(
    `## (a) confirm throughput, ${N.toLocaleString('en')} payments vs empty, ${connections} connections, ${rounds} x ${duration} s per case, alternating`,
  );
  report('');
  report(
    '| round | case | req/s | p50 ms | p99 ms | server CPU µs/confirm | PostgreSQL CPU µs/confirm | buffer hits/confirm | buffer reads/confirm | WAL KB/confirm | full-page images/confirm | checkpoints started | requests | load (1/5/15) |',
  );
  report('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const r of rows)
    report(
      `| ${r.round} | ${r.kind} | ${r.reqPerSec} | ${r.p50} | ${r.p99} | ${r.serverCpuMicrosPerRequest} | ${r.pgCpuMicrosPerRequest} | ${r.hitPerRequest.toFixed(1)} | ${r.readPerRequest.toFixed(2)} | ${r.walKbPerRequest.toFixed(1)} | ${r.fpiPerRequest.toFixed(2)} | ${r.checkpoints} | ${r.requests} | ${r.load} |`,
    );
  for (const kind of ['full', 'empty']) {
    const t = totals[kind];
    report(
      `| all | ${kind} | **${t.reqPerSec}** | ${t.p50} | ${t.p99} | ${t.cpu} | ${t.pgCpu} | ${t.hit.toFixed(1)} | ${t.read.toFixed(2)} | ${t.wal.toFixed(1)} | ${t.fpi.toFixed(2)} | | ${t.requests} | |`,
    );
  }
  report('');
  report(
    `full / empty: ${(totals.full.reqPerSec / totals.empty.reqPerSec).toFixed(3)}x req/s (goal >= 0.90x), server CPU per confirm ${(totals.full.cpu / totals.empty.cpu).toFixed(3)}x, PostgreSQL CPU per confirm ${(totals.full.pgCpu / Math.max(1, totals.empty.pgCpu)).toFixed(3)}x`,
  );
  report('');
  return { rows, totals };
}

/** Replays `statements` in order as EXPLAIN (ANALYZE, BUFFERS) on `db`, in one transaction rolled back. */
async function explain(db, groups) {
  const c = admin(db);
  await c.connect();
  await c.query('BEGIN');
  try {
    for (const [title, statements] of groups) {
      report(
        `## (b) ${title}: ${statements.length} statements, EXPLAIN (ANALYZE, BUFFERS) on the full database`,
      );
      report('');
      let i = 0;
      for (const { text, values } of statements) {
        i += 1;
        const { rows } = await c.query(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, values);
        const plan = rows.map((r) => r['QUERY PLAN']);
        report(
          `### ${title} ${i}: \`${text.replace(/\s+/g, ' ').trim().slice(0, 160)}${text.length > 160 ? ' …' : ''}\``,
        );
        report('');
        report('```');
        for (const line of plan) report(line);
        report('```');
        const seq = plan.filter((l) => /Seq Scan/.test(l));
        if (seq.length > 0) report(`**sequential scan**: ${seq.map((l) => l.trim()).join('; ')}`);
        report('');
      }
    }
  } finally {
    await c.query('ROLLBACK');
    await c.end();
  }
}

async function reconcilePasses(db) {
  report('## (c) reconcile over open claims (crashed after the gateway approved), on the full database');
  report('');
  report(
    '| open claims | prepare s | reconcile s | ms per claim (wall) | CPU per claim | confirmed | load (1/5/15) |',
  );
  report('|---:|---:|---:|---:|---|---:|---|');
  const perClaim = {};
  for (const count of claimCounts) {
    const prepared = performance.now();
    const sessions = [];
    for (let done = 0; done < count; done += BATCH)
      sessions.push(...(await authorize(Math.min(BATCH, count - done), `scale-rc${count}`)));
    const orders = new Map(
      sessions.map((s) => [s.orderId, { amount: AMOUNT, orderName: '벤치마크 주문', payable: true }]),
    );
    const app = await inProcessHandler(db, orders);
    try {
      // what a crashed instance leaves: its claim (lease 1 s), the confirm sent and approved, nothing recorded
      let next = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < sessions.length) {
            const s = sessions[next++];
            const won = await app.ledger.claimConfirm({ ...s, owner: 'crashed-instance', leaseMs: 1_000 });
            if (won.status !== 'won') throw new Error(`claim ${s.orderId}: ${won.status}`);
            await gatewayConfirm(s);
          }
        }),
      );
      const prepareSeconds = (performance.now() - prepared) / 1000;
      log(`${count} open claims prepared in ${prepareSeconds.toFixed(1)} s; reconciling`);
      const started = performance.now();
      const cpu0 = process.cpuUsage();
      const gw0 = (await emulator.call({ type: 'cpu' })).usage;
      const pg0 = await pgCounters(db);
      const result = await app.handler.reconcile({
        now: Date.now() + 5_000,
        claimLimit: count,
        transactions: false,
        cashReceipts: false,
      });
      const seconds = (performance.now() - started) / 1000;
      const cpu1 = process.cpuUsage(cpu0);
      const gw1 = (await emulator.call({ type: 'cpu' })).usage;
      const pgCpu = pgDelta(pg0, await pgCounters(db)).cpuMicros;
      const ms = (micros) => (micros / 1000 / count).toFixed(2);
      const cpuLine = `${ms(cpu1.user + cpu1.system)} ms app CPU, ${ms(gw1.user - gw0.user + gw1.system - gw0.system)} ms gateway CPU, ${ms(pgCpu)} ms PostgreSQL CPU per claim`;
      if (result.claims.confirmed !== count || result.errors.length > 0) {
        console.error(
          `INVALID: reconcile of ${count} claims: ${JSON.stringify(result.claims)} errors ${JSON.stringify(result.errors.slice(0, 3))}`,
        );
        process.exitCode = 1;
        return;
      }
      perClaim[count] = (seconds * 1000) / count;
      log(`reconcile ${count}: ${seconds.toFixed(1)} s, ${perClaim[count].toFixed(2)} ms/claim; ${cpuLine}`);
      report(
        `| ${count.toLocaleString('en')} | ${prepareSeconds.toFixed(1)} | ${seconds.toFixed(2)} | ${perClaim[count].toFixed(2)} | ${cpuLine} | ${result.claims.confirmed} | ${load1()} |`,
      );
    } finally {
      await app.close();
    }
  }
  const [a, b] = claimCounts;
  if (perClaim[a] && perClaim[b]) {
    report('');
    report(
      `time ${b.toLocaleString('en')} / ${a.toLocaleString('en')}: ${((perClaim[b] * b) / (perClaim[a] * a)).toFixed(2)}x for ${(b / a).toFixed(0)}x the claims (per claim ${(perClaim[b] / perClaim[a]).toFixed(2)}x; linear = 1.00)`,
    );
  }
  report('');
}

function heap() {
  return new Promise((resolve, reject) => {
    const child = fork(
      fileURLToPath(new URL('./scale-heap.worker.mjs', import.meta.url)),
      [String(confirms)],
      {
        execArgv: ['--expose-gc', '--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      },
    );
    child.once('message', resolve);
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`heap worker exited ${code}`)));
  });
}

// an interrupted run still drops its databases
process.once('SIGINT', () => {
  process.exitCode = 130;
  Promise.allSettled([
    ...servers.map((s) => s.stop()),
    emulator.call({ type: 'close' }),
    ADMIN.end(),
    full.drop(),
    empty.drop(),
  ]).then(() => process.exit(130));
});

try {
  report(`# scale run ${new Date().toISOString()}, node ${process.version}, load at start ${load1()}`);
  report('');
  // the template: one real confirm and webhook on the empty database; its rows are what the fill copies
  const template = await recordConfirmAndWebhook(empty, 'empty');
  const reconcileStatements = await recordReconcile(empty);
  // migrate the full database (a ledger opened once)
  await (
    await createLedger({ connectionString: full.connectionString, encryptionKey, tablePrefix: PREFIX })
  ).close();
  if (parts.has('fill')) {
    log(`filling ${N.toLocaleString('en')} payments`);
    const f = await fill(full, empty, template.session, N);
    report(
      `## fill: ${N.toLocaleString('en')} payments (+ transactions, settled claims, ${f.webhookRows} webhook key(s) each) in ${f.filledSeconds.toFixed(0)} s, VACUUM (ANALYZE) + CHECKPOINT ${f.analyzedSeconds.toFixed(0)} s, database ${f.size}`,
    );
    report('');
    report('| table | rows | total size | of which indexes |');
    report('|---|---:|---:|---:|');
    for (const s of f.sizes)
      report(`| ${s.relname} | ${Number(s.n_live_tup).toLocaleString('en')} | ${s.total} | ${s.indexes} |`);
    report('');
  }
  if (parts.has('throughput')) await throughput();
  if (parts.has('explain')) {
    // the template's statements, with its parameters: a payment the full database does not hold yet
    await explain(full, [
      ['confirm', template.confirmStatements],
      ['webhook', template.webhookStatements],
      ['reconcile of one abandoned claim', reconcileStatements],
    ]);
  }
  if (parts.has('reconcile')) await reconcilePasses(full);
  if (parts.has('heap')) {
    const h = await heap();
    report(
      `## (d) memory ledger heap after ${confirms.toLocaleString('en')} confirms (claimConfirm + settleClaimWithPayment, makeCardPayment), gc forced`,
    );
    report('');
    report('| confirms recorded | heapUsed MB | rss MB |');
    report('|---:|---:|---:|');
    for (const p of h.points)
      report(`| ${p.confirms.toLocaleString('en')} | ${p.heapUsedMb.toFixed(1)} | ${p.rssMb.toFixed(0)} |`);
    report('');
    report(
      `${(h.bytesPerConfirm / 1024).toFixed(2)} KB of heap per confirm recorded (${h.seconds.toFixed(1)} s to record them)`,
    );
    report('');
  }
  report(`load at the end: ${load1()}`);
  if (process.exitCode !== 1) console.log(out.join('\n'));
} finally {
  for (const s of servers) await s.stop();
  await emulator.call({ type: 'close' }).catch(() => undefined);
  await ADMIN.end();
  await full.drop();
  await empty.drop();
}
