/**
 * How the gateway client puts bytes on the wire. The default is a keep-alive undici Pool: on this
 * machine it carries about twice the confirms per second of the global `fetch` (ARCHITECTURE.md,
 * "Performance"). Tests and exotic runtimes inject a `fetch` instead.
 */
import { Pool } from 'undici';

export type GatewayMethod = 'GET' | 'POST' | 'DELETE';

export interface GatewayTransportRequest {
  method: GatewayMethod;
  /** absolute URL */
  url: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

export interface GatewayTransportResponse {
  status: number;
  body: string;
}

export interface GatewayTransport {
  send(request: GatewayTransportRequest): Promise<GatewayTransportResponse>;
  close(): Promise<void>;
}

/** A fetch the gateway client may use instead of the global one. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export function createFetchTransport(fetchImpl: FetchLike): GatewayTransport {
  return {
    async send(request) {
      const init: RequestInit = { method: request.method, headers: request.headers, signal: request.signal };
      if (request.body !== undefined) init.body = request.body;
      const response = await fetchImpl(request.url, init);
      return { status: response.status, body: await response.text() };
    },
    async close() {},
  };
}

export interface PoolTransportOptions {
  /** sockets kept open to the gateway */
  connections?: number;
  keepAliveTimeoutMs?: number;
}

/**
 * One pool per origin. Requests to another origin (never expected: the client has one base URL)
 * fall back to the global fetch rather than failing.
 */
export function createPoolTransport(baseUrl: string, options: PoolTransportOptions = {}): GatewayTransport {
  const origin = new URL(baseUrl).origin;
  let pool: Pool | null = null;
  const getPool = (): Pool => {
    pool ??= new Pool(origin, {
      connections: options.connections ?? 64,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
      // our own AbortSignal carries the per-call timeout; these only stop a socket that hangs forever
      headersTimeout: 0,
      bodyTimeout: 0,
    });
    return pool;
  };
  const fallback = createFetchTransport(globalThis.fetch.bind(globalThis));

  return {
    async send(request) {
      const url = new URL(request.url);
      if (url.origin !== origin) return fallback.send(request);
      const response = await getPool().request({
        path: url.pathname + url.search,
        method: request.method,
        headers: request.headers,
        body: request.body ?? null,
        signal: request.signal,
      });
      return { status: response.statusCode, body: await response.body.text() };
    },
    async close() {
      const current = pool;
      pool = null;
      if (current !== null) await current.close();
    },
  };
}
