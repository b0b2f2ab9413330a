// Shared plumbing of bench/confirm.mjs and bench/webhook.mjs (not a benchmark itself; run-all skips *.lib.mjs).
import autocannon from 'autocannon';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = (file) => fileURLToPath(new URL(file, import.meta.url));

/** Forks a worker (TypeScript sources through tsx) and gives a promise-based IPC `call`. */
export async function startWorker(file, args = [], env = {}, { built = false, nodeArgs = [] } = {}) {
  const child = fork(here(file), args, {
    // built: the @tosskit/* packages as a shop runs them (their dist/, after `npm run build`), not the sources
    // through tsx
    // BENCH_NODE_ARGS: extra flags for every worker (e.g. --trace-gc), split on spaces
    execArgv: [
      ...nodeArgs,
      ...(built ? [] : ['--import', 'tsx']),
      ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
    ],
    env: { ...process.env, NODE_ENV: 'development', ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 1;
  const pending = new Map();
  const ready = new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${file} exited early (${code})`)));
    child.on('message', (message) => {
      if (message.type === 'ready') resolve(message);
      const waiter = pending.get(message.id);
      if (!waiter) return;
      pending.delete(message.id);
      if (message.error) waiter.reject(new Error(message.error));
      else waiter.resolve(message);
    });
  });
  const info = await ready;
  child.removeAllListeners('exit');
  return {
    info,
    call(message) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        child.send({ ...message, id });
      });
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Confirm sessions for one load run: each confirm needs its own authorized payment, so `authorizeBatch()`
 * (gateway work every case pays alike) is called ahead of the load, keeping at least 2,500 sessions unused, and
 * the server learns each batch's orders. `body()` gives each request the next session; a request past the supply
 * is counted in `exhausted` (the run is then void). `stop()` ends the feeding and gives the unused sessions.
 */
export async function startSessionSupply(authorizeBatch, server) {
  const sessions = [];
  let next = 0;
  let exhausted = 0;
  const supplyMore = async () => {
    const more = await authorizeBatch();
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
  return {
    body() {
      const session = sessions[next++];
      if (session === undefined) exhausted++;
      return JSON.stringify(session ?? { exhausted: true });
    },
    get exhausted() {
      return exhausted;
    },
    async stop() {
      clearInterval(feeder);
      await feeding;
      return sessions.slice(next);
    },
  };
}

/** One autocannon run on 127.0.0.1; `body()` gives each request its own body. */
export function load({ url, path, method = 'POST', body, connections, duration, amount, headers = {} }) {
  return new Promise((resolve, reject) => {
    const options = {
      url: `${url}${path}`,
      connections,
      duration,
      pipelining: 1,
      requests: [
        {
          method,
          path,
          headers: { 'content-type': 'application/json', ...headers },
          setupRequest: (request) => ({ ...request, body: body() }),
        },
      ],
    };
    if (amount !== undefined) options.amount = amount;
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** The figures we report from an autocannon result. */
export function summarize(result) {
  const seconds = result.duration;
  return {
    requests: result.requests.total,
    seconds: Number(seconds.toFixed(2)),
    reqPerSec: Math.round(result.requests.total / seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

export function argument(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
}
