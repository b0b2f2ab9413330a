import { createServer, type Server } from 'node:http';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { GatewayError } from '../errors/index.js';
import {
  basicAuthorization,
  createGatewayClient,
  normalizeIdempotencyKey,
  type GatewayRetryInfo,
} from './gateway-client.js';
import { isAnswerLost } from './gateway-errors.js';
import { retryDelay, resolveRetryOptions } from './retry-policy.js';
import type { FetchLike } from './transport.js';

const SECRET = 'test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R';
const ENCODED = Buffer.from(`${SECRET}:`).toString('base64');

function paymentJson(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: '2022-11-16',
    paymentKey: 'pk_test_1',
    type: 'NORMAL',
    orderId: 'order-0001',
    orderName: '티셔츠',
    mId: 'tvivarepublica',
    currency: 'KRW',
    method: '카드',
    totalAmount: 15000,
    balanceAmount: 15000,
    status: 'DONE',
    requestedAt: '2026-11-22T10:00:00+09:00',
    approvedAt: '2026-11-22T10:00:05+09:00',
    useEscrow: false,
    lastTransactionKey: 'tx_1',
    suppliedAmount: 13636,
    vat: 1364,
    taxFreeAmount: 0,
    cultureExpense: false,
    cancels: null,
    card: null,
    virtualAccount: null,
    mobilePhone: null,
    giftCertificate: null,
    transfer: null,
    easyPay: null,
    ...overrides,
  };
}

