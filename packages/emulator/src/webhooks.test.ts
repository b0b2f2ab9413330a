import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as shapes from './shapes-test-support.js';
import { createEmulator, RETRY_MINUTES } from './index.js';
import type { Emulator } from './index.js';
import { client, orderId } from './test-helpers.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: any;
}

/** A local webhook endpoint whose answers the test programs. */
async function receiver() {
  const received: Received[] = [];
  let answer: (n: number) => { status: number; delayMs?: number } = () => ({ status: 200 });
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      const a = answer(received.length);
      const reply = () => {
        if (!res.destroyed) {
          res.statusCode = a.status;
          res.end('ok');
        }
      };
      if (a.delayMs) setTimeout(reply, a.delayMs);
      else reply();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    url,
    received,
    setAnswer(fn: typeof answer) {
      answer = fn;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

let emu: Emulator;
let api: ReturnType<typeof client>;
let hook: Awaited<ReturnType<typeof receiver>>;

beforeAll(async () => {
  hook = await receiver();
  emu = await createEmulator({ consecutiveRequestWindowMs: 0, webhookUrls: [hook.url], timeScale: 0 });
  api = client(emu);
});
afterAll(async () => {
  await emu.close();
  await hook.close();
});
beforeEach(() => {
  emu.control.reset();
  hook.received.length = 0;
  hook.setAnswer(() => ({ status: 200 }));
});
afterEach(() => emu.control.clearFaults());

const events = () => hook.received.map((r) => r.body.eventType ?? 'DEPOSIT_CALLBACK');

describe('webhook events', () => {
  it('sends PAYMENT_STATUS_CHANGED on confirm and cancel with the three transmission headers', async () => {
    const p = await api.pay(orderId(), 5000);
    await api.post(`/v1/payments/${p.paymentKey}/cancel`, { cancelReason: 'r', cancelAmount: 1000 });
    await emu.control.flushWebhooks();
    expect(events()).toEqual(['PAYMENT_STATUS_CHANGED', 'PAYMENT_STATUS_CHANGED']);
    const [first, second] = hook.received.map((r) => shapes.paymentStatusChanged(r.body));
    expect(first!.data.status).toBe('DONE');
    expect(second!.data.status).toBe('PARTIAL_CANCELED');
    expect(shapes.payment(first!.data).paymentKey).toBe(p.paymentKey);
    expect(first!.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/);
    const h = hook.received[0]!.headers;
    expect(h['tosspayments-webhook-transmission-time']).toMatch(
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/,
    );
    expect(h['tosspayments-webhook-transmission-retried-count']).toBe('0');
    expect(h['tosspayments-webhook-transmission-id']).toMatch(/^whtrans_/);
    expect(h['tosspayments-webhook-signature']).toBeUndefined();
    expect(emu.control.deliveries().every((d) => d.state === 'delivered')).toBe(true);
  });

  it('sends PAYMENT_STATUS_CHANGED and a flat DEPOSIT_CALLBACK with the secret for virtual accounts', async () => {
    const va = (
      await api.post('/v1/virtual-accounts', {
        amount: 3000,
        orderId: orderId(),
        orderName: 'x',
        customerName: '김',
        bank: '88',
      })
    ).body;
    await emu.control.deposit(va.paymentKey);
    await emu.control.depositError(va.paymentKey);
    await emu.control.flushWebhooks();
    expect(events()).toEqual([
      'PAYMENT_STATUS_CHANGED',
      'DEPOSIT_CALLBACK',
      'PAYMENT_STATUS_CHANGED',
      'DEPOSIT_CALLBACK',
      'PAYMENT_STATUS_CHANGED',
      'DEPOSIT_CALLBACK',
    ]);
    const callbacks = hook.received
      .filter((r) => r.body.eventType === undefined)
      .map((r) => shapes.depositCallback(r.body));
    expect(callbacks.map((c) => c.status)).toEqual(['WAITING_FOR_DEPOSIT', 'DONE', 'WAITING_FOR_DEPOSIT']);
    expect(callbacks.every((c) => c.secret === va.secret && c.orderId === va.orderId)).toBe(true);
    expect(Object.keys(hook.received[1]!.body).sort()).toEqual([
      'createdAt',
      'orderId',
      'secret',
      'status',
      'transactionKey',
    ]);
  });

  it('sends BILLING_DELETED on delete, nothing for a billing charge', async () => {
    const { authKey } = await emu.control.authorizeBilling({ customerKey: 'cust_hook' });
    const b = (await api.post('/v1/billing/authorizations/issue', { authKey, customerKey: 'cust_hook' }))
      .body;
    await api.post(`/v1/billing/${b.billingKey}`, {
      amount: 1000,
      customerKey: 'cust_hook',
      orderId: orderId(),
      orderName: 'x',
    });
    await api.call('DELETE', `/v1/billing/${b.billingKey}`);
    await emu.control.flushWebhooks();
    expect(events()).toEqual(['BILLING_DELETED']);
    expect(shapes.billingDeleted(hook.received[0]!.body).data.billingKey).toBe(b.billingKey);
  });

  it('sends PAYMENT_STATUS_CHANGED for an expiry and CANCEL_STATUS_CHANGED for a foreign easy-pay cancel', async () => {
    await emu.control.authorizePayment({ orderId: orderId(), amount: 1000 });
    emu.control.advanceClock(10 * 60_000);
    const p = await api.pay(orderId(), 1000, { method: 'FOREIGN_EASY_PAY', currency: 'USD' });
    await api.post(`/v1/payments/${p.paymentKey}/cancel`, { cancelReason: 'r' });
    await emu.control.flushWebhooks();
    // the provider answers the foreign cancel a minute later (IN_PROGRESS → DONE)
    expect(events()).not.toContain('CANCEL_STATUS_CHANGED');
    emu.control.advanceClock(60_000);
    await emu.control.flushWebhooks();
    expect(events()).toEqual([
      'PAYMENT_STATUS_CHANGED',
      'PAYMENT_STATUS_CHANGED',
      'PAYMENT_STATUS_CHANGED',
      'CANCEL_STATUS_CHANGED',
    ]);
    expect(hook.received[0]!.body.data.status).toBe('EXPIRED');
    expect(shapes.cancelStatusChanged(hook.received[3]!.body).data.cancelStatus).toBe('DONE');
  });

  it('registers endpoints at run time and stops sending to removed ones', async () => {
    const other = await receiver();
    try {
      emu.control.addWebhookEndpoint(other.url);
      await api.pay(orderId(), 1000);
      await emu.control.flushWebhooks();
      expect(other.received).toHaveLength(1);
      emu.control.removeWebhookEndpoint(other.url);
      await api.pay(orderId(), 1000);
      await emu.control.flushWebhooks();
      expect(other.received).toHaveLength(1);
      expect(hook.received).toHaveLength(2);
      expect(() => emu.control.addWebhookEndpoint('ftp://x')).toThrow();
    } finally {
      emu.control.removeWebhookEndpoint(other.url);
      await other.close();
    }
  });
});

describe('webhook retries', () => {
  it('retries at 1, 4, 16, 64, 256, 1024, 4096 minutes on the emulator clock, then gives up', async () => {
    hook.setAnswer(() => ({ status: 500 }));
    await api.pay(orderId(), 1000);
    await emu.control.flushWebhooks();
    expect(hook.received).toHaveLength(1);
    for (const minutes of RETRY_MINUTES) {
      emu.control.advanceClock(minutes * 60_000 - 1000);
      await emu.control.flushWebhooks();
      const before = hook.received.length;
      emu.control.advanceClock(1000);
      await emu.control.flushWebhooks();
      expect(hook.received.length).toBe(before + 1);
    }
    const [d] = emu.control.deliveries();
    expect(d!.state).toBe('failed');
    expect(d!.attempts).toHaveLength(8);
    expect(d!.attempts.map((a) => a.status)).toEqual(Array(8).fill(500));
    const gaps = d!.attempts.slice(1).map((a, i) => Math.round((a.at - d!.attempts[i]!.at) / 60_000));
    expect(gaps).toEqual([...RETRY_MINUTES]);
    expect(hook.received.map((r) => r.headers['tosspayments-webhook-transmission-retried-count'])).toEqual([
      '0',
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
    ]);
    emu.control.advanceClock(10 * 86_400_000);
    await emu.control.flushWebhooks();
    expect(hook.received).toHaveLength(8);
  });

  it('counts only 200 as delivered (201 is a failure) and stops retrying once 200 comes', async () => {
    hook.setAnswer((n) => ({ status: n === 1 ? 201 : 200 }));
    await api.pay(orderId(), 1000);
    await emu.control.flushWebhooks();
    expect(emu.control.deliveries()[0]!.state).toBe('pending');
    // the retry is planned one minute after the failed answer came back
    const pending = emu.control.deliveries()[0]!;
    expect(pending.nextAttemptAt! - pending.attempts[0]!.at).toBeGreaterThanOrEqual(60_000);
    expect(pending.nextAttemptAt! - pending.attempts[0]!.at).toBeLessThan(61_000);
    emu.control.advanceClock(60_000);
    await emu.control.flushWebhooks();
    const d = emu.control.deliveries()[0]!;
    expect(d.state).toBe('delivered');
    expect(d.attempts.map((a) => a.status)).toEqual([201, 200]);
    expect(d.attempts[0]!.answer).toBe('ok');
  });

  it('treats an answer slower than the timeout as a failure', async () => {
    const slowHook = await receiver();
    const e = await createEmulator({ webhookUrls: [slowHook.url], webhookTimeoutMs: 300 });
    try {
      slowHook.setAnswer(() => ({ status: 200, delayMs: 1500 }));
      await client(e).pay(orderId(), 1000);
      await e.control.flushWebhooks();
      const d = e.control.deliveries()[0]!;
      expect(d.state).toBe('pending');
      expect(d.attempts[0]!.status).toBeNull();
      expect(d.attempts[0]!.error).toMatch(/no answer within 300 ms/);
    } finally {
      await e.close();
      await slowHook.close();
    }
  });

  it('follows real time scaled by timeScale', async () => {
    const fast = await createEmulator({ timeScale: 100, webhookUrls: [hook.url] });
    try {
      // the retry is the event waited for: the emulator's own scheduler sends it once a scaled minute is over
      let retried!: () => void;
      const second = new Promise<void>((resolve) => (retried = resolve));
      hook.setAnswer((n) => {
        if (n === 2) retried();
        return { status: n === 1 ? 500 : 200 };
      });
      await client(fast).pay(orderId(), 1000);
      await fast.control.flushWebhooks();
      expect(fast.control.deliveries()[0]!.state).toBe('pending');
      // one emulator minute is 600 real ms at this scale (unscaled, the retry would come a minute later)
      await second;
      await fast.control.flushWebhooks();
      expect(fast.control.deliveries()[0]!.state).toBe('delivered');
    } finally {
      await fast.close();
    }
  });
});
