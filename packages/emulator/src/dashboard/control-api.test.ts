// The control endpoints the dashboard reads (filters, timeline, resend, the event stream) and the delivery log in
// the snapshot file, over real HTTP against an emulator on port 0 and a real webhook endpoint.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../index.js';
import { client, orderId } from '../test-helpers.js';
import { startReceiver, type Receiver } from './receiver-test-support.js';

let emu: Emulator;
let hook: Receiver;

async function ctl(method: string, path: string, body?: unknown, lang?: string) {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (lang !== undefined) headers['accept-language'] = lang;
  const res = await fetch(`${emu.url}/__emulator/${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? null : JSON.parse(text) };
}

beforeAll(async () => {
  hook = await startReceiver();
  emu = await createEmulator({ consecutiveRequestWindowMs: 0, timeScale: 0, webhookUrls: [hook.url] });
});
afterAll(async () => {
  await emu.close();
  await hook.close();
});
afterEach(() => {
  emu.control.reset();
  hook.answer.status = 200;
});

const kstDay = (ms: number) => new Date(ms + 9 * 3_600_000).toISOString().slice(0, 10);

describe('GET /__emulator/payments with filters', () => {
  it('filters by status, method (code or Korean name), part of the orderId and KST day', async () => {
    const api = client(emu);
    const card = orderId('card');
    const va = orderId('va');
    await api.pay(card, 15_000);
    await api.pay(va, 20_000, { method: 'VIRTUAL_ACCOUNT' });
    await emu.control.openPayment({ orderId: orderId('ready'), amount: 5_000 });
    const ids = async (q: string) =>
      ((await ctl('GET', `payments${q}`)).body as { orderId: string }[]).map((p) => p.orderId);
    expect(await ids('')).toHaveLength(3);
    expect(await ids('?status=DONE')).toEqual([card]);
    expect(await ids('?status=DONE,WAITING_FOR_DEPOSIT')).toEqual([card, va]);
    expect(await ids('?method=VIRTUAL_ACCOUNT')).toEqual([va]);
    expect(await ids(`?method=${encodeURIComponent('카드')}`)).toEqual([card]);
    expect(await ids('?orderId=va-')).toEqual([va]);
    const today = kstDay(emu.control.now());
    const tomorrow = kstDay(emu.control.now() + 86_400_000);
    expect(await ids(`?from=${today}&to=${today}&status=DONE`)).toEqual([card]);
    expect(await ids(`?from=${tomorrow}`)).toEqual([]);
    expect(emu.control.payments({ method: 'CARD', status: 'DONE' }).map((p) => p.orderId)).toEqual([card]);
  });

  it('refuses a bad filter with INVALID_FILTER, in Korean unless English is asked for', async () => {
    const ko = await ctl('GET', 'payments?status=PAID');
    expect(ko.status).toBe(400);
    expect(ko.body.code).toBe('INVALID_FILTER');
    expect(ko.body.message).toContain('중 하나여야 합니다');
    const en = await ctl('GET', 'payments?from=2026-13-45', undefined, 'en');
    expect([en.status, en.body.code]).toEqual([400, 'INVALID_FILTER']);
    expect(en.body.message).toBe('from must be a date as YYYY-MM-DD: 2026-13-45');
    expect((await ctl('GET', 'payments?method=BITCOIN', undefined, 'en')).body.message).toMatch(
      /^method must be one of CARD, VIRTUAL_ACCOUNT/,
    );
  });
});

describe('GET /__emulator/payments/:id/timeline', () => {
  it('tells a virtual account from issue to deposit and partial cancel, with every webhook attempt', async () => {
    const va = orderId('va');
    const issued = await client(emu).pay(va, 30_000, { method: 'VIRTUAL_ACCOUNT' });
    await emu.control.flushWebhooks();
    hook.answer.status = 500;
    hook.answer.text = 'shop is down';
    expect((await ctl('POST', `payments/${va}/deposit`)).body.status).toBe('DONE');
    await emu.control.flushWebhooks();
    hook.answer.status = 200;
    hook.answer.text = 'received';
    emu.control.advanceClock(60_000); // the first retry is due one minute after the failure
    await emu.control.flushWebhooks();
    const cancel = await ctl('POST', `payments/${va}/cancel`, {
      cancelAmount: 10_000,
      cancelReason: '부분 환불',
      refundReceiveAccount: { bank: '88', accountNumber: '12345678901234', holderName: '김토스' },
    });
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(200);
    await emu.control.flushWebhooks();

    const tl = await ctl('GET', `payments/${issued.paymentKey}/timeline`);
    expect(tl.status).toBe(200);
    expect(tl.body.payment.status).toBe('PARTIAL_CANCELED');
    const entries = tl.body.entries as any[];
    expect(entries.filter((e) => e.kind === 'status').map((e) => e.status)).toEqual([
      'IN_PROGRESS',
      'WAITING_FOR_DEPOSIT',
      'DONE',
      'PARTIAL_CANCELED',
    ]);
    expect(entries.filter((e) => e.kind === 'cancel')).toMatchObject([
      { cancelAmount: 10_000, cancelReason: '부분 환불', cancelStatus: 'DONE' },
    ]);
    expect(entries.filter((e) => e.kind === 'transaction').map((e) => e.status)).toContain('DONE');
    const deposits = entries.filter(
      (e) =>
        e.kind === 'delivery' &&
        e.delivery.body.status === 'DONE' &&
        e.delivery.eventType === 'DEPOSIT_CALLBACK',
    );
    expect(deposits).toHaveLength(1);
    const attempts = deposits[0].delivery.attempts;
    expect(attempts.map((a: any) => [a.status, a.answer])).toEqual([
      [500, 'shop is down'],
      [200, 'received'],
    ]);
    expect(attempts[1].at - attempts[0].at).toBe(60_000);
    expect(deposits[0].delivery.url).toBe(hook.url);
    const times = entries.map((e) => e.at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('answers 404 NOT_FOUND_PAYMENT for an unknown payment', async () => {
    const res = await ctl('GET', 'payments/no-such-order/timeline', undefined, 'en-US');
    expect([res.status, res.body.code]).toEqual([404, 'NOT_FOUND_PAYMENT']);
  });
});

describe('POST /__emulator/deliveries/:id/resend', () => {
  it('sends the same body again to the endpoint as a new delivery', async () => {
    await client(emu).pay(orderId(), 12_000);
    await emu.control.flushWebhooks();
    const [first] = emu.control.deliveries();
    const res = await ctl('POST', `deliveries/${first!.id}/resend`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ resentFrom: first!.id, url: hook.url, eventType: first!.eventType });
    await emu.control.flushWebhooks();
    const again = emu.control.deliveries().find((d) => d.id === res.body.id)!;
    expect(again.state).toBe('delivered');
    expect(hook.received.at(-1)).toEqual(first!.body);
  });

  it('refuses an id that is not a number (400) or not in the log (404)', async () => {
    const bad = await ctl('POST', 'deliveries/abc/resend');
    expect([bad.status, bad.body.code]).toEqual([400, 'INVALID_DELIVERY_ID']);
    const missing = await ctl('POST', 'deliveries/99999/resend', undefined, 'en');
    expect([missing.status, missing.body.code, missing.body.message]).toEqual([
      404,
      'NOT_FOUND_DELIVERY',
      'No webhook delivery #99999.',
    ]);
  });
});

describe('bad control input', () => {
  it('answers stable codes for a bad clock move, fault, endpoint or body', async () => {
    const clock = await ctl('POST', 'clock', { advanceMs: -5 });
    expect([clock.status, clock.body.code]).toEqual([400, 'INVALID_CLOCK_ADVANCE']);
    expect(clock.body.message).toContain('0 이상의 정수');
    const fault = await ctl('POST', 'faults', { kind: 'latency', route: 'nowhere', ms: 5 }, 'en');
    expect([fault.status, fault.body.code]).toEqual([400, 'INVALID_FAULT']);
    expect(fault.body.message).toMatch(/^Invalid fault: unknown route "nowhere"/);
    const endpoint = await ctl('POST', 'webhooks', { url: 'not a url' });
    expect([endpoint.status, endpoint.body.code]).toEqual([400, 'INVALID_WEBHOOK_ENDPOINT']);
    const events = await ctl('POST', 'webhooks', { url: 'http://127.0.0.1:9/x', events: ['NOPE'] });
    expect(events.body.code).toBe('INVALID_WEBHOOK_ENDPOINT');
    const notJson = await fetch(`${emu.url}/__emulator/authorize`, { method: 'POST', body: '{' });
    expect(await notJson.json()).toEqual({
      code: 'INVALID_REQUEST',
      message: '요청 본문은 JSON 객체여야 합니다.',
    });
  });
});

describe('GET /__emulator/events', () => {
  it('streams a change event when a payment changes', async () => {
    const abort = new AbortController();
    const res = await fetch(`${emu.url}/__emulator/events`, { signal: abort.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    let text = '';
    const read = async (until: RegExp) => {
      while (!until.test(text)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended: ${text}`);
        text += new TextDecoder().decode(value);
      }
    };
    await read(/event: hello/);
    await emu.control.authorizePayment({ orderId: orderId(), amount: 3_000 });
    await read(/event: change\ndata: .*\n\n/);
    const data = JSON.parse(/event: change\ndata: (.*)\n/.exec(text)![1]!);
    expect(data.kinds).toContain('payments');
    expect(data.now).toBe(emu.control.now());
    abort.abort();
  });
});

