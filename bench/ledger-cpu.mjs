#!/usr/bin/env node
// What the PostgreSQL ledger costs one confirm, in CPU, 20 in flight, with the CPU time of the postgres processes
// (from /proc) and of this process (the pg client) per confirm, for two sequences in the same run:
//   now:    what a first confirm makes today: claimNewOrder (the claim, before the gateway call), then
//           settleClaimWithPayment (the payment, its transaction and the settled claim, after the shop's hook);
//   before: what it made until 2026-12-04: getClaim, claimConfirm, settleClaimWithPayment.
// A first pass of each warms the JIT and the connections and is not counted.
//
//   node --import tsx bench/ledger-cpu.mjs
import { readFileSync, readdirSync } from 'node:fs';
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
const N = 3000;
const SEQUENCES = {
  async now(p) {
    await ledger.claimNewOrder({
      orderId: p.orderId,
      paymentKey: p.paymentKey,
      amount: 15000,
      owner: 'o',
      leaseMs: 60000,
    });
  },
  async before(p) {
    await ledger.getClaim(p.orderId);
    await ledger.claimConfirm({
      orderId: p.orderId,
      paymentKey: p.paymentKey,
      amount: 15000,
      owner: 'o',
      leaseMs: 60000,
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
        await ledger.settleClaimWithPayment(
          p.orderId,
          'o',
          { kind: 'confirmed', paymentKey: p.paymentKey, status: 'DONE' },
          p,
        );
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
for (const sequence of ['now', 'before', 'now', 'before']) {
  await pass('warm', sequence);
  rows.push(await pass('measured', sequence));
}
console.table(rows);
await ledger.close();
await db.drop();
