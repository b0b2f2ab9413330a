import { describe, expect, it, vi } from 'vitest';
import * as shapes from './shapes-test-support.js';
import { createEmulator, IDEMPOTENCY_TTL_MS, IN_PROGRESS_TTL_MS, READY_TTL_MS } from './index.js';
import type { Emulator } from './index.js';
import { client, orderId, useEmulator } from './test-helpers.js';
import type { EmulatorClient } from './test-helpers.js';

let emu: Emulator;
let api: EmulatorClient;

useEmulator((started) => ({ emu, api } = started));

describe('Idempotency-Key', () => {
  it('replays the first answer (status and body) and ignores the body of later requests', async () => {
    const a = await emu.control.authorizePayment({ orderId: orderId(), amount: 1000 });
    const b = await emu.control.authorizePayment({ orderId: orderId(), amount: 2000 });
    const first = await api.post('/v1/payments/confirm', a, { idempotencyKey: 'same-key' });
    expect(first.status).toBe(200);
    // A different payment under the same key: the first answer comes back and nothing else happens.
    const second = await api.post('/v1/payments/confirm', b, { idempotencyKey: 'same-key' });
    expect(second.status).toBe(200);
    expect(second.text).toBe(first.text);
    expect(emu.control.getPayment(b.paymentKey)?.status).toBe('IN_PROGRESS');
    const log = emu.control.requests({ route: 'confirm' });
    expect(log.map((e) => e.replayed)).toEqual([false, true]);
  });

  it('replays error answers too, scoped by API key, method and path', async () => {
    const missing = { paymentKey: 'nope', orderId: 'order-123', amount: 1000 };
    const e1 = await api.post('/v1/payments/confirm', missing, { idempotencyKey: 'k' });
    expect(e1.status).toBe(404);
    const a = await emu.control.authorizePayment({ orderId: orderId(), amount: 1000 });
    const e2 = await api.post('/v1/payments/confirm', a, { idempotencyKey: 'k' });
    expect(e2.status).toBe(404);
    // Another API key is another scope.
    const w = await api.post('/v1/payments/confirm', a, {
      idempotencyKey: 'k',
      key: emu.keys.widgetSecretKey,
    });
    expect(w.status).toBe(200);
    // Another path is another scope.
    const c = await api.post(
      `/v1/payments/${a.paymentKey}/cancel`,
      { cancelReason: 'r' },
      { idempotencyKey: 'k', key: emu.keys.widgetSecretKey },
    );
    expect(c.body.status).toBe('CANCELED');
  });

  it('answers 409 IDEMPOTENT_REQUEST_PROCESSING while the first request is in flight', async () => {
    const a = await emu.control.authorizePayment({ orderId: orderId(), amount: 1000 });
    emu.control.fault({ kind: 'latency', route: 'confirm', ms: 800, times: 1 });
    const slow = api.post('/v1/payments/confirm', a, { idempotencyKey: 'inflight' });
    // the first request has taken the latency fault: it holds its key and waits
    await vi.waitFor(() => expect(emu.control.faults()).toHaveLength(0), { interval: 5 });
    const during = await api.post('/v1/payments/confirm', a, { idempotencyKey: 'inflight' });
    expect(during.status).toBe(409);
    expect(during.body.code).toBe('IDEMPOTENT_REQUEST_PROCESSING');
    expect((await slow).status).toBe(200);
    const after = await api.post('/v1/payments/confirm', a, { idempotencyKey: 'inflight' });
    expect(after.status).toBe(200);
  });

  it('answers 400 INVALID_IDEMPOTENCY_KEY over 300 characters; 300 is fine', async () => {
    const a = await emu.control.authorizePayment({ orderId: orderId(), amount: 1000 });
    const long = await api.post('/v1/payments/confirm', a, { idempotencyKey: 'x'.repeat(301) });
    expect([long.status, long.body.code]).toEqual([400, 'INVALID_IDEMPOTENCY_KEY']);
    expect((await api.post('/v1/payments/confirm', a, { idempotencyKey: 'x'.repeat(300) })).status).toBe(200);
  });

  it('forgets keys after 15 days on the emulator clock', async () => {
    const a = await emu.control.authorizePayment({ orderId: orderId(), amount: 1000 });
    await api.post('/v1/payments/confirm', a, { idempotencyKey: 'old' });
    emu.control.advanceClock(IDEMPOTENCY_TTL_MS - 60_000);
    expect((await api.post('/v1/payments/confirm', a, { idempotencyKey: 'old' })).status).toBe(200);
    emu.control.advanceClock(120_000);
    const fresh = await api.post('/v1/payments/confirm', a, { idempotencyKey: 'old' });
    expect(fresh.body.code).toBe('ALREADY_PROCESSED_PAYMENT');
  });

  it('ignores the header on GET', async () => {
    const done = await api.pay(orderId(), 1000);
    const r1 = await api.call('GET', `/v1/payments/${done.paymentKey}`, undefined, { idempotencyKey: 'g' });
    expect(r1.status).toBe(200);
    expect(emu.control.requests({ method: 'GET' })[0]?.idempotencyKey).toBeNull();
  });
});