describe('the snapshot file keeps the delivery log', () => {
  it('finds every delivery and attempt after a restart, and goes on with a retry that was due', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emulator-snapshot-'));
    const snapshotFile = join(dir, 'snapshot.json');
    const endpoint = await startReceiver();
    try {
      const options = { snapshotFile, timeScale: 0, consecutiveRequestWindowMs: 0, clock: Date.now() };
      const first = await createEmulator({ ...options, webhookUrls: [endpoint.url] });
      const va = orderId('va');
      await client(first).pay(va, 9_000, { method: 'VIRTUAL_ACCOUNT' });
      await first.control.flushWebhooks();
      endpoint.answer.status = 503;
      await first.control.deposit(va);
      await first.control.flushWebhooks();
      const before = first.control.deliveries();
      expect(before.length).toBeGreaterThanOrEqual(3);
      expect(before.filter((d) => d.state === 'pending').length).toBe(2); // PAYMENT_STATUS_CHANGED, DEPOSIT_CALLBACK
      await first.close();

      endpoint.answer.status = 200;
      const second = await createEmulator(options);
      expect(second.control.deliveries()).toEqual(before);
      const timeline = second.control.timeline(va)!;
      expect(timeline.entries.filter((e) => e.kind === 'delivery')).toHaveLength(before.length);
      second.control.advanceClock(60_000);
      await second.control.flushWebhooks();
      const after = second.control.deliveries();
      expect(after.every((d) => d.state === 'delivered')).toBe(true);
      expect(
        after.filter((d) => d.attempts.length === 2).map((d) => d.attempts.map((a) => a.status)),
      ).toEqual([
        [503, 200],
        [503, 200],
      ]);
      // new deliveries do not reuse the ids of the saved ones
      await client(second).pay(orderId(), 1_000);
      const ids = second.control.deliveries().map((d) => d.id);
      expect(new Set(ids).size).toBe(ids.length);
      await second.close();
    } finally {
      await endpoint.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
