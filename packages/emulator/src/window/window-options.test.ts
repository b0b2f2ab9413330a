// Issue 12 §3 e and i through the window's HTTP surface (the requests the SDK stand-in and the window's form make):
// the request's useEscrow and taxExemptionAmount options reach the approved Payment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../index.js';
import { client } from '../test-helpers.js';

const SHOP = 'http://127.0.0.1:9';
let emulator: Emulator;
let seq = 0;

beforeAll(async () => {
  emulator = await createEmulator({ consecutiveRequestWindowMs: 0 });
});
afterAll(async () => {
  await emulator?.close();
});

/** Opens the window for the request, approves it with the form, confirms what the redirect carried. */
async function payThroughWindow(request: Record<string, unknown>, form: Record<string, string> = {}) {
  const created = await fetch(`${emulator.url}/window/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      clientKey: emulator.keys.clientKey,
      kind: 'payment',
      customerKey: 'customer-88',
      openerOrigin: SHOP,
      request: {
        successUrl: `${SHOP}/ok`,
        failUrl: `${SHOP}/no`,
        amount: { currency: 'KRW', value: 30_000 },
        orderId: `order-opt-${Date.now()}-${++seq}`,
        orderName: '옵션 시험',
        ...request,
      },
    }),
  });
  const body = (await created.json()) as { url: string; code?: string };
  if (created.status !== 201) return { status: created.status, code: body.code };
  const decided = await fetch(body.url, {
    method: 'POST',
    body: new URLSearchParams({ action: 'approve', ...form }),
    redirect: 'manual',
  });
  const q = new URL(decided.headers.get('location')!).searchParams;
  const confirmed = await client(emulator).confirmRedirect(q);
  expect(confirmed.status, confirmed.text).toBe(200);
  return { status: 201, payment: confirmed.body };
}

describe('request options in the approved Payment', () => {
  it('card.useEscrow makes an escrow payment that cannot be cancelled in part', async () => {
    const { payment } = await payThroughWindow({ method: 'CARD', card: { useEscrow: true } });
    expect(payment.useEscrow).toBe(true);
    expect(payment.isPartialCancelable).toBe(false);
  });

  it('transfer.useEscrow and virtualAccount.useEscrow are honoured too', async () => {
    const transfer = await payThroughWindow({ method: 'TRANSFER', transfer: { useEscrow: true } });
    expect(transfer.payment.useEscrow).toBe(true);
    const va = await payThroughWindow({ method: 'VIRTUAL_ACCOUNT', virtualAccount: { useEscrow: true } });
    expect(va.payment.useEscrow).toBe(true);
    expect(va.payment.isPartialCancelable).toBe(false);
  });

  it('card.taxExemptionAmount is kept in the Payment (and a card payment with it is full-cancel only)', async () => {
    const { payment } = await payThroughWindow({ method: 'CARD', card: { taxExemptionAmount: 2_000 } });
    expect(payment.taxExemptionAmount).toBe(2_000);
    expect(payment.isPartialCancelable).toBe(false);
    const va = await payThroughWindow({
      method: 'VIRTUAL_ACCOUNT',
      virtualAccount: { taxExemptionAmount: 700 },
    });
    expect(va.payment.taxExemptionAmount).toBe(700);
  });

  it('refuses a taxExemptionAmount above the amount with INVALID_PARAMETER', async () => {
    const res = await payThroughWindow({ method: 'CARD', card: { taxExemptionAmount: 30_001 } });
    expect(res).toEqual({ status: 400, code: 'INVALID_PARAMETER' });
  });

  it('a transfer billing window gives a billing key with transfers for the bank the buyer picked', async () => {
    const created = await fetch(`${emulator.url}/window/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        clientKey: emulator.keys.clientKey,
        kind: 'billing',
        customerKey: 'customer-88',
        openerOrigin: SHOP,
        request: { method: 'TRANSFER', successUrl: `${SHOP}/ok`, failUrl: `${SHOP}/no` },
      }),
    });
    expect(created.status).toBe(201);
    const { url } = (await created.json()) as { url: string };
    const decided = await fetch(url, {
      method: 'POST',
      body: new URLSearchParams({ action: 'approve', bank: 'KAKAOBANK' }),
      redirect: 'manual',
    });
    const q = new URL(decided.headers.get('location')!).searchParams;
    const issued = await client(emulator).post('/v1/billing/authorizations/issue', {
      authKey: q.get('authKey'),
      customerKey: q.get('customerKey'),
    });
    expect(issued.status, issued.text).toBe(200);
    expect(issued.body.method).toBe('계좌이체');
    expect(issued.body.card).toBeNull();
    expect(issued.body.transfers[0]).toMatchObject({ bankCode: '90', bankName: '카카오뱅크' });
  });
});
