// Every payment method through the window's HTTP surface of a real emulator (no browser: the same
// requests the SDK stand-in and the window's form make), confirmed through the emulator's API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../index.js';
import { client } from '../test-helpers.js';

const SHOP = 'http://127.0.0.1:9';
let emulator: Emulator;
let seq = 0;

beforeAll(async () => {
  emulator = await createEmulator();
});
afterAll(async () => {
  await emulator?.close();
});

/** POST /window/sessions with a payment request, as the SDK stand-in does when a page calls requestPayment. */
function openPaymentWindow(request: Record<string, unknown>, customerKey = '@@ANONYMOUS') {
  return fetch(`${emulator.url}/window/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      clientKey: emulator.keys.clientKey,
      kind: 'payment',
      customerKey,
      openerOrigin: SHOP,
      request: { successUrl: `${SHOP}/ok`, failUrl: `${SHOP}/no`, ...request },
    }),
  });
}

/** The buyer presses 결제하기 in the window: the query of the redirect it answers with. */
async function approve(windowUrl: string, form: Record<string, string>) {
  const decided = await fetch(windowUrl, {
    method: 'POST',
    body: new URLSearchParams({ action: 'approve', ...form }),
    redirect: 'manual',
  });
  expect(decided.status).toBe(303);
  return new URL(decided.headers.get('location')!).searchParams;
}

async function pay(
  method: string,
  value: number,
  form: Record<string, string>,
  extra: Record<string, unknown> = {},
) {
  const orderId = `order-m-${Date.now()}-${++seq}`;
  const created = await openPaymentWindow(
    { method, amount: { currency: 'KRW', value }, orderId, orderName: `${method} 시험`, ...extra },
    'customer-77',
  );
  const session = (await created.json()) as { url: string };
  expect(created.status).toBe(201);
  const page = await fetch(session.url);
  expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  return { orderId, q: await approve(session.url, form) };
}

/** The shop's success route: confirm what the redirect carried. */
const confirm = (q: URLSearchParams) => client(emulator).confirmRedirect(q);

describe('every SDK method through the window', () => {
  it('opening the window creates a READY payment at the emulator', async () => {
    const orderId = `order-ready-${Date.now()}`;
    const res = await openPaymentWindow({
      method: 'CARD',
      amount: { currency: 'KRW', value: 1000 },
      orderId,
      orderName: 'x',
    });
    expect(res.status).toBe(201);
    expect(emulator.control.getPayment(orderId)?.status).toBe('READY');
  });

  it.each([
    [
      'TRANSFER',
      10_000,
      { bank: 'WOORI', cashReceipt: '소득공제' },
      '계좌이체',
      (p: any) => expect(p.transfer.bankCode).toBe('20'),
    ],
    ['MOBILE_PHONE', 5_000, { carrier: 'KT' }, '휴대폰', (p: any) => expect(p.mobilePhone).not.toBeNull()],
    [
      'CULTURE_GIFT_CERTIFICATE',
      5_000,
      {},
      '문화상품권',
      (p: any) => expect(p.giftCertificate).not.toBeNull(),
    ],
    [
      'BOOK_GIFT_CERTIFICATE',
      5_000,
      {},
      '도서문화상품권',
      (p: any) => expect(p.giftCertificate).not.toBeNull(),
    ],
    [
      'GAME_GIFT_CERTIFICATE',
      5_000,
      {},
      '게임문화상품권',
      (p: any) => expect(p.giftCertificate).not.toBeNull(),
    ],
  ] as const)('%s: approve → success → confirm DONE', async (method, value, form, name, check) => {
    const { orderId, q } = await pay(method, value, form);
    expect(q.get('orderId')).toBe(orderId);
    const { status, body } = await confirm(q);
    expect(status).toBe(200);
    expect(body.status).toBe('DONE');
    expect(body.method).toBe(name);
    check(body);
  });

  it('a card payment below the emulator minimum is refused when the window opens, with the emulator code', async () => {
    const res = await openPaymentWindow({
      method: 'CARD',
      amount: { currency: 'KRW', value: 50 },
      orderId: `order-min-${Date.now()}`,
      orderName: 'x',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe('BELOW_MINIMUM_AMOUNT');
  });

  it('a preset card company with flowMode DIRECT is the only choice', async () => {
    const orderId = `order-direct-${Date.now()}`;
    const created = await openPaymentWindow({
      method: 'CARD',
      amount: { currency: 'KRW', value: 60_000 },
      orderId,
      orderName: 'direct',
      card: { flowMode: 'DIRECT', cardCompany: '현대', cardInstallmentPlan: 6 },
    });
    const { url } = (await created.json()) as { url: string };
    const html = await (await fetch(url)).text();
    expect(html.match(/<option value="[A-Z_]+"( selected)?>[^<]*카드<\/option>/g)).toEqual([
      '<option value="HYUNDAI" selected>현대카드</option>',
    ]);
    expect(html).toContain('<option value="6" selected>6개월</option>');
    const { body } = await confirm(await approve(url, { cardCompany: 'HYUNDAI', installment: '6' }));
    expect(body.card).toMatchObject({ issuerCode: '61', installmentPlanMonths: 6 });
  });
  it('billing auth by transfer: the window offers banks, success carries customerKey and authKey', async () => {
    const created = await fetch(`${emulator.url}/window/sessions`, {
      method: 'POST',
      body: JSON.stringify({
        clientKey: emulator.keys.clientKey,
        kind: 'billing',
        customerKey: 'cust-transfer-1',
        openerOrigin: SHOP,
        request: { method: 'TRANSFER', successUrl: `${SHOP}/billing`, failUrl: `${SHOP}/no` },
      }),
    });
    const { url } = (await created.json()) as { url: string };
    const html = await (await fetch(url)).text();
    expect(html).toContain('data-testid="bank-select"');
    expect(html).not.toContain('data-testid="decline"');
    const q = await approve(url, { bank: 'TOSSBANK' });
    expect(q.get('customerKey')).toBe('cust-transfer-1');
    expect(q.get('authKey')).toBeTruthy();
  });
});
