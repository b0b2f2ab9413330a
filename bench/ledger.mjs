#!/usr/bin/env node
// Ledger benchmark, in one run:
//  1. ledger operations per second on memory, PGlite (embedded, on disk) and PostgreSQL (local server):
//     record a payment with its approval transaction; claim an order for confirm; settle that claim with its
//     payment (what a confirm writes after the gateway call); webhook dedupe (a new key, then the same again);
//  2. confirm throughput through the Express adapter with each ledger, against the emulator in its own
//     process, rounds alternating so machine load hits every case alike.
//
//   node --import tsx bench/ledger.mjs [--ops 2000] [--concurrency 8] [--duration 8] [--connections 20] [--rounds 2]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCardPayment } from '@tosskit/core/testing';
import { createMemoryLedger } from '@tosskit/core';
import { createLedger, generateEncryptionKey } from '@tosskit/ledger';
import { createTestDatabase } from '../packages/ledger/src/testing/test-database.ts';
import { argument, load, startWorker, summarize } from './confirm.lib.mjs';

const ops = argument('ops', 2000);
const concurrency = argument('concurrency', 8);
const duration = argument('duration', 8);
const connections = argument('connections', 20);
const rounds = argument('rounds', 2);
const AMOUNT = 15_000;
const encryptionKey = generateEncryptionKey();
const dir = mkdtempSync(join(tmpdir(), 'tosskit-bench-'));
const db = await createTestDatabase('bench');

/** `count` calls of `op(i)`, `concurrency` in flight; ops per second. */
async function measure(count, op) {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await op(next++);
    }),
  );
  return Math.round(count / ((performance.now() - started) / 1000));
}

async function ledgerOps(name, ledger) {
  const run = `${name}-${Date.now()}`;
  const payments = Array.from({ length: ops }, (_, i) =>
    makeCardPayment({ orderId: `${run}-p${i}`, paymentKey: `${run}-pk${i}` }),
  );
  const record = await measure(ops, (i) => ledger.recordPayment(payments[i]));
  const claim = await measure(ops, (i) =>
    ledger.claimConfirm({
      orderId: `${run}-c${i}`,
      paymentKey: `${run}-ck${i}`,
      amount: AMOUNT,
      owner: 'bench',
      leaseMs: 60_000,
    }),
  );
  const settled = Array.from({ length: ops }, (_, i) =>
    makeCardPayment({ orderId: `${run}-c${i}`, paymentKey: `${run}-ck${i}` }),
  );
  const settle = await measure(ops, (i) =>
    ledger.settleClaimWithPayment(
      `${run}-c${i}`,
      'bench',
      { kind: 'confirmed', paymentKey: `${run}-ck${i}`, status: 'DONE' },
      settled[i],
    ),
  );
  const webhookNew = await measure(ops, (i) => ledger.markWebhookProcessed(`${run}-w${i}`));
  const webhookDuplicate = await measure(ops, (i) => ledger.markWebhookProcessed(`${run}-w${i}`));
  return { ledger: name, record, claim, settle, webhookNew, webhookDuplicate };
}

const opsResults = [];
{
  const memory = createMemoryLedger();
  opsResults.push(await ledgerOps('memory', memory));
  await memory.close();
  const pglite = await createLedger({ dataDir: join(dir, 'ops'), encryptionKey });
  opsResults.push(await ledgerOps('PGlite (on disk)', pglite));
  await pglite.close();
  const postgres = await createLedger({ connectionString: db.connectionString, encryptionKey, poolSize: 10 });
  opsResults.push(await ledgerOps('PostgreSQL', postgres));
  await postgres.close();
}

