import { describe, expect, it } from 'vitest';
import * as shapes from './shapes-test-support.js';
import { createEmulator, DOCS_TEST_KEYS } from './index.js';
import type { Emulator } from './index.js';
import { basic, client, orderId, useEmulator } from './test-helpers.js';
import type { EmulatorClient } from './test-helpers.js';

let emu: Emulator;
let api: EmulatorClient;

useEmulator((started) => ({ emu, api } = started));

describe('auth', () => {
  it('uses the public docs test keys by default, both families', () => {
    expect(emu.keys).toEqual({
      secretKey: DOCS_TEST_KEYS.secretKey,
      clientKey: DOCS_TEST_KEYS.clientKey,
      widgetSecretKey: DOCS_TEST_KEYS.widgetSecretKey,
      widgetClientKey: DOCS_TEST_KEYS.widgetClientKey,
    });
    expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers 403 INCORRECT_BASIC_AUTH_FORMAT without the trailing colon', async () => {
    const res = await api.get('/v1/payments/x', {
      auth: `Basic ${Buffer.from(emu.keys.secretKey).toString('base64')}`,
    });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('INCORRECT_BASIC_AUTH_FORMAT');
    expect(typeof res.body.message).toBe('string');
  });

  it('answers 401 UNAUTHORIZED_KEY for an unknown key, a client key, or no header', async () => {
    expect((await api.get('/v1/payments/x', { key: 'test_sk_unknownkey' })).body.code).toBe(
      'UNAUTHORIZED_KEY',
    );
    expect((await api.get('/v1/payments/x', { key: emu.keys.clientKey })).status).toBe(401);
    expect((await api.get('/v1/payments/x', { auth: null })).status).toBe(401);
  });

  it('accepts the widget secret key too', async () => {
    const res = await api.get('/v1/payments/nope', { key: emu.keys.widgetSecretKey });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND_PAYMENT');
  });

  it('answers 400 INVALID_API_KEY when a widget payment is confirmed with an API-individual key (and test/live mixing)', async () => {
    const id = orderId();
    const auth = await emu.control.authorizePayment({
      orderId: id,
      amount: 1000,
      clientKey: emu.keys.widgetClientKey,
    });
    const wrong = await api.post('/v1/payments/confirm', { ...auth }, { key: emu.keys.secretKey });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('INVALID_API_KEY');
    const right = await api.post('/v1/payments/confirm', { ...auth }, { key: emu.keys.widgetSecretKey });
    expect(right.status).toBe(200);

    const live = await createEmulator({
      secretKeys: ['live_sk_abcdefghijklmnop'],
      clientKeys: ['test_ck_abcdefghijkl'],
    });
    try {
      const a = await live.control.authorizePayment({
        orderId: orderId(),
        amount: 1000,
        clientKey: 'test_ck_abcdefghijkl',
      });
      const res = await client(live).post(
        '/v1/payments/confirm',
        { ...a },
        { key: 'live_sk_abcdefghijklmnop' },
      );
      expect(res.body.code).toBe('INVALID_API_KEY');
      expect(live.keys.secretKey).toBe('live_sk_abcdefghijklmnop');
    } finally {
      await live.close();
    }
  });

  it('refuses option keys of the wrong kind at startup', async () => {
    await expect(createEmulator({ secretKeys: ['test_ck_x'] })).rejects.toThrow(/secret key/);
  });
});

