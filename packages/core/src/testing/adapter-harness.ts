/**
 * What the adapter conformance and fuzz suites share: the options an adapter passes, the harness (the
 * emulator, the shop's orders, the handler options), servers on port 0, role tokens and raw body senders.
 */
import { once } from 'node:events';
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import type { TossPaymentsOptions } from '../http/index.js';
import { createMemoryLedger, type Ledger } from '../ledger/index.js';
import { createCollectingLogger, type CollectingLogger } from './collecting-logger.js';

/** What `createServer` gets for one configuration of the suite. */
export interface AdapterServerOptions {
  /** Pass these, unchanged, to the adapter's `tossPayments(options)`. */
  payments: TossPaymentsOptions;
  /** Mount the middleware under this prefix ('' = at the root). */
  mountPath: string;
  /** Run the framework's JSON and urlencoded body parsers before the middleware. */
  bodyParser: boolean;
  /**
   * With `bodyParser`, asked for by the signed-webhook case: `'keep'` = a JSON parser that keeps the body's
   * exact bytes where tosskit looks (Express `express.json({ verify })` setting `req.rawBody`, Koa
   * `ctx.request.rawBody` as @koa/bodyparser sets it); `'drop'` = a JSON parser that keeps only the parsed
   * value (plain `express.json()`, a Koa parser without `rawBody`). Absent: the framework's usual parser.
   */
  rawBody?: 'keep' | 'drop';
}

/** The part of `@tosskit/emulator` the suite drives (structural, so core does not depend on the emulator). */
export interface ConformanceEmulator {
  url: string;
  keys: { secretKey: string; clientKey: string };
  control: {
    authorizePayment(input: {
      orderId: string;
      amount: number;
      orderName?: string;
    }): Promise<{ paymentKey: string }>;
    getPayment(paymentKeyOrOrderId: string): { status: string; balanceAmount?: number } | undefined;
    cancel(paymentKeyOrOrderId: string, input?: { cancelReason?: string }): Promise<unknown>;
    requests(filter?: { method?: string; path?: string }): { method: string; path: string; status: number }[];
  };
  close(): Promise<void>;
}

export interface AdapterConformanceOptions {
  /** Shown in the suite's title, e.g. 'Express 5'. */
  name: string;
  /**
   * Builds the app for one configuration and returns its request listener (an Express app, `koa.callback()`).
   * After the middleware, the app must answer every request it passes on with 200 and `shop:<full path>`.
   */
  createServer(options: AdapterServerOptions): RequestListener | Promise<RequestListener>;
  /** Starts the emulator; default `createEmulator()` from `@tosskit/emulator`. */
  createEmulator?: () => Promise<ConformanceEmulator>;
  /** Which configurations to run; default all four (root and '/shop', with and without a body parser). */
  configurations?: { mountPath: string; bodyParser: boolean }[];
  /**
   * The adapter reads the body before any of the framework's parsers (Fastify's `onRequest` hook), so no
   * parser can drop the raw bytes: the "parser that drops the raw body" case then expects a verified webhook.
   */
  readsBodyBeforeParsers?: boolean;
}

/** The security key (64 hex characters) the signed-webhook case configures, in this suite only. */
export const CONFORMANCE_SECURITY_KEY = 'c0ffee00112233445566778899aabbccddeeff00112233445566778899aabbcc';

/** An HS256 secret for the cancel route's role tokens, in this suite only. */
export const CONFORMANCE_JWT_SECRET = 'tosskit-conformance-jwt-secret-0123456789abcdef';

/**
 * Imports a package only the tests need (the emulator, fast-check). The name comes in as a parameter so
 * bundlers cannot resolve it at build time and inline the package into core's `testing` entry.
 */
export async function importAtRunTime<T>(name: string): Promise<T> {
  return (await import(/* @vite-ignore */ name)) as T;
}

export async function loadEmulator(): Promise<ConformanceEmulator> {
  const module = await importAtRunTime<{ createEmulator(): Promise<ConformanceEmulator> }>(
    '@tosskit/emulator',
  );
  return module.createEmulator();
}

export interface ConformanceHarness {
  emulator: ConformanceEmulator;
  ledger: Ledger;
  /** the handler's logger: warnings kept here, errors also printed (see createCollectingLogger) */
  logger: CollectingLogger;
  /** orders the shop knows: orderLookup answers from here */
  orders: Map<string, { amount: number; orderName: string; payable: boolean }>;
  payments: TossPaymentsOptions;
}

/** Emulator + ledger + the options a test shop passes; shared by the conformance and fuzz suites. */
export function createConformanceHarness(emulator: ConformanceEmulator): ConformanceHarness {
  const ledger = createMemoryLedger();
  const logger = createCollectingLogger();
  const orders = new Map<string, { amount: number; orderName: string; payable: boolean }>();
  const payments = {
    logger,
    secretKey: emulator.keys.secretKey,
    clientKey: emulator.keys.clientKey,
    apiBaseUrl: emulator.url,
    ledger,
    orderLookup: (orderId: string) => orders.get(orderId) ?? null,
    redirects: { success: '/orders/:orderId', fail: '/checkout/fail' },
    jwt: { secret: CONFORMANCE_JWT_SECRET },
  } as TossPaymentsOptions;
  return { emulator, ledger, logger, orders, payments };
}

