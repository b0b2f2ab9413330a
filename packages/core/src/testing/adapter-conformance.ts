/**
 * The conformance suite every framework adapter runs: a real server on port 0, the real emulator, and the
 * same HTTP behaviour asserted for each. An adapter's test file is a few lines:
 *
 * @example
 * runAdapterConformance({
 *   name: 'Express 5',
 *   createServer({ payments, mountPath, bodyParser }) {
 *     const app = express();
 *     if (bodyParser) app.use(express.json(), express.urlencoded({ extended: false }));
 *     app.use(mountPath || '/', tossPayments(payments));
 *     app.use((req, res) => res.send(`shop:${req.originalUrl}`));
 *     return app;
 *   },
 * });
 */
import { once } from 'node:events';
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TossPaymentsOptions } from '../http/index.js';
import { signWebhook } from '../flows/webhook-signature.js';
import { createMemoryLedger, type Ledger } from '../ledger/index.js';
import { PAYOUT_CHANGED_WEBHOOK } from './fixtures.js';
import { createCollectingLogger, type CollectingLogger } from './collecting-logger.js';
import { hostileIdRequests, type HostileIdContext } from './hostile-ids.js';

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
}

/** The security key (64 hex characters) the signed-webhook case configures, in this suite only. */
export const CONFORMANCE_SECURITY_KEY = 'c0ffee00112233445566778899aabbccddeeff00112233445566778899aabbcc';

/** An HS256 secret for the cancel route's role tokens, in this suite only. */
export const CONFORMANCE_JWT_SECRET = 'tosskit-conformance-jwt-secret-0123456789abcdef';

/**
 * Imports a package only the tests need (the emulator, fast-check). The name comes in as a parameter so
 * bundlers cannot resolve it at build time and inline the package into core's `testing` entry.
 */
