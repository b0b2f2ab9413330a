#!/usr/bin/env node
// Emulator throughput: GET /v1/payments/{paymentKey} and POST /v1/payments/confirm against @tosskit/emulator,
// with a bare node:http JSON server as the baseline in the same run. Server in a child process, autocannon
// in this one, 127.0.0.1 only.
//
//   node --import tsx bench/emulator.mjs [--duration 10] [--connections 32] [--warmup 2]
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

function argument(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i === -1) return fallback;
  const n = Number(process.argv[i + 1]);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} takes a positive number`);
  return n;
}

const duration = argument('duration', 10);
const connections = argument('connections', 32);
const warmup = argument('warmup', 2);

function startWorker(kind, env = {}) {
  const child = fork(fileURLToPath(new URL('./emulator-server.worker.mjs', import.meta.url)), [kind], {
    env: { ...process.env, ...env },
    execArgv: ['--import', 'tsx'],
  });
  let nextId = 1;
  const waiting = new Map();
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${kind} worker exited with ${code}`)));
    child.on('message', (message) => {
      if (message.type === 'ready') {
        resolve({
          info: message,
          call(msg) {
            const id = nextId++;
            child.send({ ...msg, id });
            return new Promise((res, rej) => waiting.set(id, { res, rej }));
          },
        });
        return;
      }
      const w = waiting.get(message.id);
      if (!w) return;
      waiting.delete(message.id);
      if (message.error) w.rej(new Error(message.error));
      else w.res(message);
    });
  });
}

function run(options) {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ connections, pipelining: 1, ...options }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
    instance.on('error', reject);
  });
}

async function benchGet(worker) {
  const { url, auth, paymentKey } = worker.info;
  const opts = { url: `${url}/v1/payments/${paymentKey}`, headers: { authorization: auth } };
  await run({ ...opts, duration: warmup });
  const r = await run({ ...opts, duration });
  return r;
}

async function benchConfirm(worker, expectedPerSecond) {
  const { url, auth } = worker.info;
  // each confirm needs its own authorized session: authorize enough for warm-up and the measured run
  const need = Math.ceil(expectedPerSecond * (duration + warmup) * 1.5) + 1000;
  const { sessions } = await worker.call({ type: 'authorize', count: need });
  let next = 0;
  const opts = {
    url: `${url}/v1/payments/confirm`,
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json' },
    requests: [
      {
        setupRequest(req) {
          const s = sessions[next++ % sessions.length];
          return { ...req, body: JSON.stringify(s) };
        },
      },
    ],
  };
  await run({ ...opts, duration: warmup });
  const r = await run({ ...opts, duration });
  if (next > sessions.length) throw new Error('ran out of authorized sessions; raise the estimate');
  return r;
}

function line(name, r) {
  const ok = r.requests.total - r.non2xx - r.errors;
  return `| ${name} | ${Math.round(r.requests.average).toLocaleString('en-US')} | ${r.latency.p50} | ${r.latency.p99} | ${r.non2xx + r.errors} | ${ok.toLocaleString('en-US')} |`;
}

const results = [];
const emulator = await startWorker('emulator');
const template = emulator.info.template;
const baseline = await startWorker('baseline', { PAYMENT_TEMPLATE: template });

results.push(['GET baseline (bare node:http)', await benchGet(baseline)]);
results.push(['GET emulator', await benchGet(emulator)]);
results.push(['confirm baseline (bare node:http)', await benchConfirm(baseline, 12_000)]);
results.push(['confirm emulator', await benchConfirm(emulator, 8_000)]);
await emulator.call({ type: 'close' });
await baseline.call({ type: 'close' });

console.log(
  `node ${process.version}, ${connections} connections, ${duration} s each after ${warmup} s warm-up`,
);
console.log('| case | req/s (mean) | p50 ms | p99 ms | non-2xx + errors | answered 2xx |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const [name, r] of results) console.log(line(name, r));
const get = results[1][1].requests.average;
console.log(`\nGET target 5,000 req/s: ${get >= 5000 ? 'met' : 'NOT met'} (${Math.round(get)})`);
