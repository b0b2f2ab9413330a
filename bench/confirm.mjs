#!/usr/bin/env node
// Confirm throughput, every case in one run, against the emulator in its own process on 127.0.0.1:
//   two hand-written Express 5 baselines (global fetch, as the gateway's sample; an undici keep-alive Pool, the
//   practical limit), tosskit's Express and Koa middleware with the memory ledger, and tosskit's Express
//   middleware with the PostgreSQL (local server) and PGlite (embedded, on disk) ledgers.
//
//   node --import tsx bench/confirm.mjs [--duration 8] [--connections 20] [--rounds 3] [--warmup 2]
//        [--cases fetch,pool,express,koa,express-postgres,express-pglite,express-traced] [--built]
//
// Each confirm needs its own authorized payment (the gateway confirms a session once), so sessions are
// pre-authorized at the emulator in batches kept ahead of the load, and every request takes the next one. A
// case that used up its supply (a request sent without a session is refused) or got any non-2xx answer makes
// the run fail: no table, exit 1. A capped case would measure its supply, not the code.
// Cases alternate in order, reversed every other round, so a change in machine load hits all alike; each
// figure is the summed requests over the summed seconds of all rounds.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateEncryptionKey } from '@tosskit/ledger';
import { createTestDatabase } from '../packages/ledger/src/testing/test-database.ts';
import { argument, load, startSessionSupply, startWorker, summarize } from './confirm.lib.mjs';

const duration = argument('duration', 8);
const connections = argument('connections', 20);
const rounds = argument('rounds', 3);
const warmup = argument('warmup', 2);
const AMOUNT = 15_000;
const ALL = [
  'fetch',
  'pool',
  'koa-pool',
  'express',
  'koa',
  'express-postgres',
  'express-pglite',
  'express-traced',
];
// --built: the servers load the packages' dist/ (run `npm run build` first), as a shop's app would
const built = process.argv.includes('--built');
const casesAt = process.argv.indexOf('--cases');
const cases = casesAt === -1 ? ALL : process.argv[casesAt + 1].split(',');
for (const c of cases) if (!ALL.includes(c)) throw new Error(`unknown case ${c}: one of ${ALL.join(', ')}`);
const LABEL = {
  fetch: 'hand-written Express: express.json() + global fetch',
  pool: 'hand-written Express: express.json() + undici Pool (the limit)',
  'koa-pool': 'hand-written Koa: @koa/bodyparser + undici Pool (the same handler on Koa)',
  express: 'tosskit Express, memory ledger',
  koa: 'tosskit Koa, memory ledger',
  'express-postgres': 'tosskit Express, PostgreSQL ledger (local server)',
  'express-pglite': 'tosskit Express, PGlite ledger (embedded, on disk)',
  'express-traced': 'tosskit Express, memory ledger, tracing on (OpenTelemetry SDK, no-op exporter)',
};

// BENCH_PROF=<dir>: a CPU profile of the server of every measured run (the profiler costs time: the figures of
// such a run are not comparable with others)
const profileDir = process.env.BENCH_PROF ?? null;
if (profileDir !== null) mkdirSync(profileDir, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), 'tosskit-bench-'));
const db = cases.includes('express-postgres') ? await createTestDatabase('bench') : null;
const emulator = await startWorker('./confirm-emulator.worker.mjs', [], {}, { nodeArgs: ['--expose-gc'] });
const { url: emulatorUrl, keys } = emulator.info;
const env = {
  EMULATOR_URL: emulatorUrl,
  SECRET_KEY: keys.secretKey,
  ENCRYPTION_KEY: generateEncryptionKey(),
  DATA_DIR: join(dir, 'pglite'),
  ...(db ? { DATABASE_URL: db.connectionString } : {}),
};
const servers = {};
for (const kind of cases)
  servers[kind] = await startWorker('./confirm-server.worker.mjs', [kind], env, { built });

const BATCH = 2_000;

async function run(kind, seconds, profileName = null) {
  const server = servers[kind];
  // batches of 2,000 kept at least 2,500 ahead of the load: the emulator never holds more than a few thousand
  // pending sessions and the supply keeps up however fast the case is
  const supply = await startSessionSupply(async () => {
    const { sessions } = await emulator.call({
      type: 'authorize',
      count: BATCH,
      amount: AMOUNT,
      prefix: `bench-${kind}`,
    });
    return sessions;
  }, server);
  if (profileName !== null) await server.call({ type: 'profile', action: 'start' });
  const cpuBefore = (await server.call({ type: 'cpu' })).usage;
  const gatewayCpuBefore = (await emulator.call({ type: 'cpu' })).usage;
  const result = await load({
    url: `http://127.0.0.1:${server.info.port}`,
    path: '/payments/confirm',
    connections,
    duration: seconds,
    body: supply.body,
  });
  const unused = await supply.stop();
  const { usage: cpuAfter, heapUsedMb } = await server.call({ type: 'cpu' });
  if (profileName !== null) {
    const { profile } = await server.call({ type: 'profile', action: 'stop' });
    writeFileSync(
      join(
        profileDir,
        `${profileName}.${process.env.BENCH_PROF_ALLOCATIONS === '1' ? 'heapprofile' : 'cpuprofile'}`,
      ),
      profile,
    );
  }
  const gatewayCpuAfter = await emulator.call({ type: 'cpu' });
  await emulator.call({ type: 'expire', paymentKeys: unused.map((s) => s.paymentKey) });
  await emulator.call({ type: 'reset' });
  const summary = summarize(result);
  const cpuMicros = cpuAfter.user - cpuBefore.user + (cpuAfter.system - cpuBefore.system);
  const gatewayMicros =
    gatewayCpuAfter.usage.user -
    gatewayCpuBefore.user +
    gatewayCpuAfter.usage.system -
    gatewayCpuBefore.system;
  return {
    kind,
    ...summary,
    exhausted: supply.exhausted,
    serverCpuMicrosPerRequest: Math.round(cpuMicros / Math.max(1, summary.requests)),
    emulatorCpuMicrosPerRequest: Math.round(gatewayMicros / Math.max(1, summary.requests)),
    serverHeapUsedMb: heapUsedMb,
    emulatorHeapUsedMb: gatewayCpuAfter.heapUsedMb,
  };
}

