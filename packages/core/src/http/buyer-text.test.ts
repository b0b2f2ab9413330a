// What the buyer reads is written for the buyer; the developer's numbers and fixes go to the log and, outside
// production, to `detail`.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TOSSKIT_ERRORS } from '../errors/tosskit-errors.js';
import { createTestShop, type TestShop } from '../testing/handler-test-support.js';
import { knownOptionNames } from './startup-checks.js';

let shop: TestShop | null = null;
afterEach(async () => {
  vi.unstubAllEnvs();
  await shop?.close();
  shop = null;
});

describe('buyer text and developer text apart', () => {
  it('no buyer-facing message of the catalogue names an option or a hook', () => {
    const names = knownOptionNames();
    // camelCase names are code in either language; a lowercase one (ledger, logger, gateway) is code only
    // inside Korean text, where a Latin word can only be an identifier
    const codeLike = names.filter((name) => /[A-Z]/.test(name));
    const offending: string[] = [];
    for (const [code, entry] of Object.entries(TOSSKIT_ERRORS)) {
      for (const [locale, text] of [
        ['ko', entry.ko],
        ['en', entry.en],
      ] as const) {
        const candidates = locale === 'ko' ? names : codeLike;
        for (const name of candidates)
          if (new RegExp(`(?<![A-Za-z])${name}(?![A-Za-z])`).test(text))
            offending.push(`${code} ${locale}: ${name}`);
        if (/Retry-After|details\.issues/.test(text)) offending.push(`${code} ${locale}: a developer hint`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('AMOUNT_MISMATCH: the buyer reads no amounts or hints; detail (outside production) and the log carry them', async () => {
    shop = await createTestShop({ redirects: { fail: '/checkout/fail' } });
    const { paymentKey, orderId } = await shop.approve(27000);
    const query = `/payments/success?paymentKey=${paymentKey}&orderId=${orderId}&amount=100`;

    const page = await shop.get(query);
    const message = new URL(page.headers.get('location') ?? '', 'http://x').searchParams.get('message') ?? '';
    expect(message).toBe(
      '결제 금액이 주문 금액과 달라 결제하지 않았습니다. 주문을 확인한 뒤 다시 결제해주세요.',
    );
    expect(message).not.toContain('27000');

    const json = (await (await shop.get(query, { accept: 'application/json' })).json()) as Record<
      string,
      unknown
    >;
    expect(json['message']).toBe(message);
    expect(json['detail']).toBe(
      '주문 금액: 27000, 받은 금액: 100. 결제 요청에는 서버가 계산한 주문 금액을 사용하세요.',
    );
    const english = (await (
      await shop.get(query, { accept: 'application/json', 'accept-language': 'en' })
    ).json()) as Record<string, unknown>;
    expect(english['message']).toBe(
      'The payment amount does not match the order, so nothing was charged. Check the order and pay again.',
    );
    expect(english['detail']).toContain('Order: 27000, received: 100.');

    const refused = shop.logger.entries.filter((e) => e.message === 'request refused');
    expect(refused[0]?.fields).toMatchObject({ code: 'AMOUNT_MISMATCH', status: 400 });
    expect(String(refused[0]?.fields?.['detail'])).toContain('27000');

    vi.stubEnv('NODE_ENV', 'production');
    const production = (await (await shop.get(query, { accept: 'application/json' })).json()) as Record<
      string,
      unknown
    >;
    expect(production['code']).toBe('AMOUNT_MISMATCH');
    expect(production).not.toHaveProperty('detail');
  });

  it('ORDER_NOT_FOUND tells the buyer the order is unknown and the developer to check orderLookup', async () => {
    shop = await createTestShop();
    const { paymentKey } = await shop.approve(5000);
    const answer = await shop.post('/payments/confirm', {
      paymentKey,
      orderId: 'no-such-order-1',
      amount: 5000,
    });
    const body = (await answer.json()) as { code: string; message: string; detail?: string };
    expect(body.code).toBe('ORDER_NOT_FOUND');
    expect(body.message).not.toContain('orderLookup');
    expect(body.detail).toContain('orderLookup');
  });
});
