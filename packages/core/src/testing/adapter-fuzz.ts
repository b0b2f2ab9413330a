/**
 * The adapter fuzz suite (fast-check): random methods, paths, query strings, headers and bodies to every route
 * through a real adapter server, asserting no 5xx, no crash and no change of payment state.
 */
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeServer,
  createConformanceHarness,
  importAtRunTime,
  listenOnFreePort,
  loadEmulator,
  newOrderId,
  roleToken,
  type AdapterConformanceOptions,
  type ConformanceHarness,
} from './adapter-harness.js';
import { asText, bodyArbitraries, requestArbitraries } from './adapter-fuzz-arbitraries.js';

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

/** The ids the fuzz suite set up: payments in progress and done, and a cash receipt of a cash order. */
interface FuzzKnown {
  inProgress: { orderId: string; paymentKey: string }[];
  done: { orderId: string; paymentKey: string }[];
  receipts: { orderId: string; receiptKey: string }[];
}

/** Everything a fuzzed request must not change: gateway writes, payments at the gateway and in the ledger, receipts. */
async function shopState(harness: ConformanceHarness, known: FuzzKnown) {
  return {
    gateway: harness.emulator.control
      .requests()
      .filter((r) => r.method === 'POST' && (r.path === '/v1/payments/confirm' || r.path.endsWith('/cancel')))
      .length,
    // any write the gateway accepted (a cash receipt, a billing key or charge): a refused one changed nothing
    accepted: harness.emulator.control.requests().filter((r) => r.method === 'POST' && r.status < 300).length,
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
  };
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

    const stateOf = () => shopState(harness, known);

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

        const { text, amount, field, body } = bodyArbitraries(fc, { orderIds, paymentKeys, receiptKeys });
        const { method, key, query, headers } = requestArbitraries(fc, route.method, pathKeys, {
          text,
          amount,
          field,
        });

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
