/**
 * A TCP proxy between a client and a real server (PostgreSQL in the ledger tests and the chaos run), whose
 * path can be broken the ways networks break:
 *
 * - `pass`: bytes flow both ways (the default);
 * - `reset`: every open connection is destroyed (the client sees ECONNRESET) and new ones are refused at once;
 * - `blackhole`: connections stay open but nothing flows either way, new ones are accepted and hang
 *   (a half-open path: no reset, no answer, the case that makes an unbounded client wait forever).
 *
 * No mock of any driver: the client speaks its real protocol to the real server through here.
 */
import net from 'node:net';

export type ProxyMode = 'pass' | 'reset' | 'blackhole';

export interface TcpProxy {
  /** the port clients connect to (127.0.0.1) */
  readonly port: number;
  readonly mode: ProxyMode;
  /** change how the path behaves from now on; `reset` and `blackhole` also act on open connections */
  setMode(mode: ProxyMode): void;
  /** connections accepted since start */
  readonly accepted: number;
  close(): Promise<void>;
}

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
  /** forwarding stopped by a black hole: such a connection never carries bytes again */
  stalled: boolean;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: ProxyMode = 'pass';
  let accepted = 0;
  const pairs = new Set<Pair>();
  /** sockets held open without forwarding while black-holed */
  const held = new Set<net.Socket>();

  function destroyPair(pair: Pair): void {
    pairs.delete(pair);
    pair.client.destroy();
    pair.upstream.destroy();
  }

  function connect(client: net.Socket): void {
    const upstream = net.connect(target.port, target.host);
    const pair: Pair = { client, upstream, stalled: false };
    pairs.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => destroyPair(pair);
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  }

  const server = net.createServer((client) => {
    accepted += 1;
    client.setNoDelay(true);
    if (mode === 'reset') {
      client.resetAndDestroy();
      return;
    }
    if (mode === 'blackhole') {
      held.add(client);
      client.on('error', () => held.delete(client)).on('close', () => held.delete(client));
      // read and drop: the client's writes succeed, no answer ever comes
      client.on('data', () => undefined);
      return;
    }
    connect(client);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    get mode() {
      return mode;
    },
    get accepted() {
      return accepted;
    },
    setMode(next) {
      mode = next;
      if (next === 'reset') {
        for (const pair of [...pairs]) {
          pair.client.resetAndDestroy();
          destroyPair(pair);
        }
        for (const socket of [...held]) socket.resetAndDestroy();
        held.clear();
      } else if (next === 'blackhole') {
        for (const pair of pairs) {
          if (pair.stalled) continue;
          pair.stalled = true;
          // stop forwarding both ways; keep both sockets open and drain what arrives
          pair.client.unpipe(pair.upstream);
          pair.upstream.unpipe(pair.client);
          pair.client.on('data', () => undefined);
          pair.upstream.on('data', () => undefined);
        }
      } else {
        // back to pass: black-holed connections never recover (as after a real partition), new ones flow
        for (const socket of [...held]) socket.destroy();
        held.clear();
        for (const pair of [...pairs]) {
          if (pair.stalled) destroyPair(pair);
        }
      }
    },
    async close() {
      for (const pair of [...pairs]) destroyPair(pair);
      for (const socket of [...held]) socket.destroy();
      held.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