describe('confirm', () => {
  it('confirms a card payment: DONE with a Card object, every field present as documented', async () => {
    const id = orderId();
    const { paymentKey } = await emu.control.authorizePayment({
      orderId: id,
      amount: 15_000,
      orderName: '티셔츠',
      cardCompany: '41',
    });
    const res = await api.post('/v1/payments/confirm', { paymentKey, orderId: id, amount: 15_000 });
    expect(res.status).toBe(200);
    const p = shapes.payment(res.body);
    expect(p.status).toBe('DONE');
    expect(p.method).toBe('카드');
    expect(p.card?.issuerCode).toBe('41');
    expect(p.card?.amount).toBe(15_000);
    expect(p.vat).toBe(1364);
    expect(p.suppliedAmount).toBe(13_636);
    expect(p.balanceAmount).toBe(15_000);
    expect(p.approvedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/);
    expect(p.lastTransactionKey).toMatch(/^txrd_/);
    for (const field of [
      'virtualAccount',
      'transfer',
      'mobilePhone',
      'giftCertificate',
      'easyPay',
      'cancels',
      'secret',
      'failure',
      'cashReceipt',
      'discount',
    ]) {
      expect(res.body).toHaveProperty(field, null);
    }
    expect(res.body.version).toBe('2022-11-16');
  });

  it('answers ALREADY_PROCESSED_PAYMENT on a second confirm', async () => {
    const id = orderId();
    const auth = await emu.control.authorizePayment({ orderId: id, amount: 5000 });
    expect((await api.post('/v1/payments/confirm', auth)).status).toBe(200);
    const again = await api.post('/v1/payments/confirm', auth);
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('ALREADY_PROCESSED_PAYMENT');
  });

  it('checks orderId and amount against the authorized session and leaves it confirmable', async () => {
    const id = orderId();
    const auth = await emu.control.authorizePayment({ orderId: id, amount: 5000 });
    const amount = await api.post('/v1/payments/confirm', { ...auth, amount: 4000 });
    expect(amount.status).toBe(400);
    expect(amount.body.code).toBe('INVALID_REQUEST');
    const order = await api.post('/v1/payments/confirm', { ...auth, orderId: 'other-order-1' });
    expect(order.status).toBe(400);
    expect(emu.control.getPayment(auth.paymentKey)?.status).toBe('IN_PROGRESS');
    expect((await api.post('/v1/payments/confirm', auth)).status).toBe(200);
  });

  it('answers 404 NOT_FOUND_PAYMENT_SESSION for an unknown paymentKey and 400 for a bad body', async () => {
    const res = await api.post('/v1/payments/confirm', {
      paymentKey: 'nope',
      orderId: 'order-123',
      amount: 1000,
    });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND_PAYMENT_SESSION');
    const bad = await api.post('/v1/payments/confirm', { orderId: 'order-123' });
    expect(bad.status).toBe(400);
    const notJson = await api.call('POST', '/v1/payments/confirm', undefined, {
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.status).toBe(400);
  });

  it('confirms a virtual account: WAITING_FOR_DEPOSIT with secret and an X account number', async () => {
    const id = orderId();
    const auth = await emu.control.authorizePayment({
      orderId: id,
      amount: 3000,
      method: 'VIRTUAL_ACCOUNT',
      bank: '88',
      customerName: '김토스',
      validHours: 12,
    });
    const res = await api.post('/v1/payments/confirm', auth);
    const p = shapes.payment(res.body);
    expect(p.status).toBe('WAITING_FOR_DEPOSIT');
    expect(p.method).toBe('가상계좌');
    expect(p.secret).toMatch(/^ps_/);
    expect(p.virtualAccount?.accountNumber).toMatch(/^X\d+$/);
    expect(p.virtualAccount?.bankCode).toBe('88');
    expect(p.card).toBeNull();
    expect(p.approvedAt).toBeNull();
  });

  it('fills the method sub-object of transfer, mobile phone, gift certificate and easy pay', async () => {
    const cases: [string, string, string][] = [
      ['TRANSFER', '계좌이체', 'transfer'],
      ['MOBILE_PHONE', '휴대폰', 'mobilePhone'],
      ['CULTURE_GIFT_CERTIFICATE', '문화상품권', 'giftCertificate'],
      ['EASY_PAY', '간편결제', 'easyPay'],
    ];
    for (const [method, name, field] of cases) {
      const p = shapes.payment(await api.pay(orderId(), 10_000, { method }));
      expect(p.method).toBe(name);
      expect((p as unknown as Record<string, unknown>)[field]).not.toBeNull();
      expect(p.card).toBeNull();
    }
    const easy = shapes.payment(
      await api.pay(orderId(), 10_000, { method: 'CARD', easyPayProvider: 'KAKAOPAY' }),
    );
    expect([easy.method, easy.easyPay?.provider, easy.card?.amount]).toEqual([
      '간편결제',
      '카카오페이',
      10_000,
    ]);
  });
});

describe('get', () => {
  it('gets by paymentKey and by orderId; unknown gives 404 NOT_FOUND_PAYMENT', async () => {
    const id = orderId();
    const done = await api.pay(id, 2000);
    const byKey = await api.get(`/v1/payments/${done.paymentKey}`);
    expect(shapes.payment(byKey.body)).toEqual(done);
    const byOrder = await api.get(`/v1/payments/orders/${id}`);
    expect(byOrder.body.paymentKey).toBe(done.paymentKey);
    const missing = await api.get('/v1/payments/orders/no-such-order');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND_PAYMENT');
  });

  it('answers in English with Accept-Language: en-US', async () => {
    const res = await api.get('/v1/payments/nope', { headers: { 'accept-language': 'en-US' } });
    expect(res.body.message).toMatch(/[A-Za-z]/);
    expect(res.body.message).not.toMatch(/[가-힣]/);
    const ko = await api.get('/v1/payments/nope');
    expect(ko.body.message).toMatch(/[가-힣]/);
  });
});

describe('cancel', () => {
  it('partially cancels twice then fully: arithmetic, cancels[], lastTransactionKey, statuses, three transactions (seed 003)', async () => {
    const id = orderId();
    const done = await api.pay(id, 15_000);
    const first = await api.post(`/v1/payments/${done.paymentKey}/cancel`, {
      cancelReason: '부분 취소',
      cancelAmount: 5000,
    });
    expect(first.status).toBe(200);
    const p1 = shapes.payment(first.body);
    expect(p1.status).toBe('PARTIAL_CANCELED');
    expect(p1.balanceAmount).toBe(10_000);
    expect(p1.totalAmount).toBe(15_000);
    expect(p1.vat).toBe(909);
    expect(p1.suppliedAmount).toBe(9091);
    expect(p1.cancels).toHaveLength(1);
    const c1 = shapes.cancel(p1.cancels![0]);
    expect(c1.cancelAmount).toBe(5000);
    expect(c1.refundableAmount).toBe(10_000);
    expect(c1.transactionKey).toBe(p1.lastTransactionKey);
    expect(p1.lastTransactionKey).not.toBe(done.lastTransactionKey);

    const second = shapes.payment(
      (
        await api.post(`/v1/payments/${done.paymentKey}/cancel`, {
          cancelReason: '부분 취소 2',
          cancelAmount: 3000,
        })
      ).body,
    );
    expect(second.status).toBe('PARTIAL_CANCELED');
    expect(second.balanceAmount).toBe(7000);
    expect(second.cancels).toHaveLength(2);
    expect(second.cancels![1]!.transactionKey).not.toBe(c1.transactionKey);

    const txs = shapes
      .transactions(emu.control.transactions())
      .filter((t) => t.paymentKey === done.paymentKey);
    expect(txs.map((t) => t.status)).toEqual(['DONE', 'PARTIAL_CANCELED', 'PARTIAL_CANCELED']);
    expect(new Set(txs.map((t) => t.transactionKey)).size).toBe(3);

    const full = shapes.payment(
      (await api.post(`/v1/payments/${done.paymentKey}/cancel`, { cancelReason: '전액' })).body,
    );
    expect(full.status).toBe('CANCELED');
    expect(full.balanceAmount).toBe(0);
    expect(full.vat).toBe(0);
    expect(full.suppliedAmount).toBe(0);
    expect(full.cancels![2]!.cancelAmount).toBe(7000);
  });

  it('recomputes tax-free amounts on cancel', async () => {
    const done = await api.pay(orderId(), 10_000, { taxFreeAmount: 3000 });
    expect(done.vat).toBe(636);
    const p = (
      await api.post(`/v1/payments/${done.paymentKey}/cancel`, {
        cancelReason: 'r',
        cancelAmount: 4000,
        taxFreeAmount: 1000,
      })
    ).body;
    expect(p.taxFreeAmount).toBe(2000);
    expect(p.vat).toBe(364); // (6000 - 2000) / 11 = 363.6 → 364
    expect(p.suppliedAmount).toBe(3636);
    expect(p.cancels[0].taxFreeAmount).toBe(1000);
  });

  it('refuses: ALREADY_CANCELED_PAYMENT, NOT_CANCELABLE_AMOUNT, NOT_MATCHES_REFUNDABLE_AMOUNT, NOT_FOUND_PAYMENT, missing reason', async () => {
    const done = await api.pay(orderId(), 5000);
    const path = `/v1/payments/${done.paymentKey}/cancel`;
    const tooMuch = await api.post(path, { cancelReason: 'r', cancelAmount: 5001 });
    expect([tooMuch.status, tooMuch.body.code]).toEqual([403, 'NOT_CANCELABLE_AMOUNT']);
    const mismatch = await api.post(path, { cancelReason: 'r', cancelAmount: 100, refundableAmount: 4000 });
    expect([mismatch.status, mismatch.body.code]).toEqual([400, 'NOT_MATCHES_REFUNDABLE_AMOUNT']);
    const noReason = await api.post(path, { cancelAmount: 100 });
    expect(noReason.status).toBe(400);
    const ok = await api.post(path, { cancelReason: 'r', cancelAmount: 100, refundableAmount: 5000 });
    expect(ok.body.balanceAmount).toBe(4900);
    expect((await api.post(path, { cancelReason: 'r' })).body.status).toBe('CANCELED');
    const again = await api.post(path, { cancelReason: 'r' });
    expect([again.status, again.body.code]).toEqual([400, 'ALREADY_CANCELED_PAYMENT']);
    const missing = await api.post('/v1/payments/nope/cancel', { cancelReason: 'r' });
    expect([missing.status, missing.body.code]).toEqual([404, 'NOT_FOUND_PAYMENT']);
  });

  it('cancels a virtual account before deposit only in full; an IN_PROGRESS payment is not cancelable', async () => {
    const auth = await emu.control.authorizePayment({
      orderId: orderId(),
      amount: 3000,
      method: 'VIRTUAL_ACCOUNT',
    });
    await api.post('/v1/payments/confirm', auth);
    const partial = await api.post(`/v1/payments/${auth.paymentKey}/cancel`, {
      cancelReason: 'r',
      cancelAmount: 1000,
    });
    expect([partial.status, partial.body.code]).toEqual([403, 'NOT_ALLOWED_PARTIAL_REFUND_WAITING_DEPOSIT']);
    const full = await api.post(`/v1/payments/${auth.paymentKey}/cancel`, { cancelReason: 'r' });
    expect(full.body.status).toBe('CANCELED');

    const pending = await emu.control.authorizePayment({ orderId: orderId(), amount: 3000 });
    const res = await api.post(`/v1/payments/${pending.paymentKey}/cancel`, { cancelReason: 'r' });
    expect([res.status, res.body.code]).toEqual([403, 'NOT_CANCELABLE_PAYMENT']);
  });
});

describe('request log', () => {
  it('logs method, path, route, status and idempotency key of every API call', async () => {
    const auth = await emu.control.authorizePayment({ orderId: orderId(), amount: 1000 });
    await api.post('/v1/payments/confirm', auth, {
      idempotencyKey: 'k-1',
      headers: { 'accept-language': 'ko-KR' },
    });
    await api.post('/v1/payments/confirm', auth, { headers: { 'accept-language': 'en-US' } });
    const confirms = emu.control.requests({ route: 'confirm' });
    expect(confirms).toHaveLength(2);
    expect(confirms[0]).toMatchObject({
      method: 'POST',
      path: '/v1/payments/confirm',
      status: 200,
      idempotencyKey: 'k-1',
      acceptLanguage: 'ko-KR',
      replayed: false,
    });
    expect(confirms[1]).toMatchObject({
      status: 400,
      code: 'ALREADY_PROCESSED_PAYMENT',
      idempotencyKey: null,
      acceptLanguage: 'en-US',
    });
    emu.control.reset();
    expect(emu.control.requests()).toHaveLength(0);
    expect(emu.control.payments()).toHaveLength(0);
  });

  it('answers unknown API paths with 404 NOT_FOUND (after auth)', async () => {
    expect((await api.get('/v1/nothing-here')).status).toBe(404);
    expect(basic('a')).toBe(`Basic ${Buffer.from('a:').toString('base64')}`);
  });
});
