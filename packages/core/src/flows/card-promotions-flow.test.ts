// Card promotions: the filter (unit) and GET {basePath}/promotions with its cache against a real emulator.
import { afterEach, describe, expect, it } from 'vitest';
import { createTestShop, type TestShop } from '../testing/handler-test-support.js';
import type { CardPromotion } from '../models/index.js';
import { kstToday, selectApplicablePromotions } from './card-promotions-flow.js';

const DAY = 86_400_000;
const kstDate = (ms: number) => kstToday(ms);

function promotionsFor(now: number): CardPromotion {
  return {
    discountCards: [
      // applies from 30,000 to 1,000,000 won
      {
        issuerCode: '41',
        discountAmount: 1000,
        balance: 2_500_000,
        discountCode: 'disc_a',
        dueDate: kstDate(now + 30 * DAY),
        minimumPaymentAmount: 30000,
        maximumPaymentAmount: 1_000_000,
        currency: 'KRW',
      },
      // budget spent
      {
        issuerCode: '51',
        discountAmount: 3000,
        balance: 0,
        discountCode: 'disc_b',
        dueDate: kstDate(now + 30 * DAY),
        minimumPaymentAmount: 10000,
        maximumPaymentAmount: null,
        currency: 'KRW',
      },
      // over yesterday
      {
        issuerCode: '61',
        discountAmount: 2000,
        balance: 100_000,
        discountCode: 'disc_c',
        dueDate: kstDate(now - DAY),
        minimumPaymentAmount: 10000,
        maximumPaymentAmount: null,
        currency: 'KRW',
      },
      // the old field name, no maximum
      {
        cardCompany: '11',
        discountAmount: 5000,
        balance: 900_000,
        discountCode: 'disc_d',
        dueDate: kstDate(now),
        minimumPaymentAmount: 100_000,
        maximumPaymentAmount: null,
        currency: 'KRW',
      },
    ],
    interestFreeCards: [
      {
        issuerCode: '51',
        minimumPaymentAmount: 50000,
        dueDate: kstDate(now + 10 * DAY),
        installmentFreeMonths: [6, 2, 3],
        currency: 'KRW',
      },
      {
        issuerCode: '21',
        minimumPaymentAmount: 50000,
        dueDate: kstDate(now - DAY),
        installmentFreeMonths: [2, 3],
        currency: 'KRW',
      },
    ],
  } as CardPromotion;
}

describe('selectApplicablePromotions', () => {
  const now = Date.UTC(2026, 10, 22, 3, 0, 0);
  const list = promotionsFor(now);

  it('keeps discounts with budget, inside their amount range and not past their due date', () => {
    expect(
      selectApplicablePromotions(list, 50_000, now).discountCards.map((d) => [
        d.issuerCode,
        d.discountedAmount,
      ]),
    ).toEqual([['41', 49_000]]);
    expect(selectApplicablePromotions(list, 150_000, now).discountCards.map((d) => d.issuerCode)).toEqual([
      '11',
      '41',
    ]);
    expect(selectApplicablePromotions(list, 29_999, now).discountCards).toEqual([]);
    expect(selectApplicablePromotions(list, 1_000_001, now).discountCards.map((d) => d.issuerCode)).toEqual([
      '11',
    ]);
  });

  it('keeps interest-free months from their minimum amount, sorted, with the issuer name', () => {
    const result = selectApplicablePromotions(list, 50_000, now);
    expect(result.interestFreeCards).toEqual([
      {
        issuerCode: '51',
        issuerName: '삼성',
        installmentFreeMonths: [2, 3, 6],
        minimumPaymentAmount: 50000,
        dueDate: kstDate(now + 10 * DAY),
      },
    ]);
    expect(selectApplicablePromotions(list, 49_999, now).interestFreeCards).toEqual([]);
  });

  it('a due date lasts until 23:59:59 Korean time of that day', () => {
    const today = [
      { issuerCode: '41', minimumPaymentAmount: 1, dueDate: '2026-11-22', installmentFreeMonths: [2] },
    ];
    const promo = { discountCards: [], interestFreeCards: today } as unknown as CardPromotion;
    expect(
      selectApplicablePromotions(promo, 1000, Date.UTC(2026, 10, 22, 14, 59, 59)).interestFreeCards,
    ).toHaveLength(1);
    expect(
      selectApplicablePromotions(promo, 1000, Date.UTC(2026, 10, 22, 15, 0, 0)).interestFreeCards,
    ).toHaveLength(0);
  });

  it('without an amount: everything still running, with budget', () => {
    const result = selectApplicablePromotions(list, null, now);
    expect(result.amount).toBeNull();
    expect(result.discountCards.map((d) => d.issuerCode)).toEqual(['11', '41']);
    expect(result.discountCards.every((d) => d.discountedAmount === null)).toBe(true);
  });
});

