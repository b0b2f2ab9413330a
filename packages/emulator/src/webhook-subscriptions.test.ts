// Issue 12 §3 b: webhook endpoints subscribe to event types, as each URL does in the developer center
// (webhook-events.ts). Real HTTP endpoints, the emulator clock frozen and flushed.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from './cli-main.js';
import { createEmulator, type Emulator } from './index.js';
import { client, orderId } from './test-helpers.js';

/** A webhook endpoint that answers 200 and keeps every body it got. */
async function endpoint(): Promise<{ url: string; bodies: any[]; close: () => Promise<void> }> {
  const bodies: any[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    bodies,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

let payments: Awaited<ReturnType<typeof endpoint>>;
let deposits: Awaited<ReturnType<typeof endpoint>>;
let everything: Awaited<ReturnType<typeof endpoint>>;
let emu: Emulator;

beforeAll(async () => {
  [payments, deposits, everything] = await Promise.all([endpoint(), endpoint(), endpoint()]);
  emu = await createEmulator({
    consecutiveRequestWindowMs: 0,
    timeScale: 0,
    webhooks: [{ url: payments.url, events: ['PAYMENT_STATUS_CHANGED'] }],
  });
});
afterAll(async () => {
  await emu.close();
  await Promise.all([payments.close(), deposits.close(), everything.close()]);
});
beforeEach(() => {
  for (const e of [payments, deposits, everything]) e.bodies.length = 0;
});

async function depositedVirtualAccount() {
  const va = await client(emu).post('/v1/virtual-accounts', {
    amount: 30_000,
    orderId: orderId('wh'),
    orderName: '책',
    customerName: '김토스',
    bank: '88',
  });
  expect(va.status).toBe(200);
  await emu.control.deposit(va.body.paymentKey);
  await emu.control.flushWebhooks();
}

describe('webhook event subscriptions', () => {
  it('an endpoint for PAYMENT_STATUS_CHANGED never receives a DEPOSIT_CALLBACK, and the reverse', async () => {
    emu.control.addWebhookEndpoint(deposits.url, ['DEPOSIT_CALLBACK']);
    emu.control.addWebhookEndpoint(everything.url);
    try {
      await depositedVirtualAccount();
      // issued and deposited: two of each event
      expect(payments.bodies.map((b) => b.eventType)).toEqual([
        'PAYMENT_STATUS_CHANGED',
        'PAYMENT_STATUS_CHANGED',
      ]);
      expect(deposits.bodies).toHaveLength(2);
      for (const b of deposits.bodies) {
        expect(b.eventType).toBeUndefined(); // the flat DEPOSIT_CALLBACK body
        expect(typeof b.secret).toBe('string');
      }
      expect(everything.bodies).toHaveLength(4);
      expect(emu.control.webhookSubscriptions()).toEqual([
        { url: payments.url, events: ['PAYMENT_STATUS_CHANGED'] },
        { url: deposits.url, events: ['DEPOSIT_CALLBACK'] },
        { url: everything.url, events: null },
      ]);
      expect(
        emu.control
          .deliveries()
          .filter((d) => d.url === payments.url)
          .map((d) => d.eventType),
      ).toEqual(['PAYMENT_STATUS_CHANGED', 'PAYMENT_STATUS_CHANGED']);
    } finally {
      emu.control.removeWebhookEndpoint(deposits.url);
      emu.control.removeWebhookEndpoint(everything.url);
    }
  });

  it('the control API takes the event list and refuses an unknown event type', async () => {
    const ctl = (method: string, path: string, body?: unknown) =>
      fetch(`${emu.url}/__emulator/${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const added = await ctl('POST', 'webhooks', { url: deposits.url, events: ['BILLING_DELETED'] });
    expect(added.status).toBe(200);
    try {
      const subs = (await (await ctl('GET', 'webhooks/subscriptions')).json()) as unknown[];
      expect(subs).toContainEqual({ url: deposits.url, events: ['BILLING_DELETED'] });
      await depositedVirtualAccount();
      expect(deposits.bodies).toEqual([]);
      const bad = await ctl('POST', 'webhooks', { url: everything.url, events: ['PAYMENT_DONE'] });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { message: string }).message).toContain('unknown webhook event type');
      expect(emu.control.webhookEndpoints()).not.toContain(everything.url);
    } finally {
      emu.control.removeWebhookEndpoint(deposits.url);
    }
  });

  it('start --webhook EVENTS=url subscribes the endpoint; the help says a plain url gets every event', async () => {
    const out: string[] = [];
    const err: string[] = [];
    let started: Emulator | undefined;
    const io: CliIo = {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      env: {},
      isTTY: false,
      onStarted: (e) => {
        started = e;
      },
    };
    const code = await runCli(
      [
        'start',
        '--port',
        '0',
        '--quiet',
        '--webhook',
        `DEPOSIT_CALLBACK,CANCEL_STATUS_CHANGED=${deposits.url}`,
      ],
      io,
    );
    expect(code, err.join('\n')).toBe(0);
    try {
      expect(started!.control.webhookSubscriptions()).toEqual([
        { url: deposits.url, events: ['DEPOSIT_CALLBACK', 'CANCEL_STATUS_CHANGED'] },
      ]);
      expect(out.join('\n')).toContain(`${deposits.url} (DEPOSIT_CALLBACK, CANCEL_STATUS_CHANGED)`);
    } finally {
      await started?.close();
    }
    const help: string[] = [];
    expect(await runCli(['start', '--help'], { ...io, stdout: (t) => help.push(t) })).toBe(0);
    expect(help.join('\n')).toMatch(
      /--webhook <url>\s+webhook endpoint receiving every event type \(the default\)/,
    );
    const badErr: string[] = [];
    expect(
      await runCli(['start', '--port', '0', '--quiet', '--webhook', `NOPE=${deposits.url}`], {
        ...io,
        stderr: (t) => badErr.push(t),
      }),
    ).toBe(1);
    expect(badErr.join('')).toContain('unknown webhook event type "NOPE"');
  });
});