async function importAtRunTime<T>(name: string): Promise<T> {
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

const HANGUL = /[\uac00-\ud7a3]/;

/** The handler's default `bodyLimit` (64 KB): the conformance shop does not change it. */
const DEFAULT_BODY_LIMIT = 64 * 1024;

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
export function runAdapterConformance(options: AdapterConformanceOptions): void {
  const configurations = options.configurations ?? [
    { mountPath: '', bodyParser: false },
    { mountPath: '', bodyParser: true },
    { mountPath: '/shop', bodyParser: false },
    { mountPath: '/shop', bodyParser: true },
  ];

  describe(`adapter conformance: ${options.name}`, () => {
    let harness: ConformanceHarness;
    const seenResponses: string[] = [];

    beforeAll(async () => {
      harness = createConformanceHarness(await (options.createEmulator ?? loadEmulator)());
    });
    afterAll(async () => {
      await harness?.emulator.close();
    });

    for (const { mountPath, bodyParser } of configurations) {
      describe(`mounted at '${mountPath || '/'}', ${bodyParser ? 'after' : 'without'} a body parser`, () => {
        let origin = '';
        let server: Server | undefined;
        const base = `${mountPath}/payments`;

        beforeAll(async () => {
          const listener = await options.createServer({ payments: harness.payments, mountPath, bodyParser });
          ({ url: origin, server } = await listenOnFreePort(listener));
        });
        afterAll(async () => {
          if (server) await closeServer(server);
        });

        /** fetch that never follows redirects and records every answer for the secret-key check */
        async function call(path: string, init: RequestInit = {}) {
          const response = await fetch(`${origin}${path}`, { redirect: 'manual', ...init });
          const text = await response.text();
          const headerText = [...response.headers].map(([k, v]) => `${k}: ${v}`).join('\n');
          seenResponses.push(`${headerText}\n\n${text}`);
          expect(text).not.toContain(harness.payments.secretKey);
          expect(headerText).not.toContain(harness.payments.secretKey);
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          return {
            status: response.status,
            headers: response.headers,
            text,
            json: json as Record<string, unknown>,
          };
        }

        async function authorized(amount = 15_000) {
          const orderId = newOrderId();
          harness.orders.set(orderId, { amount, orderName: '티셔츠 외 2건', payable: true });
          const { paymentKey } = await harness.emulator.control.authorizePayment({
            orderId,
            amount,
            orderName: '티셔츠 외 2건',
          });
          return { orderId, paymentKey, amount };
        }

        async function confirmed(amount = 15_000) {
          const payment = await authorized(amount);
          const res = await call(`${base}/confirm`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/json' },
            body: JSON.stringify(payment),
          });
          expect(res.status).toBe(200);
          return payment;
        }

        const confirmsAtGateway = () =>
          harness.emulator.control.requests({ method: 'POST', path: '/v1/payments/confirm' }).length;

        it('passes requests outside its base path on to the app', async () => {
          const res = await call(`${mountPath}/cart?x=1`);
          expect(res.status).toBe(200);
          expect(res.text).toBe(`shop:${mountPath}/cart?x=1`);
          const near = await call(`${mountPath}/paymentsx`);
          expect(near.text).toBe(`shop:${mountPath}/paymentsx`);
        });

        it('success route: confirms, redirects to the shop page, and the payment is DONE at the gateway', async () => {
          const { orderId, paymentKey, amount } = await authorized();
          const before = confirmsAtGateway();
          const res = await call(
            `${base}/success?paymentType=NORMAL&orderId=${orderId}&paymentKey=${paymentKey}&amount=${amount}`,
          );
          expect([302, 303]).toContain(res.status);
          const location = new URL(res.headers.get('location') ?? '', origin);
          expect(location.pathname).toBe(`${mountPath}/orders/${orderId}`);
          expect(harness.emulator.control.getPayment(paymentKey)?.status).toBe('DONE');
          expect(confirmsAtGateway()).toBe(before + 1);
          expect((await harness.ledger.getPayment(paymentKey))?.status).toBe('DONE');
        });

        it('success route: a tampered amount gets a 4xx in Korean, nothing reaches the gateway', async () => {
          const { orderId, paymentKey, amount } = await authorized(15_000);
          const before = confirmsAtGateway();
          const res = await call(
            `${base}/success?orderId=${orderId}&paymentKey=${paymentKey}&amount=${amount - 14_000}`,
            {
              headers: { accept: 'application/json' },
            },
          );
          expect(res.status).toBeGreaterThanOrEqual(400);
          expect(res.status).toBeLessThan(500);
          expect(res.json.code).toBe('AMOUNT_MISMATCH');
          expect(String(res.json.message)).toMatch(HANGUL);
          expect(confirmsAtGateway()).toBe(before);
          expect(harness.emulator.control.getPayment(paymentKey)?.status).toBe('IN_PROGRESS');
          expect(await harness.ledger.getPayment(paymentKey)).toBeNull();
        });

        it('confirm route (JSON): a tampered amount is refused in English on Accept-Language: en', async () => {
          const { orderId, paymentKey } = await authorized(15_000);
          const before = confirmsAtGateway();
          const res = await call(`${base}/confirm`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'accept-language': 'en-US,en;q=0.9' },
            body: JSON.stringify({ orderId, paymentKey, amount: 100 }),
          });
          expect(res.status).toBe(400);
          expect(res.json.code).toBe('AMOUNT_MISMATCH');
          expect(String(res.json.message)).not.toMatch(HANGUL);
          expect(String(res.json.message)).toMatch(/amount/i);
          expect(confirmsAtGateway()).toBe(before);
        });

        it('confirm route (JSON): confirms once and answers the payment', async () => {
          const { orderId, paymentKey, amount } = await authorized(32_000);
          const res = await call(`${base}/confirm`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ paymentKey, orderId, amount }),
          });
          expect(res.status).toBe(200);
          expect(res.text).toContain(paymentKey);
          expect(res.text).toContain('DONE');
          expect(harness.emulator.control.getPayment(paymentKey)?.status).toBe('DONE');
          const afterFirst = confirmsAtGateway();
          const again = await call(`${base}/confirm`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ paymentKey, orderId, amount }),
          });
          // a repeat (double click, refresh) is answered from the ledger: no second confirm at the gateway
          expect(again.status).toBe(200);
          expect(again.text).toContain(paymentKey);
          expect(confirmsAtGateway()).toBe(afterFirst);
        });

        it('confirm route (JSON): ten concurrent confirms of one order reach the gateway once and agree', async () => {
          const { orderId, paymentKey, amount } = await authorized(41_000);
          const before = confirmsAtGateway();
          const answers = await Promise.all(
            Array.from({ length: 10 }, () =>
              call(`${base}/confirm`, {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({ paymentKey, orderId, amount }),
              }),
            ),
          );
          expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
          expect(new Set(answers.map((a) => `${a.json.paymentKey}:${a.json.status}`))).toEqual(
            new Set([`${paymentKey}:DONE`]),
          );
          expect(confirmsAtGateway()).toBe(before + 1);
        });

        it('fail route: records the failure and redirects to the fail page with the code', async () => {
          const orderId = newOrderId();
          harness.orders.set(orderId, { amount: 5_000, orderName: '양말', payable: true });
          const res = await call(
            `${base}/fail?code=PAY_PROCESS_CANCELED&message=${encodeURIComponent('사용자에 의해 결제가 취소되었습니다.')}&orderId=${orderId}`,
          );
          expect([302, 303]).toContain(res.status);
          const location = new URL(res.headers.get('location') ?? '', origin);
          expect(location.pathname).toBe(`${mountPath}/checkout/fail`);
          expect(location.searchParams.get('code')).toBe('PAY_PROCESS_CANCELED');
          expect((await harness.ledger.getOrderFailure(orderId))?.code).toBe('PAY_PROCESS_CANCELED');
        });

        it('cancel route: refused without a role token, done with an owner token', async () => {
          const { paymentKey } = await confirmed(20_000);
          const body = JSON.stringify({ cancelReason: '고객 변심', cancelAmount: 5_000 });
          const headers = { 'content-type': 'application/json' };
          const anonymous = await call(`${base}/payments/${paymentKey}/cancel`, {
            method: 'POST',
            headers,
            body,
          });
          expect([401, 403]).toContain(anonymous.status);
          const customer = await call(`${base}/payments/${paymentKey}/cancel`, {
            method: 'POST',
            headers: { ...headers, authorization: `Bearer ${await roleToken('customer')}` },
            body,
          });
          expect([401, 403]).toContain(customer.status);
          expect(harness.emulator.control.getPayment(paymentKey)?.status).toBe('DONE');

          const owner = await call(`${base}/payments/${paymentKey}/cancel`, {
            method: 'POST',
            headers: { ...headers, authorization: `Bearer ${await roleToken('owner')}` },
            body,
          });
          expect(owner.status).toBe(200);
          expect(harness.emulator.control.getPayment(paymentKey)?.status).toBe('PARTIAL_CANCELED');
          expect((await harness.ledger.getPayment(paymentKey))?.balanceAmount).toBe(15_000);
        });

        it('webhook route: a status change is applied from the gateway’s own answer; an unknown payment changes nothing', async () => {
          const { paymentKey, orderId } = await confirmed(12_000);
          await harness.emulator.control.cancel(paymentKey, { cancelReason: '관리자 취소' });
          // the body claims DONE (stale); the handler must re-fetch and record what the gateway says
          const stale = {
            eventType: 'PAYMENT_STATUS_CHANGED',
            createdAt: '2026-01-01T00:00:00.000000',
            data: { paymentKey, orderId, status: 'DONE' },
          };
          const res = await call(`${base}/webhook`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(stale),
          });
          expect(res.status).toBe(200);
          expect((await harness.ledger.getPayment(paymentKey))?.status).toBe('CANCELED');

          const forged = await call(`${base}/webhook`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              ...stale,
              data: { paymentKey: 'tgen_forged_unknown_payment_key', orderId, status: 'DONE' },
            }),
          });
          expect(forged.status).toBeGreaterThanOrEqual(400);
          expect(forged.status).toBeLessThan(500);
          expect(await harness.ledger.getPayment('tgen_forged_unknown_payment_key')).toBeNull();
        });

        it('hostile ids (NUL, lone surrogate, 10,000 characters) on every route: 400 with the field’s code, never a 5xx, the gateway not asked', async () => {
          const known: HostileIdContext = {
            paymentKey: 'tgen_conformance_well_formed_1',
            orderId: newOrderId(),
            receiptKey: 'rcpt_conformance_well_formed_1',
            customerKey: 'cus_conformance_1',
            authorization: `Bearer ${await roleToken('owner')}`,
          };
          const before = harness.emulator.control.requests().length;
          for (const value of ['order\u0000nul', 'order-\uD800-lone', 'x'.repeat(10_000)]) {
            for (const request of hostileIdRequests(known, value)) {
              const res = await call(`${base}${request.path}`, {
                method: request.method,
                headers: request.headers,
                ...(request.body === undefined ? {} : { body: request.body }),
              });
              const label = `${request.label} ${JSON.stringify(value).slice(0, 20)}`;
              if (request.code === null) expect([label, res.status]).toEqual([label, 200]);
              else expect([label, res.status, res.json?.code]).toEqual([label, 400, request.code]);
            }
          }
          expect(harness.emulator.control.requests().length).toBe(before);
        });

        // a body parser in front reads the body itself (with its own limit); only without one is every byte ours
        if (!bodyParser) {
          it('a body over the handler’s bodyLimit gets 413 PAYLOAD_TOO_LARGE before the rest of it is read', async () => {
            const before = confirmsAtGateway();
            const chunked = await sendUnfinishedBody(origin, `${base}/confirm`, {
              bytes: DEFAULT_BODY_LIMIT + 4096,
            });
            expect(chunked.status).toBe(413);
            expect(JSON.parse(chunked.body)).toMatchObject({
              code: 'PAYLOAD_TOO_LARGE',
              details: { limit: DEFAULT_BODY_LIMIT },
            });
            expect(chunked.headers['connection']).toBe('close');
            // declared too large: refused on the header alone, before a single body byte
            const declared = await sendUnfinishedBody(origin, `${base}/webhook`, {
              bytes: 0,
              declaredLength: DEFAULT_BODY_LIMIT + 1,
            });
            expect(declared.status).toBe(413);
            expect(JSON.parse(declared.body)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
            expect(confirmsAtGateway()).toBe(before);
            // a body under the limit still goes through to the handler
            const under = await call(`${base}/confirm`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ orderId: 'x'.repeat(DEFAULT_BODY_LIMIT - 1024) }),
            });
            expect(under.status).toBe(400);
            expect(under.json.code).not.toBe('PAYLOAD_TOO_LARGE');
          });

          it('a whole 5 MB body, chunked or with Content-Length, gets the 413 answer: no EPIPE, no reset', async () => {
            const before = confirmsAtGateway();
            for (const chunked of [true, false]) {
              const answer = await sendLargeBody(origin, `${base}/confirm`, {
                bytes: 5 * 1024 * 1024,
                chunked,
              });
              expect([answer.status, answer.clientError], `chunked: ${chunked}`).toEqual([413, null]);
              expect(answer.headers['connection']).toBe('close');
              expect(JSON.parse(answer.body)).toMatchObject({
                code: 'PAYLOAD_TOO_LARGE',
                details: { limit: DEFAULT_BODY_LIMIT },
              });
              expect(answer.body).toMatch(HANGUL);
            }
            expect(confirmsAtGateway()).toBe(before);
          });
        }

        it('payment route: the ledger’s view for an operator; for anyone else the 404 of an unknown payment', async () => {
          const { paymentKey } = await confirmed(9_000);
          const res = await call(`${base}/payments/${paymentKey}`, {
            headers: { accept: 'application/json', authorization: `Bearer ${await roleToken('owner')}` },
          });
          expect(res.status).toBe(200);
          expect(res.text).toContain(paymentKey);
          const missing = await call(`${base}/payments/tgen_nobody_knows_this_key`, {
            headers: { 'accept-language': 'en' },
          });
          expect(missing.status).toBe(404);
          expect(String(missing.json.message)).not.toMatch(HANGUL);
          // holding a real paymentKey (it is in the success URL) shows nothing
          const anonymous = await call(`${base}/payments/${paymentKey}`, {
            headers: { 'accept-language': 'en' },
          });
          expect({ status: anonymous.status, body: anonymous.json }).toEqual({
            status: missing.status,
            body: missing.json,
          });
        });
      });
    }

    describe('signed webhooks (payout.changed) and body parsers', () => {
      const variants = [
        { label: 'without a body parser', bodyParser: false, verified: true },
        {
          label: 'after a JSON parser that keeps the raw body',
          bodyParser: true,
          rawBody: 'keep' as const,
          verified: true,
        },
        {
          label: 'after a JSON parser that drops the raw body',
          bodyParser: true,
          rawBody: 'drop' as const,
          verified: false,
        },
      ];
      for (const variant of variants) {
        it(`${variant.label}: ${variant.verified ? 'verified and applied once' : '400 RAW_BODY_REQUIRED naming the fix, logged, no hook'}`, async () => {
          const logger = createCollectingLogger({ echoErrors: null });
          const payouts: string[] = [];
          const payments: TossPaymentsOptions = {
            ...harness.payments,
            logger,
            securityKey: CONFORMANCE_SECURITY_KEY,
            onPayoutChanged: (payout) => void payouts.push(payout.id),
          };
          const listener = await options.createServer({
            payments,
            mountPath: '',
            bodyParser: variant.bodyParser,
            ...(variant.rawBody === undefined ? {} : { rawBody: variant.rawBody }),
          });
          const { url, server } = await listenOnFreePort(listener);
          try {
            const event = { ...PAYOUT_CHANGED_WEBHOOK, eventId: `evt_${newOrderId('conf')}` };
            // the bytes as the gateway sends them need not be JSON.stringify's: a parser's re-encoding differs
            const rawBody = JSON.stringify(event, null, 2);
            const time = new Date().toISOString();
            const headers = {
              'content-type': 'application/json',
              'tosspayments-webhook-transmission-time': time,
              'tosspayments-webhook-signature': signWebhook(rawBody, time, CONFORMANCE_SECURITY_KEY),
            };
            const post = (extra: Record<string, string> = {}) =>
              fetch(`${url}/payments/webhook`, {
                method: 'POST',
                headers: { ...headers, ...extra },
                body: rawBody,
              });
            const first = await post();
            const body = (await first.json()) as Record<string, unknown>;
            if (variant.verified) {
              expect(first.status).toBe(200);
              expect(body).toEqual({ ok: true, outcome: 'applied' });
              expect(payouts).toEqual([event.entityBody.id]);
              expect(logger.entries.filter((e) => e.level === 'error')).toEqual([]);
              return;
            }
            expect(first.status).toBe(400);
            expect(body.code).toBe('RAW_BODY_REQUIRED');
            expect(String(body.message)).toMatch(HANGUL);
            expect(String(body.message)).toContain('express.json()');
            const english = await post({ 'accept-language': 'en' });
            const englishBody = (await english.json()) as Record<string, unknown>;
            expect(english.status).toBe(400);
            expect(englishBody.code).toBe('RAW_BODY_REQUIRED');
            expect(String(englishBody.message)).toMatch(/mount tosskit before express\.json\(\)/);
            expect(String(englishBody.message)).toMatch(/Koa/);
            expect(String(englishBody.message)).toMatch(/rawBody/);
            expect(String(englishBody.message)).not.toMatch(/securityKey is the security key/);
            expect(payouts).toEqual([]);
            const errors = logger.entries.filter((e) => e.level === 'error');
            expect(errors).toHaveLength(2);
            expect(errors[0]!.fields).toMatchObject({ code: 'RAW_BODY_REQUIRED', kind: 'PAYOUT_CHANGED' });
            expect(errors[0]!.message).toMatch(/express\.json\(\).*Koa/);
            expect(JSON.stringify(logger.entries)).not.toContain(CONFORMANCE_SECURITY_KEY);
          } finally {
            await closeServer(server);
          }
        });
      }
    });

    it('no response carried the secret key', () => {
      expect(seenResponses.length).toBeGreaterThan(0);
      for (const text of seenResponses) expect(text).not.toContain(harness.payments.secretKey);
    });
  });
}

