#!/usr/bin/env node
// Webhook ingestion through tosskit's Express middleware (memory ledger) against the emulator, on 127.0.0.1.
//
//   node --import tsx bench/webhook.mjs [--duration 10] [--connections 20] [--payments 50] [--window 1000]
//
// PAYMENT_STATUS_CHANGED bodies for a small set of known, confirmed payments, sent round-robin: almost every
// delivery is a duplicate, as after gateway retries. tosskit never trusts the body: it dedupes on the
// (paymentKey, transactionKey, status) the delivery names, re-fetches the payment from the gateway only for a
// combination it has not seen, and records what the gateway says.
// In the same run, the webhook handler most shops write first (trust the body, answer 200) gives the scale.
// `--window` is the emulator's FORBIDDEN_CONSECUTIVE_REQUEST window in ms (the gateway refuses the same GET
// of an unchanged payment within it); 1000 is the gateway's rule, 0 turns it off.
import { loadavg } from 'node:os';
import { argument, load, startWorker, summarize } from './confirm.lib.mjs';

const duration = argument('duration', 10);
const connections = argument('connections', 20);
const paymentCount = argument('payments', 50);
const window = argument('window', 1000);

const emulator = await startWorker('./confirm-emulator.worker.mjs', [], {
  BENCH_CONSECUTIVE_WINDOW_MS: String(window),
});
const { url: emulatorUrl, keys } = emulator.info;
const server = await startWorker('./confirm-server.worker.mjs', ['express'], {
  EMULATOR_URL: emulatorUrl,
  SECRET_KEY: keys.secretKey,
});
const url = `http://127.0.0.1:${server.info.port}`;

const { sessions } = await emulator.call({
  type: 'authorize',
  count: paymentCount,
  amount: 15_000,
  prefix: 'bench-webhook',
});
await server.call({ type: 'orders', sessions });
for (const session of sessions) {
  const res = await fetch(`${url}/payments/confirm`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(session),
  });
  if (res.status !== 200) throw new Error(`setup confirm failed: ${res.status} ${await res.text()}`);
}
// what the gateway sends: the whole Payment as `data`
const { payments } = await emulator.call({
  type: 'payments',
  paymentKeys: sessions.map((s) => s.paymentKey),
});
const bodies = payments.map((payment) =>
  JSON.stringify({
    eventType: 'PAYMENT_STATUS_CHANGED',
    createdAt: '2026-11-22T12:00:00.000000',
    data: payment,
  }),
);

const baselineServer = await startWorker('./confirm-server.worker.mjs', ['fetch'], {
  EMULATOR_URL: emulatorUrl,
  SECRET_KEY: keys.secretKey,
});
const targets = { tosskit: url, baseline: `http://127.0.0.1:${baselineServer.info.port}` };
async function drive(kind, seconds) {
  let next = 0;
  return summarize(
    await load({
      url: targets[kind],
      path: '/payments/webhook',
      connections,
      duration: seconds,
      body: () => bodies[next++ % bodies.length],
    }),
  );
}
await drive('tosskit', 2); // warm-up
await drive('baseline', 2);
const result = await drive('tosskit', duration);
const baseline = await drive('baseline', duration);
const { calls: gatewayCalls } = await emulator.call({ type: 'log' });
await server.stop();
await baselineServer.stop();
await emulator.call({ type: 'close' }).catch(() => undefined);

console.log(
  JSON.stringify(
    {
      benchmark: 'webhook',
      when: new Date().toISOString(),
      node: process.version,
      connections,
      duration,
      paymentCount,
      consecutiveWindowMs: window,
      tosskit: result,
      baseline,
      lastGatewayCalls: gatewayCalls,
    },
    null,
    2,
  ),
);
console.log('');
console.log(
  `| webhook ingestion, PAYMENT_STATUS_CHANGED, ${paymentCount} payments round-robin, window ${window} ms | req/s | p50 ms | p99 ms | requests | non-2xx |`,
);
console.log('|---|---:|---:|---:|---:|---:|');
console.log(
  `| tosskit middleware (memory ledger): dedupe, re-fetch of each new state, ledger | ${result.reqPerSec} | ${result.p50} | ${result.p99} | ${result.requests} | ${result.non2xx} |`,
);
console.log(
  `| hand-written handler (express.json, trusts the body, answers 200) | ${baseline.reqPerSec} | ${baseline.p50} | ${baseline.p99} | ${baseline.requests} | ${baseline.non2xx} |`,
);
console.log(
  `\nmachine load average at the end: ${loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')}`,
);
if (result.errors > 0 || result.non2xx > 0 || baseline.errors > 0) process.exitCode = 1;
