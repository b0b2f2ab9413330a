// Child process of bench/scale.mjs, run with --expose-gc: the memory ledger's heap after `argv[2]` confirms, each
// recorded as the confirm flow records it (claimConfirm, then settleClaimWithPayment with the gateway's Payment),
// with a realistic card payment (makeCardPayment) per order. heapUsed after a forced gc, at a few points.
import { createMemoryLedger } from '@tosskit/core';
import { makeCardPayment } from '@tosskit/core/testing';

const total = Number(process.argv[2] ?? 100_000);
if (typeof globalThis.gc !== 'function') throw new Error('run with --expose-gc');
const measure = (confirms) => {
  globalThis.gc();
  globalThis.gc();
  const m = process.memoryUsage();
  return { confirms, heapUsed: m.heapUsed, heapUsedMb: m.heapUsed / 1_048_576, rssMb: m.rss / 1_048_576 };
};
const ledger = createMemoryLedger();
const points = [measure(0)];
const marks = new Set([total / 10, total / 2, total].map(Math.round));
const started = performance.now();
for (let i = 1; i <= total; i++) {
  const orderId = `heap-order-${i}`;
  const paymentKey = `tviva${String(i).padStart(15, '0')}${Math.random().toString(36).slice(2, 12)}`;
  const payment = makeCardPayment({ orderId, paymentKey });
  await ledger.claimConfirm({
    orderId,
    paymentKey,
    amount: payment.totalAmount,
    owner: 'heap',
    leaseMs: 60_000,
  });
  await ledger.settleClaimWithPayment(
    orderId,
    'heap',
    { kind: 'confirmed', paymentKey, status: payment.status },
    payment,
  );
  if (marks.has(i)) points.push(measure(i));
}
const seconds = (performance.now() - started) / 1000;
const last = points[points.length - 1];
process.send({ points, seconds, bytesPerConfirm: (last.heapUsed - points[0].heapUsed) / total });
process.exit(0);