describe('TossPayments-Test-Code', () => {
  it('answers any catalogue code with its documented status and message', async () => {
    // docs.tosspayments.com/reference/error-codes, written out here so a wrong catalogue entry fails
    const documented: [string, number, string][] = [
      ['REJECT_CARD_COMPANY', 403, '결제 승인이 거절되었습니다.'],
      ['PROVIDER_ERROR', 400, '일시적인 오류가 발생했습니다. 잠시 후 다시 시도해주세요.'],
      ['NOT_FOUND_PAYMENT', 404, '존재하지 않는 결제 정보 입니다.'],
      [
        'FAILED_INTERNAL_SYSTEM_PROCESSING',
        500,
        '내부 시스템 처리 작업이 실패했습니다. 잠시 후 다시 시도해주세요.',
      ],
      ['INVALID_CARD_EXPIRATION', 400, '카드 정보를 다시 확인해주세요.(유효기간)'],
    ];
    for (const [code, status, message] of documented) {
      const res = await api.post('/v1/payments/key-in', {}, { headers: { 'TossPayments-Test-Code': code } });
      expect(res.status).toBe(status);
      expect(res.body).toEqual({ code, message });
    }
    const en = await api.get('/v1/payments/x', {
      headers: { 'TossPayments-Test-Code': 'PROVIDER_ERROR', 'accept-language': 'en-US' },
    });
    expect(en.body.message).toBe('A temporary error has occurred. Please try again in a few minutes.');
  });

  it('answers INVALID_TEST_CODE for an unknown code, and ignores the header with live keys', async () => {
    const res = await api.get('/v1/payments/x', { headers: { 'TossPayments-Test-Code': 'NO_SUCH_CODE' } });
    expect([res.status, res.body.code]).toEqual([400, 'INVALID_TEST_CODE']);
    const live = await createEmulator({ secretKeys: ['live_sk_0123456789abcd'] });
    try {
      const r = await client(live).get('/v1/payments/x', {
        key: 'live_sk_0123456789abcd',
        headers: { 'TossPayments-Test-Code': 'PROVIDER_ERROR' },
      });
      expect(r.body.code).toBe('NOT_FOUND_PAYMENT');
    } finally {
      await live.close();
    }
  });
});

describe('FORBIDDEN_CONSECUTIVE_REQUEST', () => {
  it('refuses the same GET or cancel of an unchanged payment within the window, on the emulator clock', async () => {
    const e = await createEmulator({ consecutiveRequestWindowMs: 1000 });
    const c = client(e);
    try {
      const done = await c.pay(orderId(), 5000);
      const path = `/v1/payments/${done.paymentKey}`;
      expect((await c.get(path)).status).toBe(200);
      const again = await c.get(path);
      expect([again.status, again.body.code]).toEqual([403, 'FORBIDDEN_CONSECUTIVE_REQUEST']);
      e.control.advanceClock(1000);
      expect((await c.get(path)).status).toBe(200);
      // A change in between (a cancel) makes the next GET legitimate at once.
      const cancel = await c.post(`${path}/cancel`, { cancelReason: 'r', cancelAmount: 100 });
      expect(cancel.status).toBe(200);
      expect((await c.get(path)).status).toBe(200);
      // The same partial cancel repeated at once is refused; the payment is charged back only once.
      const twice = await c.post(`${path}/cancel`, { cancelReason: 'r', cancelAmount: 100 });
      expect(twice.body.code).toBe('FORBIDDEN_CONSECUTIVE_REQUEST');
      expect(e.control.getPayment(done.paymentKey)?.balanceAmount).toBe(4900);
      // A retry with the same Idempotency-Key is a replay, not a consecutive request.
      const k1 = await c.post(
        `${path}/cancel`,
        { cancelReason: 'k', cancelAmount: 200 },
        { idempotencyKey: 'c1' },
      );
      const k2 = await c.post(
        `${path}/cancel`,
        { cancelReason: 'k', cancelAmount: 200 },
        { idempotencyKey: 'c1' },
      );
      expect(k2.text).toBe(k1.text);
    } finally {
      await e.close();
    }
  });

  it('is off with consecutiveRequestWindowMs: 0', async () => {
    const done = await api.pay(orderId(), 5000);
    for (let i = 0; i < 3; i++) expect((await api.get(`/v1/payments/${done.paymentKey}`)).status).toBe(200);
  });
});

