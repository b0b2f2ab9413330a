// Foreign easy pay (PayPal, FOREIGN_EASY_PAY) end to end over HTTP: the window in USD, the redirect with a decimal
// amount, confirm with cents, the Payment's foreignEasyPay and country, VAT on cents, and the asynchronous cancel
// (IN_PROGRESS, then DONE with CANCEL_STATUS_CHANGED).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from './index.js';
import { client, orderId, type EmulatorClient } from './test-helpers.js';

const SHOP = 'http://127.0.0.1:9';

let emu: Emulator;
let api: EmulatorClient;
let hook: Server;
let received: Record<string, any>[] = [];

beforeAll(async () => {
  hook = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    req.on('end', () => {
      received.push(JSON.parse(text) as Record<string, any>);
      res.end('ok');
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
  emu = await createEmulator({ consecutiveRequestWindowMs: 0, timeScale: 0, webhookUrls: [hookUrl] });
  api = client(emu);
});
afterAll(async () => {
  await emu.close();
  await new Promise((r) => hook.close(r));
});
beforeEach(() => {
  emu.control.reset();
  received = [];
});

function paypalRequest(extra: Record<string, unknown> = {}) {
  return {
    method: 'FOREIGN_EASY_PAY',
    amount: { currency: 'USD', value: 726.24 },
    orderId: orderId('paypal'),
    orderName: '토스 티셔츠 외 2건',
    successUrl: `${SHOP}/success`,
    failUrl: `${SHOP}/fail`,
    foreignEasyPay: { provider: 'PAYPAL', country: 'US' },
    ...extra,
  };
}

async function openWindow(request: Record<string, unknown>) {
  const res = await fetch(`${emu.url}/window/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      clientKey: emu.keys.clientKey,
      kind: 'payment',
      customerKey: '@@ANONYMOUS',
      request,
      openerOrigin: SHOP,
    }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

/** The buyer approves in the window; the answer is the redirect to the shop's successUrl. */
async function approve(url: string): Promise<URLSearchParams> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'action=approve',
    redirect: 'manual',
  });
  expect(res.status).toBe(303);
  const location = new URL(res.headers.get('location')!);
  expect(location.origin + location.pathname).toBe(`${SHOP}/success`);
  return location.searchParams;
}

describe('the PayPal window', () => {
  it('opens in USD, redirects with the decimal amount, and confirms with cents', async () => {
    const opened = await openWindow(paypalRequest());
    expect(opened.status).toBe(201);
    const page = await (await fetch(opened.body.url!)).text();
    expect(page).toContain('USD 726.24');
    const q = await approve(opened.body.url!);
    expect(q.get('amount')).toBe('726.24');

    const confirmed = await api.confirmRedirect(q);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({
      status: 'DONE',
      method: '해외간편결제',
      currency: 'USD',
      totalAmount: 726.24,
      balanceAmount: 726.24,
      // round half up of 726.24 / 11 in cents: 66.02; supplied 726.24 − 66.02
      vat: 66.02,
      suppliedAmount: 660.22,
      country: 'US',
      foreignEasyPay: { provider: 'PAYPAL' },
    });
  });

  it('refuses what the docs rule out: KRW, more than two decimals, the promise form, other providers', async () => {
    const krw = await openWindow(paypalRequest({ amount: { currency: 'KRW', value: 50_000 } }));
    expect(krw.body.code).toBe('INVALID_AMOUNT_CURRENCY');
    const tooFine = await openWindow(paypalRequest({ amount: { currency: 'USD', value: 10.005 } }));
    expect(tooFine.body.code).toBe('INVALID_AMOUNT_VALUE');
    const promise = await openWindow(paypalRequest({ successUrl: undefined, failUrl: undefined }));
    expect(promise.body.code).toBe('INVALID_PARAMETER');
    expect(promise.body.message).toMatch(/리다이렉트/);
    const gcash = await openWindow(paypalRequest({ foreignEasyPay: { provider: 'GCASH', country: 'PH' } }));
    expect(gcash.body.code).toBe('NOT_SUPPORTED_METHOD');
    const noCountry = await openWindow(paypalRequest({ foreignEasyPay: { provider: 'PAYPAL' } }));
    expect(noCountry.body.code).toBe('INVALID_PARAMETER');
  });

  it('a confirm with another amount or more decimals than USD has is refused; the session stays confirmable', async () => {
    const q = await approve((await openWindow(paypalRequest())).body.url!);
    const base = { paymentKey: q.get('paymentKey'), orderId: q.get('orderId') };
    const fractionOfCent = await api.post('/v1/payments/confirm', { ...base, amount: 726.245 });
    expect(fractionOfCent.status).toBe(400);
    expect(fractionOfCent.body.code).toBe('INVALID_REQUEST');
    const rounded = await api.post('/v1/payments/confirm', { ...base, amount: 726 });
    expect(rounded.status).toBe(400);
    expect((await api.post('/v1/payments/confirm', { ...base, amount: 726.24 })).body.status).toBe('DONE');
  });
});

describe('cancelling a PayPal payment', () => {
  async function paid() {
    const q = await approve((await openWindow(paypalRequest())).body.url!);
    return (await api.confirmRedirect(q)).body as { paymentKey: string };
  }

  it('answers IN_PROGRESS, then the provider finishes it: DONE and CANCEL_STATUS_CHANGED', async () => {
    const { paymentKey } = await paid();
    const canceled = await api.post(`/v1/payments/${paymentKey}/cancel`, {
      cancelReason: '고객 요청',
      cancelAmount: 181.56,
    });
    expect(canceled.status).toBe(200);
    // the forum's PayPal payment: 726.24 − 181.56 = 544.68 left, vat 49.52, supplied 495.16
    expect(canceled.body).toMatchObject({
      status: 'PARTIAL_CANCELED',
      balanceAmount: 544.68,
      vat: 49.52,
      suppliedAmount: 495.16,
    });
    expect(canceled.body.cancels).toHaveLength(1);
    expect(canceled.body.cancels[0]).toMatchObject({
      cancelAmount: 181.56,
      refundableAmount: 544.68,
      cancelStatus: 'IN_PROGRESS',
    });
    await emu.control.flushWebhooks();
    expect(received.map((b) => b['eventType'])).not.toContain('CANCEL_STATUS_CHANGED');

    emu.control.advanceClock(60_000);
    await emu.control.flushWebhooks();
    const done = received.filter((b) => b['eventType'] === 'CANCEL_STATUS_CHANGED');
    expect(done).toHaveLength(1);
    expect(done[0]!['data']).toMatchObject({
      transactionKey: canceled.body.cancels[0].transactionKey,
      cancelStatus: 'DONE',
      cancelAmount: 181.56,
    });
    const after = await api.get(`/v1/payments/${paymentKey}`);
    expect(after.body.cancels[0].cancelStatus).toBe('DONE');
  });

  it('cancels the rest in cents exactly, down to a zero balance', async () => {
    const { paymentKey } = await paid();
    await api.post(`/v1/payments/${paymentKey}/cancel`, { cancelReason: 'a', cancelAmount: 0.1 });
    await api.post(`/v1/payments/${paymentKey}/cancel`, { cancelReason: 'b', cancelAmount: 0.2 });
    const rest = await api.post(`/v1/payments/${paymentKey}/cancel`, {
      cancelReason: 'c',
      cancelAmount: 725.94,
    });
    expect(rest.body).toMatchObject({ status: 'CANCELED', balanceAmount: 0, vat: 0, suppliedAmount: 0 });
    const tooMuch = await api.post(`/v1/payments/${(await paid()).paymentKey}/cancel`, {
      cancelReason: 'x',
      cancelAmount: 726.25,
    });
    expect(tooMuch.body.code).toBe('NOT_CANCELABLE_AMOUNT');
  });
});

describe('across a restart (snapshot file)', () => {
  it('a foreign cancel still IN_PROGRESS finishes after the restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tosskit-emu-fep-'));
    const file = join(dir, 'state.json');
    try {
      const first = await createEmulator({ snapshotFile: file, timeScale: 0 });
      const p = await client(first).pay(orderId('paypal'), 12.5, {
        method: 'FOREIGN_EASY_PAY',
        currency: 'USD',
      });
      await client(first).post(`/v1/payments/${p.paymentKey}/cancel`, { cancelReason: '재시작 전 취소' });
      await first.close();

      const second = await createEmulator({ snapshotFile: file, timeScale: 0 });
      try {
        expect(second.control.getPayment(p.paymentKey)?.cancels?.[0]?.cancelStatus).toBe('IN_PROGRESS');
        second.control.advanceClock(60_000);
        expect(second.control.getPayment(p.paymentKey)?.cancels?.[0]?.cancelStatus).toBe('DONE');
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