try {
  // warm-up: JIT, keep-alive pools, the ledgers' first statements
  for (const kind of cases) await run(kind, warmup);
  const results = [];
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? cases : [...cases].reverse();
    for (const kind of order) {
      const profileName = profileDir === null ? null : `${kind}-round${round + 1}`;
      const row = { round: round + 1, ...(await run(kind, duration, profileName)) };
      results.push(row);
      console.error(
        `round ${row.round}/${rounds} ${kind}: ${row.reqPerSec} req/s, ${row.serverCpuMicrosPerRequest} µs CPU per confirm` +
          (row.non2xx + row.errors + row.exhausted > 0
            ? ` (${row.non2xx} non-2xx, ${row.errors} errors, ${row.exhausted} without a session)`
            : ''),
      );
    }
  }

  const total = (kind) => {
    const rows = results.filter((r) => r.kind === kind);
    const requests = rows.reduce((n, r) => n + r.requests, 0);
    const seconds = rows.reduce((n, r) => n + r.seconds, 0);
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
    const weighted = (field) =>
      Math.round(rows.reduce((n, r) => n + r[field] * r.requests, 0) / Math.max(1, requests));
    return {
      reqPerSec: Math.round(requests / seconds),
      cpu: weighted('serverCpuMicrosPerRequest'),
      gatewayCpu: weighted('emulatorCpuMicrosPerRequest'),
      p50: median(rows.map((r) => r.p50)),
      p99: median(rows.map((r) => r.p99)),
      requests,
      failed: rows.reduce((n, r) => n + r.non2xx + r.errors, 0),
      exhausted: rows.reduce((n, r) => n + r.exhausted, 0),
    };
  };
  const totals = Object.fromEntries(cases.map((kind) => [kind, total(kind)]));
  const invalid = cases.filter((kind) => totals[kind].failed > 0 || totals[kind].exhausted > 0);
  if (invalid.length > 0) {
    for (const kind of invalid)
      console.error(
        `INVALID: ${kind}: ${totals[kind].failed} failed or non-2xx answers, ${totals[kind].exhausted} requests past the session supply`,
      );
    console.error('no figures: a case that failed or ran out of input measures that, not the code');
    process.exitCode = 1;
  } else {
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
        },
        null,
        2,
      ),
    );
    console.log('');
    console.log(
      `| confirm, ${connections} connections, ${rounds} x ${duration} s per case, same run | req/s | p50 ms | p99 ms | server CPU µs/confirm | emulator CPU µs/confirm | requests |`,
    );
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    for (const kind of cases) {
      const t = totals[kind];
      console.log(
        `| ${LABEL[kind]} | ${t.reqPerSec} | ${t.p50} | ${t.p99} | ${t.cpu} | ${t.gatewayCpu} | ${t.requests} |`,
      );
    }
    const ratio = (a, b, goal) =>
      totals[a] && totals[b]
        ? `${a} / ${b}: ${(totals[a].reqPerSec / totals[b].reqPerSec).toFixed(2)}x (${goal})`
        : null;
    const cpuGap = (a, b, what) =>
      totals[a] && totals[b]
        ? `${a} - ${b}: ${totals[a].cpu - totals[b].cpu} µs of server CPU (${what})`
        : null;
    const lines = [
      ratio('express', 'pool', 'goal >= 0.85x'),
      ratio('express', 'fetch', 'goal >= 1.5x'),
      ratio('koa', 'express', 'goal within 10 %'),
      ratio('express-postgres', 'express', 'goal >= 0.7x, stretch 0.85x'),
      ratio('express-pglite', 'express', 'goal >= 0.5x'),
      ratio('express-traced', 'express', 'tracing on / off'),
      ratio('koa', 'koa-pool', 'the same comparison on Koa'),
      // what Express itself costs a request, twice: behind the same hand-written handler, behind the same core
      cpuGap('pool', 'koa-pool', "Express's own CPU per request, hand-written handler"),
      cpuGap('express', 'koa', "Express's own CPU per request, tosskit's core"),
      cpuGap('koa', 'koa-pool', "tosskit's core beyond the hand-written handler, on Koa"),
    ].filter((line) => line !== null);
    console.log('');
    for (const line of lines) console.log(line);
    console.log(
      `machine load average at the end: ${loadavg()
        .map((n) => n.toFixed(1))
        .join(' ')}`,
    );
  }
} finally {
  await Promise.all(Object.values(servers).map((s) => s.stop()));
  await emulator.call({ type: 'close' }).catch(() => undefined);
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
}
