#!/usr/bin/env node
// Ledger benchmark, in one run:
//  1. ledger operations per second on memory, PGlite (embedded, on disk) and PostgreSQL (local server):
//     record a payment with its approval transaction; claim an order for confirm; settle that claim with its
//     payment (what a confirm writes after the gateway call); webhook dedupe (a new key, then the same again);
//     each a fixed count of operations, so no case can be capped by its input.
// Confirm throughput with each ledger is measured by bench/confirm.mjs (its express-postgres and
// express-pglite cases), in the same run as the memory ledger and the hand-written baselines.
//
//   node --import tsx bench/ledger.mjs [--ops 2000] [--concurrency 8]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCardPayment } from '@tosskit/core/testing';
import { createMemoryLedger } from '@tosskit/core';
import { createLedger, generateEncryptionKey } from '@tosskit/ledger';
import { createTestDatabase } from '../packages/ledger/src/testing/test-database.ts';
import { argument } from './confirm.lib.mjs';

const ops = argument('ops', 2000);
const concurrency = argument('concurrency', 8);
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

await db.drop();
rmSync(dir, { recursive: true, force: true });

console.log(
  JSON.stringify(
    {
      benchmark: 'ledger',
      when: new Date().toISOString(),
      node: process.version,
      ops,
      concurrency,
      opsResults,
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
