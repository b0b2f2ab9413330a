import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as shapes from './shapes-test-support.js';
import { createEmulator } from './index.js';
import type { Emulator } from './index.js';
import { client, orderId } from './test-helpers.js';

let emu: Emulator;
let api: ReturnType<typeof client>;
let hookServer: Server;
let hookUrl: string;
const received: any[] = [];

beforeAll(async () => {
  hookServer = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.end('ok');
    });
  });
  await new Promise<void>((r) => hookServer.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/`;
  emu = await createEmulator({ consecutiveRequestWindowMs: 0, webhookUrls: [hookUrl] });
  api = client(emu);
});
afterAll(async () => {
  await emu.close();
  hookServer.closeAllConnections();
  await new Promise<void>((r) => hookServer.close(() => r()));
});
beforeEach(() => {
  emu.control.reset();
  received.length = 0;
});

describe('latency', () => {
  it('delays only the named route, for as many calls as asked', async () => {
    const p = await api.pay(orderId(), 1000);
    emu.control.fault({ kind: 'latency', route: 'getPayment', ms: 600, times: 1 });
    let t = Date.now();
    await api.get(`/v1/payments/${p.paymentKey}`);
    expect(Date.now() - t).toBeGreaterThanOrEqual(590);
    t = Date.now();
    await api.get(`/v1/payments/${p.paymentKey}`);
    expect(Date.now() - t).toBeLessThan(400);
    emu.control.fault({ kind: 'latency', route: 'confirm', ms: 600 });
    t = Date.now();
    await api.get(`/v1/payments/orders/${p.orderId}`);
    expect(Date.now() - t).toBeLessThan(400);
    expect(emu.control.faults()).toHaveLength(1);
  });
});

describe('commit-then-drop', () => {
  it('confirm: the payment becomes DONE but the caller gets no answer; the same Idempotency-Key then replays DONE', async () => {
    const a = await emu.control.authorizePayment({ orderId: orderId(), amount: 7000 });
    emu.control.fault({ kind: 'drop', route: 'confirm' });
    await expect(api.post('/v1/payments/confirm', a, { idempotencyKey: 'lost-1' })).rejects.toThrow();
    expect(emu.control.getPayment(a.paymentKey)?.status).toBe('DONE');
    const log = emu.control.requests({ route: 'confirm' });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ status: 200, dropped: true });
    const lookup = await api.get(`/v1/payments/${a.paymentKey}`);
    expect(shapes.payment(lookup.body).status).toBe('DONE');
    const retry = await api.post('/v1/payments/confirm', a, { idempotencyKey: 'lost-1' });
    expect(retry.status).toBe(200);
    expect(retry.body.status).toBe('DONE');
    expect(emu.control.requests({ route: 'confirm' })[1]).toMatchObject({ replayed: true });
  });

  it('cancel and billing charge: the change happens, the answer is lost', async () => {
    const p = await api.pay(orderId(), 5000);
    emu.control.fault({ kind: 'drop', route: 'cancel' });
    await expect(api.post(`/v1/payments/${p.paymentKey}/cancel`, { cancelReason: 'r' })).rejects.toThrow();
    expect(emu.control.getPayment(p.paymentKey)?.status).toBe('CANCELED');

    const { authKey } = await emu.control.authorizeBilling({ customerKey: 'cust_drop' });
    const b = (await api.post('/v1/billing/authorizations/issue', { authKey, customerKey: 'cust_drop' }))
      .body;
    const id = orderId();
    emu.control.fault({ kind: 'drop', route: 'billingCharge' });
    await expect(
      api.post(`/v1/billing/${b.billingKey}`, {
        amount: 1000,
        customerKey: 'cust_drop',
        orderId: id,
        orderName: 'x',
      }),
    ).rejects.toThrow();
    expect(emu.control.getPayment(id)?.status).toBe('DONE');
    expect(
      (
        await api.post(`/v1/billing/${b.billingKey}`, {
          amount: 1000,
          customerKey: 'cust_drop',
          orderId: id,
          orderName: 'x',
        })
      ).body.code,
    ).toBe('DUPLICATED_ORDER_ID');
  });

  it('a refused call is answered normally even under a drop fault (nothing committed)', async () => {
    emu.control.fault({ kind: 'drop', route: 'confirm' });
    const res = await api.post('/v1/payments/confirm', {
      paymentKey: 'nope',
      orderId: 'order-123',
      amount: 1000,
    });
    expect(res.status).toBe(404);
    // the fault is still armed for the next call that commits
    const a = await emu.control.authorizePayment({ orderId: orderId(), amount: 1000 });
    await expect(api.post('/v1/payments/confirm', a)).rejects.toThrow();
    expect(emu.control.getPayment(a.paymentKey)?.status).toBe('DONE');
  });
});

describe('fail next N', () => {
  it('answers the next N calls with a bare 500, then recovers; nothing is committed', async () => {
    const a = await emu.control.authorizePayment({ orderId: orderId(), amount: 1000 });
    emu.control.fault({ kind: 'fail', route: 'confirm', times: 2 });
    for (let i = 0; i < 2; i++) {
      const r = await api.post('/v1/payments/confirm', a);
      expect(r.status).toBe(500);
      expect(r.body.code).toBe('FAILED_INTERNAL_SYSTEM_PROCESSING');
      expect(emu.control.getPayment(a.paymentKey)?.status).toBe('IN_PROGRESS');
    }
    expect((await api.post('/v1/payments/confirm', a)).status).toBe(200);
  });

  it('answers a given code with its catalogue status (PROVIDER_ERROR 400, FORBIDDEN_CONSECUTIVE_REQUEST 403), or a given 5xx', async () => {
    const p = await api.pay(orderId(), 1000);
    emu.control.fault({ kind: 'fail', route: 'getPayment', code: 'PROVIDER_ERROR' });
    emu.control.fault({ kind: 'fail', route: 'getPayment', code: 'FORBIDDEN_CONSECUTIVE_REQUEST' });
    emu.control.fault({ kind: 'fail', route: '*', status: 503 });
    const r1 = await api.get(`/v1/payments/${p.paymentKey}`);
    expect([r1.status, r1.body.code]).toEqual([400, 'PROVIDER_ERROR']);
    const r2 = await api.get(`/v1/payments/${p.paymentKey}`);
    expect([r2.status, r2.body.code]).toEqual([403, 'FORBIDDEN_CONSECUTIVE_REQUEST']);
    const r3 = await api.get('/v1/promotions/card');
    expect(r3.status).toBe(503);
    expect((await api.get(`/v1/payments/${p.paymentKey}`)).status).toBe(200);
  });

  it('a decline code at confirm aborts the session (ABORTED with the failure); a transient one leaves it confirmable', async () => {
    const a = await emu.control.authorizePayment({ orderId: orderId(), amount: 1000 });
    emu.control.fault({ kind: 'fail', route: 'confirm', code: 'PROVIDER_ERROR' });
    expect((await api.post('/v1/payments/confirm', a)).body.code).toBe('PROVIDER_ERROR');
    expect(emu.control.getPayment(a.paymentKey)?.status).toBe('IN_PROGRESS');
    emu.control.fault({ kind: 'fail', route: 'confirm', code: 'REJECT_CARD_COMPANY' });
    const declined = await api.post('/v1/payments/confirm', a);
    expect([declined.status, declined.body.code]).toEqual([403, 'REJECT_CARD_COMPANY']);
    const p = shapes.payment(emu.control.getPayment(a.paymentKey));
    expect([p.status, p.failure?.code]).toEqual(['ABORTED', 'REJECT_CARD_COMPANY']);
    expect((await api.post('/v1/payments/confirm', a)).body.code).toBe('ALREADY_PROCESSED_PAYMENT');
    await emu.control.flushWebhooks();
    expect(received.map((b) => b.data.status)).toEqual(['ABORTED']);
  });

  it('refuses malformed fault specs', () => {
    expect(() => emu.control.fault({ kind: 'drop', route: 'getPayment' } as never)).toThrow(/drop works on/);
    expect(() => emu.control.fault({ kind: 'latency', route: 'nope', ms: 1 } as never)).toThrow(
      /unknown route/,
    );
    expect(() => emu.control.fault({ kind: 'boom' } as never)).toThrow(/unknown fault kind/);
    emu.control.fault({ kind: 'fail', route: 'confirm' });
    emu.control.clearFaults();
    expect(emu.control.faults()).toHaveLength(0);
  });
});

describe('webhook faults', () => {
  const pay = () => api.pay(orderId(), 1000);

  it('duplicates a delivery', async () => {
    emu.control.fault({ kind: 'webhook', action: 'duplicate' });
    const p = await pay();
    await emu.control.flushWebhooks();
    expect(received).toHaveLength(2);
    expect(received[0]).toEqual(received[1]);
    expect(received[0].data.paymentKey).toBe(p.paymentKey);
    expect(emu.control.deliveries()[1]!.duplicateOf).toBe(emu.control.deliveries()[0]!.id);
  });

  it('drops a delivery', async () => {
    emu.control.fault({ kind: 'webhook', action: 'drop' });
    await pay();
    await pay();
    await emu.control.flushWebhooks();
    expect(received).toHaveLength(1);
    expect(emu.control.deliveries().map((d) => d.state)).toEqual(['dropped', 'delivered']);
  });

  it('delays a delivery on the emulator clock', async () => {
    emu.control.fault({ kind: 'webhook', action: 'delay', delayMs: 5 * 60_000 });
    await pay();
    await emu.control.flushWebhooks();
    expect(received).toHaveLength(0);
    emu.control.advanceClock(5 * 60_000);
    await emu.control.flushWebhooks();
    expect(received).toHaveLength(1);
  });

  it('reorders deliveries: the held ones go out last-first', async () => {
    emu.control.fault({ kind: 'webhook', action: 'reorder', times: 2 });
    const p = await pay();
    await api.post(`/v1/payments/${p.paymentKey}/cancel`, { cancelReason: 'r' });
    await emu.control.flushWebhooks();
    expect(received.map((b) => b.data.status)).toEqual(['CANCELED', 'DONE']);
  });

  it('narrows a webhook fault to one event type', async () => {
    emu.control.fault({ kind: 'webhook', action: 'drop', eventType: 'DEPOSIT_CALLBACK' });
    await api.post('/v1/virtual-accounts', {
      amount: 3000,
      orderId: orderId(),
      orderName: 'x',
      customerName: '김',
      bank: '88',
    });
    await emu.control.flushWebhooks();
    expect(received.map((b) => b.eventType)).toEqual(['PAYMENT_STATUS_CHANGED']);
  });
});