export interface AdapterFuzzOptions {
  name: string;
  createServer: AdapterConformanceOptions['createServer'];
  createEmulator?: AdapterConformanceOptions['createEmulator'];
  /** random requests per route (default 150) */
  runs?: number;
  /** default: under '/shop' without a body parser, so every byte reaches the adapter */
  configuration?: { mountPath: string; bodyParser: boolean };
  /** fixed seed to replay a failure (fast-check prints it) */
  seed?: number;
}

/**
 * Every route of the handler (create-payment-handler.ts's route table), with a `:key` placeholder for a
 * paymentKey, or a cash receipt's receiptKey under /cash-receipts.
 */
export const FUZZ_ROUTES = [
  { method: 'POST', path: '/checkout' },
  { method: 'GET', path: '/success' },
  { method: 'GET', path: '/fail' },
  { method: 'POST', path: '/confirm' },
  { method: 'GET', path: '/payments/:key' },
  { method: 'POST', path: '/payments/:key/cancel' },
  { method: 'POST', path: '/webhook' },
  { method: 'GET', path: '/billing/success' },
  { method: 'GET', path: '/billing/fail' },
  { method: 'POST', path: '/billing/charge' },
  { method: 'GET', path: '/cash-receipts' },
  { method: 'POST', path: '/cash-receipts' },
  { method: 'POST', path: '/cash-receipts/:key/cancel' },
  { method: 'GET', path: '/promotions' },
] as const;

