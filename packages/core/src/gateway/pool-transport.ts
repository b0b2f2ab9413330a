/**
 * The default transport: one keep-alive undici Pool per origin. undici (Node only: net, tls, async_hooks…)
 * is imported on the first request, through a specifier bundlers do not follow, so an app that passes
 * `gateway.fetch` never loads it and core bundles for a Web runtime. Where undici cannot be loaded (a
 * bundle shipped without node_modules, a Web runtime without `gateway.fetch`) the transport falls back to
 * the global `fetch` and says so once.
 */
import type { Pool } from 'undici';
import { createFetchTransport, type GatewayTransport } from './transport.js';

export interface PoolTransportOptions {
  /** sockets kept open to the gateway */
  connections?: number;
  keepAliveTimeoutMs?: number;
  /** how to load undici; default a dynamic `import('undici')` (tests swap it) */
  loadUndici?: () => Promise<{ Pool: typeof Pool }>;
  /** told once when undici could not be loaded and the global fetch is used; default console.warn */
  warn?: (message: string) => void;
}

/** `import(specifier)` with a specifier that is not a literal: esbuild, webpack and vite leave it alone. */
function importAtRunTime(specifier: string): Promise<unknown> {
  return import(/* webpackIgnore: true */ /* @vite-ignore */ specifier);
}

const loadUndiciPackage = async (): Promise<{ Pool: typeof Pool }> =>
  (await importAtRunTime('undici')) as { Pool: typeof Pool };

type Sender = GatewayTransport['send'];

/**
 * One pool per origin. Requests to another origin (never expected: the client has one base URL)
 * fall back to the global fetch rather than failing.
 */
export function createPoolTransport(baseUrl: string, options: PoolTransportOptions = {}): GatewayTransport {
  const origin = new URL(baseUrl).origin;
  const originSlash = `${origin}/`;
  const fallback = createFetchTransport((input, init) => globalThis.fetch(input, init));
  let pool: Pool | null = null;
  let sender: Promise<Sender> | null = null;

  const poolSender = (PoolClass: typeof Pool): Sender => {
    return async (request) => {
      // the client's URLs start with the origin it was made for: the path is the rest, no parse needed
      let path: string;
      if (request.url.startsWith(originSlash)) path = request.url.slice(origin.length);
      else {
        const url = new URL(request.url);
        if (url.origin !== origin) return fallback.send(request);
        path = url.pathname + url.search;
      }
      pool ??= new PoolClass(origin, {
        connections: options.connections ?? 64,
        keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
        // our own AbortSignal carries the per-call timeout; these only stop a socket that hangs forever
        headersTimeout: 0,
        bodyTimeout: 0,
      });
      const response = await pool.request({
        path,
        method: request.method,
        headers: request.headers,
        body: request.body ?? null,
        signal: request.signal,
      });
      return { status: response.statusCode, body: await response.body.text() };
    };
  };

  const load = (): Promise<Sender> =>
    (options.loadUndici ?? loadUndiciPackage)().then(
      (undici) => poolSender(undici.Pool),
      (error: unknown) => {
        (options.warn ?? console.warn)(
          `tosskit: could not load undici (${error instanceof Error ? error.message : String(error)}), so gateway calls use the global fetch. ` +
            'On Node.js, keep undici installed (a dependency of @tosskit/core) and do not bundle it away; on a Web runtime pass gateway: { fetch: globalThis.fetch } to the handler.',
        );
        return fallback.send;
      },
    );

  return {
    async send(request) {
      sender ??= load();
      return (await sender)(request);
    },
    async close() {
      const current = pool;
      pool = null;
      if (current !== null) await current.close();
    },
  };
}