// --- confirm through Express with each ledger
const emulator = await startWorker('./confirm-emulator.worker.mjs');
const env = {
  EMULATOR_URL: emulator.info.url,
  SECRET_KEY: emulator.info.keys.secretKey,
  DATABASE_URL: db.connectionString,
  DATA_DIR: join(dir, 'confirm'),
  ENCRYPTION_KEY: encryptionKey,
  TABLE_PREFIX: 'bench_',
};
const kinds = (process.env.BENCH_LEDGERS ?? 'memory,pglite,postgres').split(',');
const servers = {};
for (const kind of kinds) servers[kind] = await startWorker('./ledger-server.worker.mjs', [kind], env);

async function run(kind, sessionCount, seconds) {
  const server = servers[kind];
  const { sessions } = await emulator.call({
    type: 'authorize',
    count: sessionCount,
    amount: AMOUNT,
    prefix: `bench-${kind}`,
  });
  await server.call({ type: 'orders', sessions });
  let next = 0;
  const result = await load({
    url: `http://127.0.0.1:${server.info.port}`,
    path: '/payments/confirm',
    connections,
    duration: seconds,
    body: () => JSON.stringify(sessions[next++]),
  });
  await emulator.call({ type: 'expire', paymentKeys: sessions.slice(next).map((s) => s.paymentKey) });
  return { kind, ...summarize(result) };
}

const warm = [];
for (const kind of kinds) warm.push(await run(kind, 2_000, 2));
const supply = Math.ceil(Math.max(...warm.map((w) => w.reqPerSec), 300) * duration * 1.5);
const results = [];
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? kinds : [...kinds].reverse();
  for (const kind of order) results.push({ round: round + 1, ...(await run(kind, supply, duration)) });
}
await Promise.all(Object.values(servers).map((s) => s.stop()));
await emulator.call({ type: 'close' }).catch(() => undefined);
await db.drop();
rmSync(dir, { recursive: true, force: true });

const total = (kind) => {
  const rows = results.filter((r) => r.kind === kind);
  const requests = rows.reduce((n, r) => n + r.requests, 0);
  const seconds = rows.reduce((n, r) => n + r.seconds, 0);
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
  return {
    reqPerSec: Math.round(requests / seconds),
    p50: median(rows.map((r) => r.p50)),
    p99: median(rows.map((r) => r.p99)),
    requests,
    failed: rows.reduce((n, r) => n + r.non2xx + r.errors, 0),
  };
};
console.log(
  JSON.stringify(
    {
      benchmark: 'ledger',
      when: new Date().toISOString(),
      node: process.version,
      ops,
      concurrency,
      connections,
      duration,
      rounds,
      opsResults,
      results,
    },
    null,
    2,
  ),
);
console.log('');
console.log(
  `| ledger operations per second (${ops} each, ${concurrency} in flight) | record payment + transaction | claim | settle claim with payment | webhook key, new | webhook key, duplicate |`,
);
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of opsResults)
  console.log(
    `| ${r.ledger} | ${r.record} | ${r.claim} | ${r.settle} | ${r.webhookNew} | ${r.webhookDuplicate} |`,
  );
console.log('');
const memory = total('memory');
const label = {
  memory: 'memory ledger',
  pglite: 'PGlite ledger (embedded, on disk)',
  postgres: 'PostgreSQL ledger (local server)',
};
console.log(
  `| confirm via Express 5, ${connections} connections, ${rounds} x ${duration} s each | req/s | vs memory | p50 ms | p99 ms | requests | failed |`,
);
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const kind of kinds) {
  const t = total(kind);
  console.log(
    `| ${label[kind]} | ${t.reqPerSec} | ${((t.reqPerSec / memory.reqPerSec - 1) * 100).toFixed(0)}% | ${t.p50} | ${t.p99} | ${t.requests} | ${t.failed} |`,
  );
}
const pgCost = kinds.includes('postgres') ? 1 - total('postgres').reqPerSec / memory.reqPerSec : NaN;
console.log(`\nPostgreSQL ledger cost on confirm: ${(pgCost * 100).toFixed(1)}% (goal <= 15%)`);
if (kinds.some((k) => total(k).failed > 0)) {
  console.error('some requests failed (or the session supply ran out): these figures are not valid');
  process.exitCode = 1;
}
