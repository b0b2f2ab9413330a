// What an operator sees: pino's own output for a failing hook, the gateway URL of a failed call, gateway
// events with their timings, durations on settling events, the debug log, and no secret anywhere.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { PaymentEventMap } from '../flows/index.js';
import { messageFirstLogger } from '../flows/logging.js';
import { createCollectingLogger } from '../testing/collecting-logger.js';
import { createTestShop, newOrderId, type TestShop } from '../testing/handler-test-support.js';
import { createPaymentHandler } from './create-payment-handler.js';

let shop: TestShop | null = null;
afterEach(async () => {
  await shop?.close();
  shop = null;
});

/** pino writing its JSON lines into memory, exactly as it would to stdout. */
function capturedPino() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const logger = pino({ level: 'debug' }, stream);
  return { logger, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

const BILLING_KEY = 'Z_t5vOvQxrj4499PeiJcjen28-V2RyqgYTwN44Rdzk0Q';
const VIRTUAL_ACCOUNT_SECRET = 'ps_Z1aOwX7K8mYgxWxyQyA8yQxzvNPG';
const CARD_NUMBER = '4330-1234-1234-1235';
const RESIDENT_NUMBER = '900101-1234567';

describe('logs that carry the cause', () => {
  it('pino as it is: a failing hook is logged with its code, ids, the cause and its stack, and no secret', async () => {
    const captured = capturedPino();
    let secretKey = '';
    shop = await createTestShop({
      logger: captured.logger,
      onPaymentConfirmed: () => {
        throw new Error(
          `orders db refused the write (key ${secretKey}, billing ${BILLING_KEY}, va ${VIRTUAL_ACCOUNT_SECRET}, card ${CARD_NUMBER}, rrn ${RESIDENT_NUMBER})`,
        );
      },
    });
    secretKey = shop.emulator.keys.secretKey;
    const approved = await shop.approve(27000);
    const answer = await shop.post('/payments/confirm', approved);
    expect(((await answer.json()) as { code: string }).code).toBe('PAYMENT_COMPENSATED');

    const records = captured.records();
    const hook = records.find((r) => r['code'] === 'HOOK_FAILED');
    expect(hook).toMatchObject({
      level: 50,
      hook: 'onPaymentConfirmed',
      orderId: approved.orderId,
      paymentKey: approved.paymentKey,
      msg: "the shop's onPaymentConfirmed hook threw",
    });
    const err = hook!['err'] as { message: string; stack: string };
    expect(err.message).toContain('orders db refused the write');
    expect(err.stack).toContain('observability.test.ts');
    // the compensation that followed has its own line, with the same cause
    const compensation = records.find((r) => r['trigger'] === 'HOOK_FAILED');
    expect(compensation).toMatchObject({ level: 50, orderId: approved.orderId });
    expect(String(compensation!['reference'])).toMatch(/^TK-/);

    const everything = captured.lines.join('\n');
    const basic = Buffer.from(`${secretKey}:`).toString('base64');
    for (const secret of [
      secretKey,
      basic,
      BILLING_KEY,
      VIRTUAL_ACCOUNT_SECRET,
      CARD_NUMBER,
      RESIDENT_NUMBER,
    ])
      expect(everything).not.toContain(secret);
    expect(everything).not.toContain('4330123412341235');
  });

  it('the README example without apiBaseUrl logs the failed call with the gateway URL it tried, not the key', async () => {
    const logger = createCollectingLogger({ echoErrors: null });
    const secretKey = 'test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R';
    const orderId = newOrderId();
    const payments = createPaymentHandler({
      secretKey,
      orderLookup: () => ({ amount: 15000, orderName: '토스 티셔츠', payable: true }),
      onPaymentConfirmed: () => undefined,
      logger,
      gateway: { retry: false, timeoutMs: 3000 },
    });
    try {
      const answer = await payments(
        new Request('http://shop.test/payments/confirm', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ paymentKey: 'tgen_20261204abcdEFGH1234', orderId, amount: 15000 }),
        }),
      );
      expect(answer.status).toBeGreaterThanOrEqual(200);
    } finally {
      await payments.close();
    }
    const failed = logger.entries.filter((e) => e.message === 'gateway call failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]!.fields).toMatchObject({
      url: 'https://api.tosspayments.com/v1/payments/confirm',
      method: 'POST',
      route: '/v1/payments/confirm',
      orderId,
    });
    // no network here: the code says so; with a network the gateway refuses the made-up key (401)
    const { code, status } = failed[0]!.fields as { code: string; status: number | null };
    expect(status === null ? ['NETWORK_ERROR', 'GATEWAY_TIMEOUT'] : [code]).toContain(code);
    expect(failed[0]!.fields?.['err']).toBeInstanceOf(Error);
    expect(JSON.stringify(logger.lines())).not.toContain(secretKey);
  });

  it('a 5xx answer is logged once with the cause of a throwing orderLookup', async () => {
    shop = await createTestShop({
      orderLookup: () => {
        throw new TypeError('orders table is locked');
      },
    });
    shop.logger.expectErrors();
    const approved = await shop.approve(5000);
    const answer = await shop.post('/payments/confirm', approved);
    expect(answer.status).toBeGreaterThanOrEqual(500);
    const failed = shop.logger.entries.filter((e) => e.message === 'request failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.fields).toMatchObject({ route: 'POST /confirm', status: answer.status });
    const err = failed[0]!.fields?.['err'] as Error & { cause?: Error };
    const chain = `${err.message} ${err.stack} ${err.cause?.message ?? ''} ${err.cause?.stack ?? ''}`;
    expect(chain).toContain('orders table is locked');
    expect(chain).toContain('observability.test.ts');
  });

  it('winston, console and other message-first loggers go in through messageFirstLogger', async () => {
    const calls: unknown[][] = [];
    const winstonLike = {
      error: (...args: unknown[]) => void calls.push(['error', ...args]),
      warn: (...args: unknown[]) => void calls.push(['warn', ...args]),
    };
    shop = await createTestShop({
      logger: messageFirstLogger(winstonLike),
      onPaymentConfirmed: () => {
        throw new Error('stock service down');
      },
    });
    const approved = await shop.approve(3000);
    await shop.post('/payments/confirm', approved);
    const hook = calls.find((call) => call[1] === "the shop's onPaymentConfirmed hook threw");
    expect(hook?.[0]).toBe('error');
    expect(hook?.[2]).toMatchObject({ code: 'HOOK_FAILED', orderId: approved.orderId });
  });

  it('debug: true logs each flow step; without it no debug line is built', async () => {
    shop = await createTestShop({ debug: true });
    const approved = await shop.approve(4000);
    expect((await shop.post('/payments/confirm', approved)).status).toBe(200);
    const debug = shop.logger.entries.filter((e) => e.level === 'debug').map((e) => e.message);
    expect(debug).toEqual(
      expect.arrayContaining(['gateway request', 'gateway response', 'flow step: confirm.settled']),
    );
    await shop.close();

    shop = await createTestShop();
    const again = await shop.approve(4000);
    expect((await shop.post('/payments/confirm', again)).status).toBe(200);
    expect(shop.logger.entries.filter((e) => e.level === 'debug')).toEqual([]);
  });
});