interface Seen {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** A scripted fetch: each call takes the next answer (a Response, an Error to throw, or 'hang'). */
function scriptedFetch(answers: (Response | Error | 'hang')[]): { fetch: FetchLike; seen: Seen[] } {
  const seen: Seen[] = [];
  const fetch: FetchLike = async (url, init) => {
    seen.push({
      url,
      method: String(init.method),
      headers: { ...(init.headers as Record<string, string>) },
      body: init.body === undefined ? undefined : String(init.body),
    });
    const answer = answers.shift();
    if (answer === undefined) throw new Error('no scripted answer left');
    if (answer === 'hang') {
      return new Promise<Response>((_, reject) => {
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    }
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { fetch, seen };
}

const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function client(fetch: FetchLike, extra: Partial<Parameters<typeof createGatewayClient>[0]> = {}) {
  const sleeps: number[] = [];
  const retries: GatewayRetryInfo[] = [];
  const c = createGatewayClient({
    secretKey: SECRET,
    baseUrl: 'http://gateway.test',
    fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    onRetry: (info) => retries.push(info),
    ...extra,
  });
  return { c, sleeps, retries };
}

describe('gateway client: requests', () => {
  it('sends Basic base64(secretKey + ":"), JSON body, an Idempotency-Key on POST and Accept-Language', async () => {
    const { fetch, seen } = scriptedFetch([json(200, paymentJson())]);
    const { c } = client(fetch, { acceptLanguage: 'en-US' });
    const payment = await c.confirm(
      { paymentKey: 'pk_test_1', orderId: 'order-0001', amount: 15000 },
      { idempotencyKey: 'confirm:order-0001:pk_test_1' },
    );
    expect(payment.status).toBe('DONE');
    const [request] = seen;
    expect(request?.url).toBe('http://gateway.test/v1/payments/confirm');
    expect(request?.method).toBe('POST');
    expect(request?.headers['authorization']).toBe(`Basic ${ENCODED}`);
    expect(Buffer.from(ENCODED, 'base64').toString()).toBe(`${SECRET}:`);
    expect(request?.headers['idempotency-key']).toBe('confirm:order-0001:pk_test_1');
    expect(request?.headers['accept-language']).toBe('en-US');
    expect(JSON.parse(request?.body ?? '')).toEqual({
      paymentKey: 'pk_test_1',
      orderId: 'order-0001',
      amount: 15000,
    });
  });

  it('withAcceptLanguage gives a client with another default language over the same transport, one per value', async () => {
    const { fetch, seen } = scriptedFetch([
      json(200, paymentJson()),
      json(200, paymentJson()),
      json(200, paymentJson()),
    ]);
    const { c, retries } = client(fetch);
    const english = c.withAcceptLanguage('en-US');
    expect(c.withAcceptLanguage('en-US')).toBe(english);
    expect(c.withAcceptLanguage(undefined)).toBe(c);
    expect(english.withAcceptLanguage(undefined)).toBe(c);
    await english.getPayment('pk_test_1');
    await c.getPayment('pk_test_1');
    await english.getPayment('pk_test_1', { acceptLanguage: 'ko-KR' });
    expect(seen.map((r) => r.headers['accept-language'])).toEqual(['en-US', undefined, 'ko-KR']);
    expect(seen.every((r) => r.headers['authorization'] === `Basic ${ENCODED}`)).toBe(true);
    expect(retries).toEqual([]);
  });

  it('derives an Idempotency-Key for a POST without one, and sends none on GET', async () => {
    const { fetch, seen } = scriptedFetch([json(200, paymentJson()), json(200, paymentJson())]);
    const { c } = client(fetch);
    await c.cancel('pk_test_1', { cancelReason: 'test' });
    await c.getPayment('pk_test_1');
    expect(seen[0]?.headers['idempotency-key']).toMatch(/^tosskit-[0-9a-f-]{36}$/);
    expect(seen[1]?.headers['idempotency-key']).toBeUndefined();
    expect(seen[1]?.url).toBe('http://gateway.test/v1/payments/pk_test_1');
  });

  it('hashes idempotency keys longer than the gateway allows, the same way every time', () => {
    const long = `confirm:${'x'.repeat(400)}`;
    expect(normalizeIdempotencyKey(long).length).toBeLessThanOrEqual(300);
    expect(normalizeIdempotencyKey(long)).toBe(normalizeIdempotencyKey(long));
    expect(normalizeIdempotencyKey('short')).toBe('short');
  });

  it('strips a BOM and whitespace from the key before encoding', () => {
    expect(basicAuthorization(`\uFEFF${SECRET} \n`)).toBe(`Basic ${ENCODED}`);
  });

  it('encodes path segments and query strings', async () => {
    const { fetch, seen } = scriptedFetch([json(200, paymentJson()), json(200, [])]);
    const { c } = client(fetch);
    await c.getPaymentByOrderId('order-0001');
    await c.listTransactions({ startDate: '2026-11-01T00:00:00', endDate: '2026-11-02T00:00:00', limit: 10 });
    expect(seen[0]?.url).toBe('http://gateway.test/v1/payments/orders/order-0001');
    expect(seen[1]?.url).toBe(
      'http://gateway.test/v1/transactions?startDate=2026-11-01T00%3A00%3A00&endDate=2026-11-02T00%3A00%3A00&limit=10',
    );
  });

  it('parses responses with the core schemas: an unreadable 200 is a lost answer, not a success', async () => {
    const { fetch } = scriptedFetch([json(200, { hello: 'world' })]);
    const { c } = client(fetch);
    const error = await c.getPayment('pk_test_1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).code).toBe('INVALID_GATEWAY_RESPONSE');
    expect(isAnswerLost(error)).toBe(true);
  });
});

describe('gateway client: retries by error class', () => {
  it('retries a network error with the SAME Idempotency-Key, then succeeds', async () => {
    const { fetch, seen } = scriptedFetch([
      new TypeError('fetch failed: ECONNRESET'),
      json(200, paymentJson()),
    ]);
    const { c, retries } = client(fetch);
    const payment = await c.confirm({ paymentKey: 'pk_test_1', orderId: 'order-0001', amount: 15000 });
    expect(payment.paymentKey).toBe('pk_test_1');
    expect(seen).toHaveLength(2);
    expect(seen[0]?.headers['idempotency-key']).toBeDefined();
    expect(seen[1]?.headers['idempotency-key']).toBe(seen[0]?.headers['idempotency-key']);
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({
      code: 'NETWORK_ERROR',
      attempt: 1,
      paymentKey: 'pk_test_1',
      orderId: 'order-0001',
    });
  });

  it('waits at least 1 s after FORBIDDEN_CONSECUTIVE_REQUEST (seed 001), then succeeds', async () => {
    const { fetch, seen } = scriptedFetch([
      json(403, { code: 'FORBIDDEN_CONSECUTIVE_REQUEST', message: '반복적인 요청은 허용되지 않습니다.' }),
      json(200, paymentJson()),
    ]);
    const { c, sleeps } = client(fetch);
    await c.cancel('pk_test_1', { cancelReason: 'x' }, { idempotencyKey: 'k1' });
    expect(seen).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(1000);
    // refused before execution (and possibly stored under k1): the retry gets a derived key, the same for every caller
    expect(seen[1]?.headers['idempotency-key']).toBe('k1:retry-1');
  });

  it('retries IDEMPOTENT_REQUEST_PROCESSING and transient 400 PROVIDER_ERROR', async () => {
    const { fetch, seen } = scriptedFetch([
      json(409, { code: 'IDEMPOTENT_REQUEST_PROCESSING', message: '이전 멱등 요청이 처리중입니다.' }),
      json(400, { code: 'PROVIDER_ERROR', message: '일시적인 오류' }),
      json(200, paymentJson()),
    ]);
    const { c, retries } = client(fetch);
    await c.confirm(
      { paymentKey: 'pk_test_1', orderId: 'order-0001', amount: 15000 },
      { idempotencyKey: 'same' },
    );
    expect(seen.map((s) => s.headers['idempotency-key'])).toEqual(['same', 'same', 'same']);
    expect(retries.map((r) => r.code)).toEqual(['IDEMPOTENT_REQUEST_PROCESSING', 'PROVIDER_ERROR']);
  });

  it.each([
    ['REJECT_CARD_COMPANY', 403, 'decline'],
    ['INVALID_REQUEST', 400, 'fatal'],
    ['ALREADY_PROCESSED_PAYMENT', 400, 'state'],
    ['UNAUTHORIZED_KEY', 401, 'config'],
  ])('never retries %s (%s, %s)', async (code, status, errorClass) => {
    const { fetch, seen } = scriptedFetch([json(status, { code, message: 'no' }), json(200, paymentJson())]);
    const { c } = client(fetch);
    const error = await c
      .confirm({ paymentKey: 'pk_test_1', orderId: 'order-0001', amount: 15000 })
      .catch((e: unknown) => e);
    expect(seen).toHaveLength(1);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ code, status, errorClass, retryable: false, gatewayMessage: 'no' });
    expect(isAnswerLost(error)).toBe(false);
  });

  it('gives up after the retry budget and reports the answer as lost', async () => {
    const { fetch, seen } = scriptedFetch([
      json(500, { code: 'FAILED_INTERNAL_SYSTEM_PROCESSING', message: 'x' }),
      json(500, { code: 'FAILED_INTERNAL_SYSTEM_PROCESSING', message: 'x' }),
      json(500, { code: 'FAILED_INTERNAL_SYSTEM_PROCESSING', message: 'x' }),
    ]);
    const { c } = client(fetch, { retry: { retries: 2 } });
    const error = await c
      .confirm({ paymentKey: 'pk_test_1', orderId: 'order-0001', amount: 15000 })
      .catch((e: unknown) => e);
    expect(seen).toHaveLength(3);
    expect(error).toMatchObject({ code: 'FAILED_INTERNAL_SYSTEM_PROCESSING', status: 500 });
    expect(isAnswerLost(error)).toBe(true);
  });

  it('a timeout is GATEWAY_TIMEOUT and a lost answer; billing charge gets the long timeout', async () => {
    const { fetch } = scriptedFetch(['hang']);
    const { c } = client(fetch, { timeoutMs: 30, retry: false });
    const error = await c
      .confirm({ paymentKey: 'pk_test_1', orderId: 'order-0001', amount: 15000 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'GATEWAY_TIMEOUT', status: 504 });
    expect(isAnswerLost(error)).toBe(true);

    const slow: FetchLike = (url, init) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => resolve(json(200, paymentJson({ type: 'BILLING' }))), 80);
        init.signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(init.signal?.reason);
        });
      });
    const both = client(slow, { timeoutMs: 30, longTimeoutMs: 1000, retry: false }).c;
    const charged = await both.chargeBilling('bk_1', {
      amount: 1000,
      customerKey: 'cust_1',
      orderId: 'order-0002',
      orderName: '구독',
    });
    expect(charged.type).toBe('BILLING');
    await expect(both.getPayment('pk_test_1')).rejects.toMatchObject({ code: 'GATEWAY_TIMEOUT' });
  });

  it('backoff grows and FORBIDDEN_CONSECUTIVE_REQUEST is never under 1 s', () => {
    const options = resolveRetryOptions({ consecutiveRequestDelayMs: 10 });
    expect(retryDelay('FORBIDDEN_CONSECUTIVE_REQUEST', 1, options, () => 0)).toBe(1000);
    expect(retryDelay('NETWORK_ERROR', 3, options, () => 1)).toBeGreaterThan(
      retryDelay('NETWORK_ERROR', 1, options, () => 1),
    );
  });
});

