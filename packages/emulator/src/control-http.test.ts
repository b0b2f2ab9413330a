import { describe, expect, it } from 'vitest';
import * as shapes from './shapes-test-support.js';
import type { Emulator } from './index.js';
import { orderId, useEmulator } from './test-helpers.js';
import type { EmulatorClient } from './test-helpers.js';

let emu: Emulator;
let api: EmulatorClient;

async function ctl(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${emu.url}/__emulator/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? null : JSON.parse(text) };
}

useEmulator((started) => ({ emu, api } = started));

describe('control API over HTTP (/__emulator/)', () => {
  it('describes the emulator', async () => {
    const info = await ctl('GET', '');
    expect(info.body.url).toBe(emu.url);
    expect(info.body.keys).toEqual(emu.keys);
  });

  it('authorizes, lists and gets payments; requests log; reset', async () => {
    const id = orderId();
    const auth = await ctl('POST', 'authorize', { orderId: id, amount: 2000, method: 'CARD' });
    expect(auth.status).toBe(200);
    expect((await api.post('/v1/payments/confirm', auth.body)).status).toBe(200);
    const list = await ctl('GET', 'payments');
    expect(list.body).toHaveLength(1);
    const one = await ctl('GET', `payments/${id}`);
    expect(shapes.payment(one.body).status).toBe('DONE');
    expect((await ctl('GET', 'payments/nope')).status).toBe(404);
    const reqs = await ctl('GET', 'requests?route=confirm');
    expect(reqs.body).toHaveLength(1);
    expect(reqs.body[0]).toMatchObject({ method: 'POST', status: 200 });
    expect((await ctl('POST', 'reset')).status).toBe(200);
    expect((await ctl('GET', 'payments')).body).toEqual([]);
  });

  it('refuses a bad authorization with the gateway code', async () => {
    const res = await ctl('POST', 'authorize', { orderId: orderId(), amount: 10 });
    expect([res.status, res.body.code]).toEqual([400, 'BELOW_MINIMUM_AMOUNT']);
    const notJson = await fetch(`${emu.url}/__emulator/authorize`, { method: 'POST', body: '{' });
    expect(notJson.status).toBe(400);
  });

  it('deposits, expires and cancels; moves the clock; billing auth; open', async () => {
    const va = (
      await api.post('/v1/virtual-accounts', {
        amount: 3000,
        orderId: orderId(),
        orderName: 'x',
        customerName: '김',
        bank: '88',
      })
    ).body;
    expect((await ctl('POST', `payments/${va.paymentKey}/deposit`)).body.status).toBe('DONE');
    expect((await ctl('POST', `payments/${va.paymentKey}/deposit-error`)).body.status).toBe(
      'WAITING_FOR_DEPOSIT',
    );
    expect((await ctl('POST', `payments/${va.paymentKey}/cancel`, { cancelReason: 'x' })).body.status).toBe(
      'CANCELED',
    );
    const opened = await ctl('POST', 'open', { orderId: orderId(), amount: 1000 });
    expect(emu.control.getPayment(opened.body.paymentKey)?.status).toBe('READY');
    const before = emu.control.now();
    const clock = await ctl('POST', 'clock', { advanceMs: 31 * 60_000 });
    expect(clock.body.now - before).toBeGreaterThanOrEqual(31 * 60_000);
    expect(emu.control.getPayment(opened.body.paymentKey)?.status).toBe('EXPIRED');
    const auth2 = await ctl('POST', 'authorize', { orderId: orderId(), amount: 1000 });
    expect((await ctl('POST', `payments/${auth2.body.paymentKey}/expire`)).body.status).toBe('EXPIRED');
    const billing = await ctl('POST', 'authorize-billing', { customerKey: 'cust_ctl' });
    expect(billing.body.authKey).toMatch(/^bln_/);
    expect((await ctl('GET', 'clock')).body.iso).toMatch(/Z$/);
  });

  it('manages faults, webhook endpoints, deliveries, promotions and transactions', async () => {
    const f = await ctl('POST', 'faults', { kind: 'fail', route: 'getPayment', code: 'PROVIDER_ERROR' });
    expect(f.body.id).toBeGreaterThan(0);
    expect((await api.get('/v1/payments/x')).body.code).toBe('PROVIDER_ERROR');
    expect((await ctl('POST', 'faults', { kind: 'nope' })).status).toBe(400);
    await ctl('POST', 'faults', { kind: 'latency', route: '*', ms: 1 });
    expect((await ctl('GET', 'faults')).body).toHaveLength(1);
    await ctl('DELETE', 'faults');
    expect(emu.control.faults()).toHaveLength(0);

    expect((await ctl('POST', 'webhooks', { url: 'http://127.0.0.1:9/h' })).body).toEqual([
      'http://127.0.0.1:9/h',
    ]);
    await api.pay(orderId(), 1000);
    await ctl('POST', 'webhooks/flush');
    const deliveries = await ctl('GET', 'deliveries');
    expect(deliveries.body).toHaveLength(1);
    expect(deliveries.body[0].attempts[0].error).toBeTruthy();
    expect((await ctl('DELETE', 'webhooks', { url: 'http://127.0.0.1:9/h' })).body).toEqual([]);

    await ctl('PUT', 'promotions', { promotions: [{ payType: 'NORMAL', type: 'CARD_POINT' }] });
    expect((await api.get('/v1/promotions')).body).toHaveLength(1);
    expect((await ctl('GET', 'transactions')).body).toHaveLength(1);
    expect((await ctl('GET', 'no-such-thing')).status).toBe(404);
  });
});