describe('gateway events and durations', () => {
  it('gateway.request / gateway.response carry the route template, key, attempt, replay, status, code and duration', async () => {
    shop = await createTestShop({ gateway: { retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5 } } });
    shop.logger.expectErrors();
    const requests: PaymentEventMap['gateway.request'][] = [];
    const responses: PaymentEventMap['gateway.response'][] = [];
    const settled: PaymentEventMap['confirm.settled'][] = [];
    shop.handler.on('gateway.request', (event) => void requests.push(event));
    shop.handler.on('gateway.response', (event) => void responses.push(event));
    shop.handler.on('confirm.settled', (event) => void settled.push(event));
    const approved = await shop.approve(8000);
    shop.emulator.control.fault({ kind: 'fail', route: 'confirm', status: 500, times: 1 });
    expect((await shop.post('/payments/confirm', approved)).status).toBe(200);

    // the emulator, like the gateway, stores the 500 under the key and replays it to both retries; tosskit
    // then looks the payment up and confirms under a key of its own
    const confirms = responses.filter((r) => r.route === '/v1/payments/confirm');
    const [first, ...rest] = confirms;
    expect(first).toMatchObject({ method: 'POST', attempt: 1, replayed: false, status: 500 });
    expect(first!.code).toEqual(expect.any(String));
    expect(first!.idempotencyKey).toEqual(expect.any(String));
    const retries = rest.slice(0, -1);
    expect(retries.map((r) => [r.attempt, r.replayed, r.status, r.idempotencyKey])).toEqual([
      [2, true, 500, first!.idempotencyKey],
      [3, true, 500, first!.idempotencyKey],
    ]);
    const last = rest.at(-1)!;
    expect(last).toMatchObject({ attempt: 1, replayed: false, status: 200, code: null });
    expect(last.idempotencyKey).not.toBe(first!.idempotencyKey);
    expect(responses.some((r) => r.route === '/v1/payments/{paymentKey}' && r.status === 200)).toBe(true);
    for (const response of confirms) expect(response.durationMs).toBeGreaterThan(0);
    expect(requests.filter((r) => r.route === '/v1/payments/confirm').map((r) => r.attempt)).toEqual([
      1, 2, 3, 1,
    ]);
    // route templates never carry an id
    for (const event of [...requests, ...responses]) expect(event.route).not.toContain(approved.paymentKey);
    expect(settled).toHaveLength(1);
    const gatewayTime = confirms.reduce((sum, r) => sum + r.durationMs, 0);
    expect(settled[0]!.durationMs).toBeGreaterThanOrEqual(gatewayTime);

    // a cancel through the member is one flow too
    const canceled: PaymentEventMap['cancel.applied'][] = [];
    shop.handler.on('cancel.applied', (event) => void canceled.push(event));
    await shop.handler.cancel(approved.paymentKey, { cancelReason: '고객 변심' });
    expect(canceled[0]!.durationMs).toBeGreaterThan(0);
    expect(responses.find((r) => r.route === '/v1/payments/{paymentKey}/cancel')?.idempotencyKey).toEqual(
      expect.any(String),
    );
  });
});