describe('gateway client: the secret key never leaks', () => {
  function assertNoSecret(error: unknown): void {
    const texts = [
      String(error),
      (error as Error).message,
      JSON.stringify(error),
      inspect(error, { depth: 10, showHidden: true }),
      JSON.stringify(Object.entries(error as object)),
      String((error as Error).cause),
      (error as Error).stack ?? '',
    ];
    for (const text of texts) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(ENCODED);
      expect(text).not.toContain(ENCODED.replace(/=+$/, ''));
    }
  }

  it('not in a transport error that quotes the request', async () => {
    const { fetch } = scriptedFetch([
      new Error(`connect ECONNREFUSED; headers: authorization=Basic ${ENCODED}; key=${SECRET}`),
    ]);
    const { c } = client(fetch, { retry: false });
    const error = await c.getPayment('pk_test_1').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NETWORK_ERROR' });
    assertNoSecret(error);
  });

  it('not in a gateway message that echoes it', async () => {
    const { fetch } = scriptedFetch([
      json(401, { code: 'UNAUTHORIZED_KEY', message: `인증되지 않은 키: ${SECRET}` }),
    ]);
    const { c } = client(fetch);
    const error = await c.getPayment('pk_test_1').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNAUTHORIZED_KEY', status: 401 });
    assertNoSecret(error);
  });

  it('not on the client object', () => {
    const { fetch } = scriptedFetch([]);
    const { c } = client(fetch);
    const dump = inspect(c, { depth: 10, showHidden: true }) + JSON.stringify(c);
    expect(dump).not.toContain(SECRET);
    expect(dump).not.toContain(ENCODED);
  });
});

describe('gateway client: default transport (keep-alive undici Pool)', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('talks to a real local server and reuses the connection', async () => {
    const sockets = new Set<unknown>();
    const seenAuth: string[] = [];
    server = createServer((req, res) => {
      sockets.add(req.socket);
      seenAuth.push(String(req.headers.authorization));
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(paymentJson()));
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const c = createGatewayClient({ secretKey: SECRET, baseUrl: `http://127.0.0.1:${address.port}` });
    for (let i = 0; i < 20; i += 1) await c.getPayment('pk_test_1');
    await c.close();
    expect(seenAuth.every((a) => a === `Basic ${ENCODED}`)).toBe(true);
    expect(sockets.size).toBeLessThanOrEqual(2);
  });
});