/** the list as the emulator's promotion config takes it */
function emulatorList() {
  return promotionsFor(Date.now()) as unknown as {
    discountCards: Record<string, unknown>[];
    interestFreeCards: Record<string, unknown>[];
  };
}

describe('GET {basePath}/promotions', () => {
  let shop: TestShop;
  afterEach(async () => {
    await shop?.close();
  });

  it('answers what applies to the amount, and asks the gateway once for many requests inside the cache window', async () => {
    shop = await createTestShop({ promotionsCacheMs: 60_000 }, { promotions: { card: emulatorList() } });
    const response = await shop.get('/payments/promotions?amount=50000');
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      amount: number;
      discountCards: { issuerCode: string; discountedAmount: number }[];
      interestFreeCards: { issuerCode: string }[];
    };
    expect(body.amount).toBe(50000);
    expect(body.discountCards.map((d) => [d.issuerCode, d.discountedAmount])).toEqual([['41', 49000]]);
    expect(body.interestFreeCards.map((i) => i.issuerCode)).toEqual(['51']);

    const many = await Promise.all(
      Array.from({ length: 20 }, (_, i) => shop.get(`/payments/promotions?amount=${10000 * (i + 1)}`)),
    );
    expect(many.every((r) => r.status === 200)).toBe(true);
    await shop.handler.cardPromotions(200_000);
    expect(shop.emulator.control.requests({ route: 'cardPromotions' })).toHaveLength(1);
  });

  it('concurrent first requests share one gateway call; after the cache time the list is asked again', async () => {
    let time = Date.now();
    shop = await createTestShop(
      { promotionsCacheMs: 100, now: () => time },
      { promotions: { card: emulatorList() } },
    );
    await Promise.all(Array.from({ length: 10 }, () => shop.get('/payments/promotions?amount=50000')));
    expect(shop.emulator.control.requests({ route: 'cardPromotions' })).toHaveLength(1);
    // the gateway's list changes: seen once the cache time is over
    shop.emulator.control.setPromotions({ card: { discountCards: [], interestFreeCards: [] } });
    expect(
      ((await (await shop.get('/payments/promotions?amount=50000')).json()) as { discountCards: unknown[] })
        .discountCards,
    ).toHaveLength(1);
    time += 150;
    expect(
      ((await (await shop.get('/payments/promotions?amount=50000')).json()) as { discountCards: unknown[] })
        .discountCards,
    ).toHaveLength(0);
    expect(shop.emulator.control.requests({ route: 'cardPromotions' })).toHaveLength(2);
  });

  it('a bad amount is a 400 in the asked language, without a gateway call; a gateway failure is not cached', async () => {
    shop = await createTestShop({}, { promotions: { card: emulatorList() } });
    const bad = await shop.get('/payments/promotions?amount=12.5', { 'accept-language': 'en' });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { code: string; message: string };
    expect(body.code).toBe('INVALID_AMOUNT');
    expect(body.message).toMatch(/whole number/);
    expect(shop.emulator.control.requests({ route: 'cardPromotions' })).toHaveLength(0);

    shop.emulator.control.fault({ kind: 'fail', route: 'cardPromotions', times: 50, status: 500 });
    shop.logger.expectErrors();
    const failed = await shop.get('/payments/promotions');
    expect(failed.status).toBeGreaterThanOrEqual(500);
    expect(shop.logger.entries.filter((e) => e.level === 'error').map((e) => e.fields?.['route'])).toEqual([
      'GET /promotions',
    ]);
    shop.emulator.control.clearFaults();
    const ok = await shop.get('/payments/promotions');
    expect(ok.status).toBe(200);
  });
});