/** Any generated value as text (fast-check may build objects without a prototype, which String() refuses). */
function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return '';
  }
}

interface RawAnswer {
  status: number;
  body: string;
}

/** node:http, not fetch: the fuzzer needs methods and headers fetch refuses to send. */
async function rawRequest(
  origin: string,
  init: { method: string; path: string; headers: Record<string, string>; body: Uint8Array | undefined },
): Promise<RawAnswer> {
  const { request } = await import('node:http');
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: hostname, port, method: init.method, path: init.path, headers: init.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

/**
 * Registers a bounded fuzz suite (fast-check): random methods, paths, query strings, headers and bodies
 * to every route through a real adapter server. Never a 5xx, never a crash, and never a change of payment
 * state: no confirm or cancel reaches the gateway, the gateway's payments and the ledger's are unchanged.
 * (The fail route's job is to note a failure for an order, so order failures are not counted as state.)
 */
export function runAdapterFuzz(options: AdapterFuzzOptions): void {
  const runs = options.runs ?? 150;
  const { mountPath, bodyParser } = options.configuration ?? { mountPath: '/shop', bodyParser: false };

  describe(`adapter fuzz: ${options.name}`, () => {
    let harness: ConformanceHarness;
    let server: Server | undefined;
    let origin = '';
    let fc: typeof import('fast-check');
    const known = {
      inProgress: [] as { orderId: string; paymentKey: string }[],
      done: [] as { orderId: string; paymentKey: string }[],
      /** a cash receipt issued for an order paid in cash: the cash-receipt routes must leave it alone */
      receipts: [] as { orderId: string; receiptKey: string }[],
    };

    const stateOf = async () => ({
      gateway: harness.emulator.control
        .requests()
        .filter(
          (r) => r.method === 'POST' && (r.path === '/v1/payments/confirm' || r.path.endsWith('/cancel')),
        ).length,
      // any write the gateway accepted (a cash receipt, a billing key or charge): a refused one changed nothing
      accepted: harness.emulator.control.requests().filter((r) => r.method === 'POST' && r.status < 300)
        .length,
      receipts: JSON.stringify(
        (await harness.ledger.listCashReceipts({ limit: 1000 })).map((r) => [
          r.id,
          r.transactionType,
          r.issueStatus,
          r.amount,
        ]),
      ),
      payments: JSON.stringify(
        [...known.inProgress, ...known.done].map(
          ({ paymentKey }) => harness.emulator.control.getPayment(paymentKey)?.status,
        ),
      ),
      ledger: JSON.stringify(
        (await harness.ledger.listPayments({ limit: 1000 })).map((r) => [
          r.paymentKey,
          r.status,
          r.revision,
          r.balanceAmount,
        ]),
      ),
    });

    beforeAll(async () => {
      fc = await importAtRunTime<typeof import('fast-check')>('fast-check');
      harness = createConformanceHarness(await (options.createEmulator ?? loadEmulator)());
      const listener = await options.createServer({ payments: harness.payments, mountPath, bodyParser });
      ({ url: origin, server } = await listenOnFreePort(listener));
      for (let i = 0; i < 3; i++) {
        const orderId = newOrderId('fuzz');
        harness.orders.set(orderId, { amount: 15_000, orderName: '퍼즈 주문', payable: true });
        const { paymentKey } = await harness.emulator.control.authorizePayment({ orderId, amount: 15_000 });
        if (i === 0) {
          const res = await fetch(`${origin}${mountPath}/payments/confirm`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ orderId, paymentKey, amount: 15_000 }),
          });
          expect(res.status).toBe(200);
          known.done.push({ orderId, paymentKey });
        } else {
          known.inProgress.push({ orderId, paymentKey });
        }
      }
      const cashOrder = newOrderId('fuzz-cash');
      harness.orders.set(cashOrder, { amount: 8_000, orderName: '매장 현금 결제', payable: false });
      const issued = await fetch(`${origin}${mountPath}/payments/cash-receipts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await roleToken('owner')}` },
        body: JSON.stringify({
          orderId: cashOrder,
          type: '소득공제',
          customerIdentityNumber: '010-000-1234',
        }),
      });
      expect(issued.status).toBe(200);
      known.receipts.push({
        orderId: cashOrder,
        receiptKey: ((await issued.json()) as { receiptKey: string }).receiptKey,
      });
    });
    afterAll(async () => {
      if (server) await closeServer(server);
      await harness?.emulator.close();
    });

    for (const route of FUZZ_ROUTES) {
      it(`${route.method} ${route.path}: random input never gets a 5xx and changes nothing`, async () => {
        const before = await stateOf();
        const loggedBefore = harness.logger.entries.length;
        const orderIds = [...known.inProgress, ...known.done, ...known.receipts].map((k) => k.orderId);
        const receiptKeys = known.receipts.map((k) => k.receiptKey);
        // webhooks with the keys of payments the ledger does not hold yet would (rightly) record them: only
        // keys of payments it already holds in their latest state, or unknown keys, are fuzzed there
        const paymentKeys =
          route.path === '/webhook'
            ? known.done.map((k) => k.paymentKey)
            : [...known.inProgress, ...known.done].map((k) => k.paymentKey);
        const pathKeys = route.path.startsWith('/cash-receipts') ? receiptKeys : paymentKeys;

        const text = fc.oneof(
          fc.string({ maxLength: 40 }),
          fc.string({ unit: 'grapheme', maxLength: 20 }),
          fc.constantFrom(
            ...orderIds,
            ...paymentKeys,
            ...receiptKeys,
            '',
            ' ',
            '0',
            '-1',
            '1e3',
            '15000.5',
            'NaN',
            '9'.repeat(30),
            '%',
            '../',
            '<script>',
            '소득공제',
            '지출증빙',
            '010-000-1234',
          ),
        );
        // never the true amount of a known order: a fuzzed request must not be a valid confirm
        const amount = fc.oneof(
          fc.integer().filter((n) => n !== 15_000),
          fc.double(),
          fc.constantFrom('15000원', '1,5000', '0x3a98', null, [], {}),
        );
        const value = fc.oneof(text, amount, fc.boolean(), fc.constant(null));
        const field = fc.constantFrom(
          'paymentKey',
          'orderId',
          'amount',
          'code',
          'message',
          'cancelReason',
          'cancelAmount',
          'eventType',
          'data',
          'secret',
          'status',
          'transactionKey',
          'createdAt',
          'authKey',
          'customerKey',
          'paymentType',
          'orderName',
          'refundReceiveAccount',
          'type',
          'customerIdentityNumber',
          'taxFreeAmount',
          '__proto__',
          'constructor',
        );
        const object = fc.dictionary(
          fc.oneof(field, fc.string({ maxLength: 10 })),
          fc.oneof(value, fc.dictionary(field, value, { maxKeys: 4 })),
          {
            maxKeys: 8,
          },
        );
        const webhookObject = fc.record({
          eventType: fc.constantFrom(
            'PAYMENT_STATUS_CHANGED',
            'DEPOSIT_CALLBACK',
            'CANCEL_STATUS_CHANGED',
            'BILLING_DELETED',
            'UNKNOWN_EVENT',
          ),
          createdAt: text,
          data: fc.oneof(object, fc.record({ paymentKey: text, status: text, orderId: text, secret: text })),
        });
        const body = fc.oneof(
          fc.constant(undefined),
          object.map((o) => JSON.stringify(o)),
          webhookObject.map((o) => JSON.stringify(o)),
          fc
            .record({ secret: text, status: text, orderId: text, transactionKey: text, createdAt: text })
            .map((o) => JSON.stringify(o)),
          object.map((o) =>
            new URLSearchParams(Object.entries(o).map(([k, v]) => [k, asText(v)])).toString(),
          ),
          fc.string({ maxLength: 200 }),
          fc.uint8Array({ maxLength: 200 }),
        );
        const headerValue = fc.stringMatching(/^[\x20-\x7e]{0,60}$/);
        const headers = fc.record(
          {
            'content-type': fc.oneof(
              fc.constantFrom(
                'application/json',
                'application/json; charset=utf-8',
                'application/x-www-form-urlencoded',
                'text/plain',
                'multipart/form-data; boundary=x',
                'application/octet-stream',
                'application/json; charset=euc-kr',
                '*/*',
              ),
              headerValue,
            ),
            'accept-language': fc.oneof(
              fc.constantFrom('en', 'ko-KR', 'en-US,en;q=0.9', '*', 'en;q=abc'),
              headerValue,
            ),
            accept: fc.oneof(fc.constantFrom('application/json', 'text/html', '*/*'), headerValue),
            authorization: fc.oneof(
              fc.constant('Bearer '),
              headerValue.map((v) => `Bearer ${v}`),
              headerValue,
            ),
            'idempotency-key': headerValue,
            'x-forwarded-proto': headerValue,
            'x-forwarded-host': headerValue,
            host: fc.oneof(
              fc.constant('shop.example'),
              headerValue.filter((v) => v.trim() !== ''),
            ),
          },
          { requiredKeys: [] },
        );
        const method = fc.oneof(
          { weight: 3, arbitrary: fc.constant(route.method) },
          {
            weight: 2,
            arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'TRACE'),
          },
        );
        const key = fc.oneof(fc.constantFrom(...pathKeys), fc.stringMatching(/^[A-Za-z0-9_%.~-]{0,300}$/));
        const query = fc.dictionary(
          fc.oneof(field, fc.string({ maxLength: 8 })),
          fc.oneof(text, amount.map(asText)),
          { maxKeys: 6 },
        );

        await fc.assert(
          fc.asyncProperty(method, key, query, headers, body, async (m, k, q, h, b) => {
            const search = new URLSearchParams(
              Object.entries(q).map(([name, v]) => [name, asText(v)]),
            ).toString();
            const path = `${mountPath}/payments${route.path.replace(':key', k)}${search ? `?${search}` : ''}`;
            const bytes =
              b === undefined ? undefined : typeof b === 'string' ? new TextEncoder().encode(b) : b;
            const sentHeaders: Record<string, string> = { ...h };
            if (bytes !== undefined) sentHeaders['content-length'] = String(bytes.byteLength);
            const answer = await rawRequest(origin, { method: m, path, headers: sentHeaders, body: bytes });
            if (answer.status >= 500)
              throw new Error(`${m} ${path} -> ${answer.status} ${answer.body.slice(0, 300)}`);
            if (answer.body.includes(harness.payments.secretKey))
              throw new Error(`${m} ${path} leaked the secret key`);
          }),
          { numRuns: runs, ...(options.seed === undefined ? {} : { seed: options.seed }) },
        );

        expect(await stateOf()).toEqual(before);
        // bad input is answered, not an error of ours: nothing was logged at error level
        expect(harness.logger.entries.slice(loggedBefore).filter((e) => e.level === 'error')).toEqual([]);
        // the server is still up and still routing
        const alive = await fetch(`${origin}${mountPath}/cart`);
        expect(await alive.text()).toBe(`shop:${mountPath}/cart`);
      });
    }
  });
}
