/**
 * The cases of the adapter conformance suite for one mounted configuration (`runAdapterConformance` runs them
 * for each): the payment routes, cancel and webhook, hostile ids and the payment view.
 */
import { expect, it } from 'vitest';
import {
  DEFAULT_BODY_LIMIT,
  HANGUL,
  newOrderId,
  roleToken,
  sendLargeBody,
  sendUnfinishedBody,
  type ConformanceHarness,
} from './adapter-harness.js';
import { hostileIdRequests, type HostileIdContext } from './hostile-ids.js';

/** One answer as the suite reads it: the status, the headers, the text and the parsed JSON (if any). */
export interface ConformanceAnswer {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown>;
}

/** The adapter server of one configuration, as the cases see it (origin and harness are set in beforeAll). */
export interface MountedShop {
  readonly harness: ConformanceHarness;
  readonly origin: string;
  readonly base: string;
  readonly mountPath: string;
  readonly bodyParser: boolean;
  /** fetch that never follows redirects and records every answer for the secret-key check */
  call(path: string, init?: RequestInit): Promise<ConformanceAnswer>;
  authorized(amount?: number): Promise<{ orderId: string; paymentKey: string; amount: number }>;
  confirmed(amount?: number): Promise<{ orderId: string; paymentKey: string; amount: number }>;
  confirmsAtGateway(): number;
}

/** The routes of a payment: outside paths, success, confirm, fail. */
export function paymentRouteCases(shop: MountedShop): void {
  const { call, authorized, confirmsAtGateway, base, mountPath } = shop;
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
    const location = new URL(res.headers.get('location') ?? '', shop.origin);
    expect(location.pathname).toBe(`${mountPath}/orders/${orderId}`);
    expect(shop.harness.emulator.control.getPayment(paymentKey)?.status).toBe('DONE');
    expect(confirmsAtGateway()).toBe(before + 1);
    expect((await shop.harness.ledger.getPayment(paymentKey))?.status).toBe('DONE');
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
    expect(shop.harness.emulator.control.getPayment(paymentKey)?.status).toBe('IN_PROGRESS');
    expect(await shop.harness.ledger.getPayment(paymentKey)).toBeNull();
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
    expect(shop.harness.emulator.control.getPayment(paymentKey)?.status).toBe('DONE');
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
    shop.harness.orders.set(orderId, { amount: 5_000, orderName: '양말', payable: true });
    const res = await call(
      `${base}/fail?code=PAY_PROCESS_CANCELED&message=${encodeURIComponent('사용자에 의해 결제가 취소되었습니다.')}&orderId=${orderId}`,
    );
    expect([302, 303]).toContain(res.status);
    const location = new URL(res.headers.get('location') ?? '', shop.origin);
    expect(location.pathname).toBe(`${mountPath}/checkout/fail`);
    expect(location.searchParams.get('code')).toBe('PAY_PROCESS_CANCELED');
    expect((await shop.harness.ledger.getOrderFailure(orderId))?.code).toBe('PAY_PROCESS_CANCELED');
  });
}

/** Cancel and webhook routes. */
export function cancelAndWebhookCases(shop: MountedShop): void {
  const { call, confirmed, base } = shop;
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
    expect(shop.harness.emulator.control.getPayment(paymentKey)?.status).toBe('DONE');

    const owner = await call(`${base}/payments/${paymentKey}/cancel`, {
      method: 'POST',
      headers: { ...headers, authorization: `Bearer ${await roleToken('owner')}` },
      body,
    });
    expect(owner.status).toBe(200);
    expect(shop.harness.emulator.control.getPayment(paymentKey)?.status).toBe('PARTIAL_CANCELED');
    expect((await shop.harness.ledger.getPayment(paymentKey))?.balanceAmount).toBe(15_000);
  });

  it('webhook route: a status change is applied from the gateway’s own answer; an unknown payment changes nothing', async () => {
    const { paymentKey, orderId } = await confirmed(12_000);
    await shop.harness.emulator.control.cancel(paymentKey, { cancelReason: '관리자 취소' });
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
    expect((await shop.harness.ledger.getPayment(paymentKey))?.status).toBe('CANCELED');

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
    expect(await shop.harness.ledger.getPayment('tgen_forged_unknown_payment_key')).toBeNull();
  });
}

/** Hostile ids on every route, raw bodies, and the payment view. */
export function hostileInputCases(shop: MountedShop): void {
  const { call, confirmed, confirmsAtGateway, base, bodyParser } = shop;
  it('hostile ids (NUL, lone surrogate, 10,000 characters) on every route: 400 with the field’s code, never a 5xx, the gateway not asked', async () => {
    const known: HostileIdContext = {
      paymentKey: 'tgen_conformance_well_formed_1',
      orderId: newOrderId(),
      receiptKey: 'rcpt_conformance_well_formed_1',
      customerKey: 'cus_conformance_1',
      authorization: `Bearer ${await roleToken('owner')}`,
    };
    const before = shop.harness.emulator.control.requests().length;
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
    expect(shop.harness.emulator.control.requests().length).toBe(before);
  });

  // a body parser in front reads the body itself (with its own limit); only without one is every byte ours
  if (!bodyParser) {
    it('a body over the handler’s bodyLimit gets 413 PAYLOAD_TOO_LARGE before the rest of it is read', async () => {
      const before = confirmsAtGateway();
      const chunked = await sendUnfinishedBody(shop.origin, `${base}/confirm`, {
        bytes: DEFAULT_BODY_LIMIT + 4096,
      });
      expect(chunked.status).toBe(413);
      expect(JSON.parse(chunked.body)).toMatchObject({
        code: 'PAYLOAD_TOO_LARGE',
        details: { limit: DEFAULT_BODY_LIMIT },
      });
      expect(chunked.headers['connection']).toBe('close');
      // declared too large: refused on the header alone, before a single body byte
      const declared = await sendUnfinishedBody(shop.origin, `${base}/webhook`, {
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
        const answer = await sendLargeBody(shop.origin, `${base}/confirm`, {
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
}
