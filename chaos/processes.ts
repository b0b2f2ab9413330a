/**
 * The processes of a chaos run, owned by the harness: the emulator child, the P app children (each with its
 * own TCP proxy to PostgreSQL, from test-support/tcp-proxy.ts), `kill -9` and restarts, RSS sampling, the
 * webhook router (the emulator posts to it; it forwards to one live app, like a load balancer), and cleanup:
 * every child is killed when the harness exits, is interrupted or crashes (and children exit on their own when
 * the harness's IPC channel closes, so even a kill -9 of the harness leaves no orphan).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync, type WriteStream } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTcpProxy, type ProxyMode, type TcpProxy } from '../test-support/tcp-proxy.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSCONFIG = join(ROOT, 'tsconfig.json');

/** Every child the harness started and has not seen exit: killed on any way out. */
const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

export interface Started {
  child: ChildProcess;
  /** the words after READY on the child's stdout */
  ready: string[];
  /** the child's last output lines (evidence when it dies unasked) */
  tail: string[];
}

/** Spawns a TypeScript worker under tsx, logs its output to `logFile`, resolves on its `READY ...` line. */
export function startWorker(
  file: string,
  env: Record<string, string>,
  log: WriteStream,
  label: string,
  timeoutMs = 60_000,
): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'chaos', file)], {
    cwd: ROOT,
    env: { ...process.env, TSX_TSCONFIG_PATH: TSCONFIG, NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  // the IPC channel is only a lifeline (children exit on 'disconnect'); it must not keep the harness alive
  child.channel?.unref();
  const tail: string[] = [];
  const note = (stream: string) => (chunk: Buffer) => {
    const text = chunk.toString();
    log.write(text.replace(/^(?=.)/gm, `[${label} ${stream}] `));
    tail.push(text);
    if (tail.length > 40) tail.shift();
  };
  child.stderr!.on('data', note('err'));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${label} did not start within ${timeoutMs} ms: ${tail.join('').slice(-2000)}`));
    }, timeoutMs);
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      note('out')(chunk);
      buffered += chunk.toString();
      const line = /READY ([^\n]*)\n/.exec(buffered);
      if (line !== null) {
        clearTimeout(timer);
        buffered = '';
        resolve({ child, ready: line[1]!.trim().split(/\s+/), tail });
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${label} exited (${code ?? signal}) before READY: ${tail.join('').slice(-2000)}`));
    });
  });
}

/** A crash is an exit the harness did not cause (kill -9 and the final SIGTERM are ours). */
export interface Crash {
  generation: string;
  at: number;
  code: number | null;
  signal: string | null;
  tail: string;
}

export interface Kill {
  generation: string;
  at: number;
  /** orders with a request in flight at this process when it was killed */
  inFlight: string[];
}

export interface Outage {
  app: string;
  mode: Exclude<ProxyMode, 'pass'>;
  start: number;
  end: number;
}

export interface AppSlot {
  name: string;
  /** starts so far; the current process is `${name}#${starts}` */
  starts: number;
  generation: string;
  url: string | null;
  child: ChildProcess | null;
  proxy: TcpProxy;
  /** requests in flight at this app, by orderId (the harness's client adds and removes them) */
  inFlight: Map<string, number>;
  peakRssMb: number;
  lastRssMb: number;
}

export interface ClusterOptions {
  processes: number;
  logDir: string;
  appEnv: Record<string, string>;
  pg: { host: string; port: number };
  /** the ledger's connection string with host:port replaced by the proxy's */
  ledgerUrlFor(port: number): string;
}

export class Cluster {
  readonly apps: AppSlot[] = [];
  readonly kills: Kill[] = [];
  readonly crashes: Crash[] = [];
  readonly outages: Outage[] = [];
  readonly restarts: { generation: string; at: number; tries: number }[] = [];
  private readonly log: WriteStream;
  private readonly ours = new WeakSet<ChildProcess>();
  private stopping = false;
  private readonly restarting = new Map<AppSlot, Promise<void>>();

  constructor(private readonly options: ClusterOptions) {
    this.log = createWriteStream(join(options.logDir, 'apps.log'));
  }

  async start(): Promise<void> {
    for (let i = 1; i <= this.options.processes; i += 1) {
      const proxy = await startTcpProxy(this.options.pg);
      const slot: AppSlot = {
        name: `app${i}`,
        starts: 0,
        generation: '',
        url: null,
        child: null,
        proxy,
        inFlight: new Map(),
        peakRssMb: 0,
        lastRssMb: 0,
      };
      this.apps.push(slot);
    }
    await Promise.all(this.apps.map((slot) => this.launch(slot)));
  }

  alive(): AppSlot[] {
    return this.apps.filter((a) => a.url !== null);
  }

