#!/usr/bin/env node
// What the PostgreSQL ledger costs one confirm, in CPU, 20 in flight, with the CPU time of the postgres processes
// (from /proc) and of this process (the pg client) per confirm, for two sequences in the same run:
//   now:    what a first confirm makes today: claimNewOrder (the claim, before the gateway call), then
//           settleClaimWithPayment (the payment, its transaction and the settled claim, after the shop's hook);
//   before: what it made until 2026-12-04: getClaim, claimConfirm, settleClaimWithPayment;
//   floor:  a hand-written lower bound: two plain INSERTs (a claim row, then a payment row with the same
//           snapshot JSON), each its own commit, primary keys only, same pool size: the least any ledger pays
//           for "the claim is durable before the gateway call, the payment after it".
// A first pass of each warms the JIT and the connections and is not counted.
//
//   node --import tsx bench/ledger-cpu.mjs
import { readFileSync, readdirSync } from 'node:fs';
import pg from 'pg';
import { makeCardPayment } from '@tosskit/core/testing';
import { createLedger, generateEncryptionKey } from '@tosskit/ledger';
import { createTestDatabase } from '../packages/ledger/src/testing/test-database.ts';
function pgCpuMs() {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (!comm.startsWith('postgres')) continue;
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // the process ended while its stat was read
    }
  }
  return ticks * 10;
}
const db = await createTestDatabase('cpu');
const ledger = await createLedger({
  connectionString: db.connectionString,
  encryptionKey: generateEncryptionKey(),
  poolSize: 10,
});
const floor = new pg.Pool({ connectionString: db.connectionString, max: 10 });
// an idle connection the server ends (another run's database clean-up) must not end this run
floor.on('error', (error) => console.error(`floor pool: ${error.message}`));
await floor.query(`CREATE TABLE floor_claims (order_id text PRIMARY KEY, payment_key text NOT NULL,
  amount bigint NOT NULL, owner text NOT NULL, lease_until bigint NOT NULL)`);
await floor.query(`CREATE TABLE floor_payments (payment_key text PRIMARY KEY, order_id text NOT NULL,
  snapshot jsonb NOT NULL)`);
const N = 10_000;
const settle = (p) =>
  ledger.settleClaimWithPayment(
    p.orderId,
    'o',
    { kind: 'confirmed', paymentKey: p.paymentKey, status: 'DONE' },
    p,
  );
const claimInput = (p) => ({
  orderId: p.orderId,
  paymentKey: p.paymentKey,
  amount: 15000,
  owner: 'o',
  leaseMs: 60000,
});
const SEQUENCES = {
  async now(p) {
    await ledger.claimNewOrder(claimInput(p));
    await settle(p);
  },
  async before(p) {
    await ledger.getClaim(p.orderId);
    await ledger.claimConfirm(claimInput(p));
    await settle(p);
  },
  async floor(p) {
    await floor.query({
      name: 'floor-claim',
      text: 'INSERT INTO floor_claims VALUES ($1, $2, $3, $4, $5)',
      values: [p.orderId, p.paymentKey, 15000, 'o', Date.now() + 60000],
    });
    await floor.query({
      name: 'floor-payment',
      text: 'INSERT INTO floor_payments VALUES ($1, $2, $3)',
      values: [p.paymentKey, p.orderId, JSON.stringify(p)],
    });
  },
};

async function pass(tag, sequence) {
  const run = `cpu-${tag}-${Date.now()}`;
  const ps = Array.from({ length: N }, (_, i) =>
    makeCardPayment({ orderId: `${run}-${i}`, paymentKey: `${run}-pk${i}` }),
  );
  const cpu0 = pgCpuMs(),
    node0 = process.cpuUsage(),
    t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      while (next < N) {
        const p = ps[next++];
        await SEQUENCES[sequence](p);
      }
    }),
  );
  const wall = performance.now() - t0,
    cpu = pgCpuMs() - cpu0,
    nodeCpu = process.cpuUsage(node0);
  return {
    sequence,
    confirmsLedgerSide: N,
    wallMs: Math.round(wall),
    perSec: Math.round((N / wall) * 1000),
    pgCpuMsPerConfirm: (cpu / N).toFixed(2),
    nodeCpuMsPerConfirm: ((nodeCpu.user + nodeCpu.system) / 1000 / N).toFixed(2),
  };
}
const rows = [];
for (const sequence of ['now', 'before', 'floor', 'now', 'before', 'floor']) {
  await pass('warm', sequence);
  rows.push(await pass('measured', sequence));
}
console.table(rows);
await ledger.close();
await floor.end();
await db.drop();