describe('session expiry on the emulator clock', () => {
  it('IN_PROGRESS expires after 10 minutes: EXPIRED with EXPIRED_PAYMENT and NOT_FOUND_PAYMENT_SESSION on confirm', async () => {
    const frozen = await createEmulator({ timeScale: 0 });
    try {
      const s = await frozen.control.authorizePayment({ orderId: orderId(), amount: 1000 });
      frozen.control.advanceClock(IN_PROGRESS_TTL_MS - 1);
      expect(frozen.control.getPayment(s.paymentKey)?.status).toBe('IN_PROGRESS');
      frozen.control.advanceClock(1);
      expect(frozen.control.getPayment(s.paymentKey)?.status).toBe('EXPIRED');
    } finally {
      await frozen.close();
    }
    const a = await emu.control.authorizePayment({ orderId: orderId(), amount: 1000 });
    emu.control.advanceClock(IN_PROGRESS_TTL_MS);
    const p = shapes.payment(emu.control.getPayment(a.paymentKey));
    expect(p.status).toBe('EXPIRED');
    expect(p.failure?.code).toBe('EXPIRED_PAYMENT');
    const res = await api.post('/v1/payments/confirm', a);
    expect([res.status, res.body.code]).toEqual([404, 'NOT_FOUND_PAYMENT_SESSION']);
    const got = await api.get(`/v1/payments/${a.paymentKey}`);
    expect(shapes.payment(got.body).status).toBe('EXPIRED');
  });

  it('READY expires after 30 minutes; a READY payment can be authorized before that', async () => {
    const id = orderId();
    const opened = await emu.control.openPayment({ orderId: id, amount: 1000 });
    expect(shapes.payment(emu.control.getPayment(opened.paymentKey)).method).toBeNull();
    emu.control.advanceClock(READY_TTL_MS - 60_000);
    const a = await emu.control.authorizePayment({
      orderId: id,
      amount: 1000,
      paymentKey: opened.paymentKey,
      method: 'TRANSFER',
    });
    expect(a.paymentKey).toBe(opened.paymentKey);
    expect((await api.post('/v1/payments/confirm', a)).body.method).toBe('계좌이체');

    const late = await emu.control.openPayment({ orderId: orderId(), amount: 1000 });
    emu.control.advanceClock(READY_TTL_MS);
    expect(emu.control.getPayment(late.paymentKey)?.status).toBe('EXPIRED');
    await expect(
      emu.control.authorizePayment({
        orderId: emu.control.getPayment(late.paymentKey)!.orderId,
        amount: 1000,
        paymentKey: late.paymentKey,
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND_PAYMENT_SESSION' });
  });

  it('a frozen clock (timeScale 0) moves only with advanceClock', async () => {
    const frozen = await createEmulator({ timeScale: 0, clock: Date.parse('2026-01-01T00:00:00Z') });
    try {
      // the machine's clock moves on an hour; the frozen emulator's does not
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
      vi.setSystemTime(Date.now() + 3_600_000);
      expect(frozen.control.now()).toBe(Date.parse('2026-01-01T00:00:00Z'));
      vi.useRealTimers();
      expect(frozen.control.advanceClock(1500)).toBe(Date.parse('2026-01-01T00:00:01.500Z'));
    } finally {
      vi.useRealTimers();
      await frozen.close();
    }
  });

  it('control.now follows advanceClock', () => {
    const before = emu.control.now();
    const after = emu.control.advanceClock(3_600_000);
    expect(after - before).toBeGreaterThanOrEqual(3_600_000);
    expect(emu.control.now()).toBeGreaterThanOrEqual(after);
  });
});

describe('amount rules', () => {
  it('refuses amounts under the method minimum, zero, and non-KRW cards', async () => {
    await expect(emu.control.authorizePayment({ orderId: orderId(), amount: 99 })).rejects.toMatchObject({
      code: 'BELOW_MINIMUM_AMOUNT',
    });
    await expect(
      emu.control.authorizePayment({ orderId: orderId(), amount: 199, method: 'TRANSFER' }),
    ).rejects.toMatchObject({ code: 'BELOW_MINIMUM_AMOUNT' });
    await expect(emu.control.authorizePayment({ orderId: orderId(), amount: 0 })).rejects.toMatchObject({
      code: 'BELOW_ZERO_AMOUNT',
    });
    await expect(
      emu.control.authorizePayment({ orderId: orderId(), amount: 1000, currency: 'USD' }),
    ).rejects.toMatchObject({ code: 'INVALID_CURRENCY' });
    await expect(emu.control.authorizePayment({ orderId: orderId(), amount: 100 })).resolves.toMatchObject({
      amount: 100,
    });
  });

  it('refuses bad orderIds and reuse of an approved orderId', async () => {
    await expect(emu.control.authorizePayment({ orderId: 'abc', amount: 1000 })).rejects.toMatchObject({
      code: 'INVALID_ORDER_ID',
    });
    const id = orderId();
    await api.pay(id, 1000);
    await expect(emu.control.authorizePayment({ orderId: id, amount: 1000 })).rejects.toMatchObject({
      code: 'DUPLICATED_ORDER_ID',
    });
  });
});