  private async launch(slot: AppSlot): Promise<void> {
    slot.starts += 1;
    slot.generation = `${slot.name}#${slot.starts}`;
    const generation = slot.generation;
    const { child, ready, tail } = await startWorker(
      'app.worker.ts',
      {
        ...this.options.appEnv,
        GENERATION: generation,
        LEDGER_URL: this.options.ledgerUrlFor(slot.proxy.port),
      },
      this.log,
      generation,
    );
    child.once('exit', (code, signal) => {
      if (slot.child === child) {
        slot.child = null;
        slot.url = null;
      }
      if (this.ours.has(child) || this.stopping) return;
      this.crashes.push({ generation, at: Date.now(), code, signal, tail: tail.join('').slice(-1500) });
      // a supervisor brings a crashed instance back, as after a kill
      setTimeout(() => {
        if (slot.child === null && !this.stopping)
          this.restart(slot).catch((error: unknown) => this.log.write(`[harness] ${String(error)}\n`));
      }, 1000);
    });
    slot.child = child;
    slot.url = `http://127.0.0.1:${ready[0]}`;
  }

  /** kill -9, recording which orders were in flight there. */
  kill(slot: AppSlot): Kill | null {
    const child = slot.child;
    if (child === null) return null;
    this.ours.add(child);
    const kill: Kill = { generation: slot.generation, at: Date.now(), inFlight: [...slot.inFlight.keys()] };
    child.kill('SIGKILL');
    slot.child = null;
    slot.url = null;
    slot.inFlight.clear();
    this.kills.push(kill);
    return kill;
  }

  /** Starts the slot again (a supervisor's restart), retrying while its database path is down. */
  restart(slot: AppSlot): Promise<void> {
    if (slot.url !== null) return Promise.resolve();
    const running = this.restarting.get(slot);
    if (running !== undefined) return running;
    const task = this.relaunch(slot).finally(() => this.restarting.delete(slot));
    this.restarting.set(slot, task);
    return task;
  }

  private async relaunch(slot: AppSlot): Promise<void> {
    for (let tries = 1; ; tries += 1) {
      if (this.stopping) return;
      try {
        await this.launch(slot);
        this.restarts.push({ generation: slot.generation, at: Date.now(), tries });
        return;
      } catch (error) {
        this.log.write(`[harness] restart of ${slot.name} failed (try ${tries}): ${String(error)}\n`);
        if (tries >= 20) throw error;
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  /** Cuts (reset) or stalls (blackhole) one app's database path for `ms`, then lets it pass again. */
  async outage(slot: AppSlot, mode: Exclude<ProxyMode, 'pass'>, ms: number): Promise<void> {
    const outage: Outage = { app: slot.name, mode, start: Date.now(), end: Infinity };
    this.outages.push(outage);
    slot.proxy.setMode(mode);
    await new Promise((r) => setTimeout(r, ms));
    slot.proxy.setMode('pass');
    outage.end = Date.now();
  }

  /** RSS of every live app from /proc (works even when the app's event loop is stuck). */
  sampleRss(): void {
    for (const slot of this.apps) {
      const pid = slot.child?.pid;
      if (pid === undefined) continue;
      try {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
        slot.lastRssMb = Math.round(kb / 1024);
        slot.peakRssMb = Math.max(slot.peakRssMb, slot.lastRssMb);
      } catch {
        // exited between the check and the read
      }
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(
      this.apps.map(async (slot) => {
        const child = slot.child;
        if (child !== null) {
          this.ours.add(child);
          const exited = new Promise((r) => child.once('exit', r));
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
          await exited;
          clearTimeout(timer);
        }
        await slot.proxy.close();
      }),
    );
    await new Promise((r) => this.log.end(r));
  }
}

/** Receives the emulator's webhooks and forwards each to one live app (connection refused: the next one). */
export async function startWebhookRouter(
  cluster: Cluster,
  pick: (count: number) => number,
  basePath: string,
): Promise<{ url: string; forwarded: number; refused: number; close(): Promise<void> }> {
  const stats = { forwarded: 0, refused: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers))
          if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers[k] = v;
        const candidates = cluster.alive();
        const first = candidates.length === 0 ? 0 : pick(candidates.length);
        for (let i = 0; i < candidates.length; i += 1) {
          const app = candidates[(first + i) % candidates.length]!;
          if (app.url === null) continue;
          try {
            const answer = await fetch(`${app.url}${basePath}/webhook`, {
              method: 'POST',
              headers,
              body,
              signal: AbortSignal.timeout(9_000),
            });
            const text = await answer.text();
            stats.forwarded += 1;
            res.writeHead(answer.status, { 'content-type': 'application/json' }).end(text);
            return;
          } catch {
            // that app is down or hung: a load balancer tries the next one
          }
        }
        stats.refused += 1;
        res.writeHead(503).end();
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`,
    get forwarded() {
      return stats.forwarded;
    },
    get refused() {
      return stats.refused;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
