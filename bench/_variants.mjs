import { makeCardPayment } from '@tosskit/core/testing';
import { createLedger, generateEncryptionKey } from '@tosskit/ledger';
import pg from 'pg';
import { readFileSync, readdirSync } from 'node:fs';
import { createTestDatabase } from '/work/main/packages/ledger/src/testing/test-database.ts';
function pgCpuMs() { let t = 0; for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) { try { const st = readFileSync(`/proc/${pid}/stat`, 'utf8'); const comm = st.slice(st.indexOf('(') + 1, st.lastIndexOf(')')); if (!comm.startsWith('postgres')) continue; const f = st.slice(st.lastIndexOf(')') + 2).split(' '); t += Number(f[11]) + Number(f[12]); } catch {} } return t * 10; }
const db = await createTestDatabase('var');
const ledger = await createLedger({ connectionString: db.connectionString, encryptionKey: generateEncryptionKey(), poolSize: 10 });
const asyncPool = new pg.Pool({ connectionString: db.connectionString, max: 10, options: '-c synchronous_commit=off' });
asyncPool.on('error', () => {});
const settleSql = `UPDATE tosskit_claims SET state = $3, outcome = $4::jsonb, updated_at = $5 WHERE order_id = $1 AND owner = $2 AND state = 'claimed'`;
async function phase(name, N, op) {
  let next = 0; const p0 = pgCpuMs(); const n0 = process.cpuUsage(); const t0 = performance.now();
  await Promise.all(Array.from({ length: 20 }, async () => { while (next < N) await op(next++); }));
  const c = process.cpuUsage(n0);
  console.log(name.padEnd(28), 'node ms', ((c.user + c.system) / 1000 / N).toFixed(3), 'pg ms', ((pgCpuMs() - p0) / N).toFixed(3), 'confirms/s', Math.round(N / (performance.now() - t0) * 1000));
}
const outcome = JSON.stringify({ kind: 'confirmed', paymentKey: 'x', status: 'DONE' });
for (const round of [1, 2, 3]) {
  const N = 3000; const run = 'r' + round + Date.now();
  const mk = (tag) => Array.from({ length: N }, (_, i) => makeCardPayment({ orderId: `${run}${tag}-${i}`, paymentKey: `${run}${tag}-pk${i}` }));
  const A = mk('a'), B = mk('b'), C = mk('c');
  const claim = (p) => ledger.claimConfirm({ orderId: p.orderId, paymentKey: p.paymentKey, amount: 15000, owner: 'o', leaseMs: 60000 });
  await phase('3 sync (now)', N, async (i) => { const p = A[i]; await claim(p); await ledger.recordPayment(p); await ledger.settleClaim(p.orderId, 'o', { kind: 'confirmed', paymentKey: p.paymentKey, status: 'DONE' }); });
  await phase('2 sync + async settle', N, async (i) => { const p = B[i]; await claim(p); await ledger.recordPayment(p); await asyncPool.query({ name: 'st', text: settleSql, values: [p.orderId, 'o', 'settled', outcome, Date.now()] }); });
  await phase('claim + record only', N, async (i) => { const p = C[i]; await claim(p); await ledger.recordPayment(p); });
}
await asyncPool.end(); await ledger.close(); await db.drop();
