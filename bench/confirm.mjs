#!/usr/bin/env node
// Confirm throughput: tosskit's Express middleware (memory ledger) vs a hand-written Express confirm handler
// calling the gateway with global fetch, against the emulator, in the same run, on 127.0.0.1.
//
//   node --import tsx bench/confirm.mjs [--duration 10] [--connections 20] [--rounds 4] [--warmup 2]
//
// Each confirm needs its own authorized payment (the gateway confirms a session once), so sessions are
// pre-authorized at the emulator (in batches kept ahead of the load) and every request takes the next one. Both sides do
// the same work: look the order up, check the amount, confirm at the gateway, answer JSON. tosskit also claims
// the order in its ledger, derives an Idempotency-Key, records the payment and its transaction, runs the hooks.
// The two cases alternate (B T, then T B, ...) so a change in machine load hits both; the ratio is taken
// from the summed requests of all rounds.
import { loadavg } from 'node:os';
import { argument, load, startWorker, summarize } from './confirm.lib.mjs';

const duration = argument('duration', 10);
const connections = argument('connections', 20);
const rounds = argument('rounds', 4);
const warmup = argument('warmup', 2);
const AMOUNT = 15_000;

const emulator = await startWorker('./confirm-emulator.worker.mjs');
const { url: emulatorUrl, keys } = emulator.info;
const env = { EMULATOR_URL: emulatorUrl, SECRET_KEY: keys.secretKey };
const servers = {
  baseline: await startWorker('./confirm-server.worker.mjs', ['baseline'], env),
  tosskit: await startWorker('./confirm-server.worker.mjs', ['tosskit'], env),
};

const BATCH = 2_000;

async function run(kind, seconds) {
  const server = servers[kind];
  const sessions = [];
  let next = 0;
  // Sessions are authorized in batches of 2,000 and kept at least 2,500 ahead of the load, so the emulator
  // never holds more than a few thousand pending sessions (its expiry timers cost grows with them) and the
  // supply never runs out however fast the machine is. Authorizing is gateway work both cases pay alike.
  const supplyMore = async () => {
    const { sessions: more } = await emulator.call({
      type: 'authorize',
      count: BATCH,
      amount: AMOUNT,
      prefix: `bench-${kind}`,
    });
    await server.call({ type: 'orders', sessions: more });
    sessions.push(...more);
  };
  await supplyMore();
  await supplyMore();
  let feeding = Promise.resolve();
  let busy = false;
  const feeder = setInterval(() => {
    if (busy || sessions.length - next > 2_500) return;
    busy = true;
    feeding = supplyMore().finally(() => {
      busy = false;
    });
  }, 20);
  const cpuBefore = (await server.call({ type: 'cpu' })).usage;
  const gatewayCpuBefore = (await emulator.call({ type: 'cpu' })).usage;
  const result = await load({
    url: `http://127.0.0.1:${server.info.port}`,
    path: '/payments/confirm',
    connections,
    duration: seconds,
    // past the supply a request is sent without a session: it fails (400), so a supply that fell behind shows
    body: () => JSON.stringify(sessions[next++] ?? { exhausted: true }),
  });
  clearInterval(feeder);
  await feeding;
  const { usage: cpuAfter, heapUsedMb } = await server.call({ type: 'cpu' });
  const gatewayCpuAfter = (await emulator.call({ type: 'cpu' })).usage;
  const unused = sessions.slice(next).map((s) => s.paymentKey);
  await emulator.call({ type: 'expire', paymentKeys: unused });
  const summary = summarize(result);
  const cpuMicros = cpuAfter.user - cpuBefore.user + (cpuAfter.system - cpuBefore.system);
  return {
    kind,
    ...summary,
    serverCpuMicrosPerRequest: Math.round(cpuMicros / Math.max(1, summary.requests)),
    emulatorCpuMicrosPerRequest: Math.round(
      (gatewayCpuAfter.user - gatewayCpuBefore.user + gatewayCpuAfter.system - gatewayCpuBefore.system) /
        Math.max(1, summary.requests),
    ),
    serverHeapUsedMb: heapUsedMb,
    sessionsPrepared: sessions.length,
    sessionsUsed: Math.min(next, sessions.length),
  };
}

// warm-up: JIT, keep-alive pools
await run('baseline', warmup);
await run('tosskit', warmup);

const results = [];
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? ['baseline', 'tosskit'] : ['tosskit', 'baseline'];
  for (const kind of order) results.push({ round: round + 1, ...(await run(kind, duration)) });
}
const counts = await emulator.call({ type: 'count' });
await Promise.all(Object.values(servers).map((s) => s.stop()));
await emulator.call({ type: 'close' }).catch(() => undefined);

const total = (kind) => {
  const rows = results.filter((r) => r.kind === kind);
  const requests = rows.reduce((n, r) => n + r.requests, 0);
  const seconds = rows.reduce((n, r) => n + r.seconds, 0);
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
  const cpu = rows.reduce((n, r) => n + r.serverCpuMicrosPerRequest * r.requests, 0);
  const gatewayCpu = rows.reduce((n, r) => n + r.emulatorCpuMicrosPerRequest * r.requests, 0);
  return {
    reqPerSec: Math.round(requests / seconds),
    cpuPerRequest: Math.round(cpu / Math.max(1, requests)),
    emulatorCpuPerRequest: Math.round(gatewayCpu / Math.max(1, requests)),
    p50: median(rows.map((r) => r.p50)),
    p99: median(rows.map((r) => r.p99)),
    requests,
    non2xx: rows.reduce((n, r) => n + r.non2xx + r.errors, 0),
  };
};
const baseline = total('baseline');
const tosskit = total('tosskit');
const ratio = tosskit.reqPerSec / baseline.reqPerSec;
console.log(
  JSON.stringify(
    {
      benchmark: 'confirm',
      when: new Date().toISOString(),
      node: process.version,
      connections,
      duration,
      rounds,
      results,
      emulatorPayments: counts.counts,
    },
    null,
    2,
  ),
);
console.log('');
console.log(
  `| confirm, Express 5, ${connections} connections, ${rounds} x ${duration} s each | req/s | p50 ms | p99 ms | server CPU µs/request | emulator CPU µs/request | requests | failed |`,
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
console.log(
  `| hand-written handler (express.json + global fetch) | ${baseline.reqPerSec} | ${baseline.p50} | ${baseline.p99} | ${baseline.cpuPerRequest} | ${baseline.emulatorCpuPerRequest} | ${baseline.requests} | ${baseline.non2xx} |`,
);
console.log(
  `| tosskit middleware (memory ledger) | ${tosskit.reqPerSec} | ${tosskit.p50} | ${tosskit.p99} | ${tosskit.cpuPerRequest} | ${tosskit.emulatorCpuPerRequest} | ${tosskit.requests} | ${tosskit.non2xx} |`,
);
console.log(
  `\nratio tosskit / hand-written: ${ratio.toFixed(2)}x (goal >= 0.85x); machine load average at the end: ${loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')}`,
);
if (baseline.non2xx > 0 || tosskit.non2xx > 0) {
  console.error('some requests failed (or the session supply ran out): these figures are not valid');
  process.exitCode = 1;
}