/** Starts a request listener on 127.0.0.1, port 0. */
export async function listenOnFreePort(listener: RequestListener): Promise<{ url: string; server: Server }> {
  const server = createHttpServer(listener);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

export async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

let orderCounter = 0;
/** A fresh order id the gateway accepts (6-64 of [A-Za-z0-9-_=]). */
export function newOrderId(prefix = 'conf'): string {
  orderCounter += 1;
  return `${prefix}-${Date.now().toString(36)}-${orderCounter}-${Math.random().toString(36).slice(2, 8)}`;
}

export async function roleToken(role: string, secret = CONFORMANCE_JWT_SECRET): Promise<string> {
  return new SignJWT({ role })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('conformance-admin')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(secret));
}

export const HANGUL = /[\uac00-\ud7a3]/;

/** The handler's default `bodyLimit` (64 KB): the conformance shop does not change it. */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

/**
 * POSTs `bytes` of a body and never finishes it (chunked, or under a `declaredLength` that is never
 * reached), then waits for the answer. An answer can only come if the server stopped reading early:
 * a server that reads the whole body would wait for the rest until `timeoutMs` and fail.
 */
export async function sendUnfinishedBody(
  origin: string,
  path: string,
  options: { bytes: number; declaredLength?: number; timeoutMs?: number },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { request } = await import('node:http');
  const { hostname, port } = new URL(origin);
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (options.declaredLength !== undefined) headers['content-length'] = String(options.declaredLength);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request({ host: hostname, port, method: 'POST', path, headers }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        req.destroy();
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
      });
      res.on('error', reject);
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(
        new Error(
          `no answer to ${path} within ${options.timeoutMs ?? 5000} ms while its body was still open: the server waits for the whole body`,
        ),
      );
    }, options.timeoutMs ?? 5000);
    // the server closes the connection after its 413: a write racing that close may fail, the answer counts
    req.on('error', (error) => {
      if (answered) return;
      clearTimeout(timer);
      reject(error);
    });
    req.flushHeaders();
    if (options.bytes > 0) req.write(`{"orderId":"${'a'.repeat(Math.max(0, options.bytes - 14))}"`);
  });
}

/** What a client that sent a whole large body saw. */
export interface LargeBodyAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** the error code the client's socket raised before it was done (EPIPE, ECONNRESET…), or null */
  clientError: string | null;
  /** every byte of the body was handed to the socket */
  sentAll: boolean;
}

/**
 * POSTs a whole body of `bytes` bytes the way an ordinary client does: chunked, or under a Content-Length
 * that is then honoured, written 64 KiB at a time with backpressure, reading the answer meanwhile. Resolves
 * once the answer is complete and the connection is over (or after `timeoutMs`); any socket error the
 * client met on the way (EPIPE, ECONNRESET) is reported in `clientError`, not thrown.
 */
export async function sendLargeBody(
  origin: string,
  path: string,
  options: {
    bytes: number;
    chunked: boolean;
    /** default POST */
    method?: string;
    timeoutMs?: number;
    headers?: Record<string, string>;
  },
): Promise<LargeBodyAnswer> {
  const { request } = await import('node:http');
  const { hostname, port } = new URL(origin);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json',
    ...options.headers,
  };
  if (!options.chunked) headers['content-length'] = String(options.bytes);
  const timeoutMs = options.timeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    let answer: { status: number; headers: LargeBodyAnswer['headers']; body: string } | null = null;
    let clientError: string | null = null;
    let sentAll = false;
    let closed = false;
    const finish = (): void => {
      if (answer === null || !closed) return;
      clearTimeout(timer);
      resolve({ ...answer, clientError, sentAll });
    };
    const method = options.method ?? 'POST';
    const req = request({ host: hostname, port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        answer = {
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        finish();
      });
      res.on('error', (error: NodeJS.ErrnoException) => {
        clientError ??= error.code ?? error.message;
      });
    });
    const timer = setTimeout(() => {
      req.destroy();
      if (answer !== null) resolve({ ...answer, clientError: clientError ?? 'TIMEOUT', sentAll });
      else
        reject(
          new Error(`no complete answer to ${path} within ${timeoutMs} ms (client error: ${clientError})`),
        );
    }, timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) => {
      clientError ??= error.code ?? error.message;
      if (answer === null && closed) {
        clearTimeout(timer);
        reject(new Error(`no answer to ${path}: ${clientError}`));
      }
    });
    req.on('close', () => {
      closed = true;
      if (answer === null) {
        // give a response already on the wire a moment to be parsed
        setTimeout(() => {
          if (answer !== null) return finish();
          clearTimeout(timer);
          reject(
            new Error(`the connection closed without an answer to ${path} (client error: ${clientError})`),
          );
        }, 50);
        return;
      }
      finish();
    });
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let left = options.bytes;
    const write = (): void => {
      while (left > 0) {
        if (req.destroyed) return;
        const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
        left -= piece.length;
        if (!req.write(piece)) {
          req.once('drain', write);
          return;
        }
      }
      req.end(() => {
        sentAll = true;
      });
    };
    write();
  });
}

/** Registers the adapter conformance suite (vitest `describe`/`it`) for one adapter. */
