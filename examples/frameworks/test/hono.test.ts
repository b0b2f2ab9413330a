// Hono (node-server): a card payment end to end in Chromium, with the routes on the app and under a sub-app.
import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import type { Emulator } from '@tosskit/emulator';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHonoApp } from '../src/hono.js';
import {
  closing,
  launchChromium,
  origin,
  payByCardInChromium,
  startEmulator,
  restoreEnv,
} from './e2e-support.js';

let emulator: Emulator;
let browser: Browser;
beforeAll(async () => {
  emulator = await startEmulator();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await emulator?.close();
  restoreEnv();
});

function serveOnPort0(app: ReturnType<typeof createHonoApp>['app']): Promise<Server> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () =>
      resolve(server as Server),
    );
  });
}

describe.each([
  ['on the app', ''],
  ['under a sub-app with mountPath', '/shop'],
])('Hono, routes %s', (_label, mountPath) => {
  let server: Server;
  let example: ReturnType<typeof createHonoApp>;
  beforeAll(async () => {
    example = createHonoApp(mountPath);
    server = await serveOnPort0(example.app);
  });
  afterAll(async () => {
    await closing(server);
    await example.payments.close();
  });

  it('takes a card payment in the emulator window and the order ends paid', async () => {
    const paid = await payByCardInChromium(browser, `${origin(server)}${mountPath || '/'}`);
    expect(paid.path).toBe(`${mountPath}/orders/${paid.orderId}`);
    expect(paid.shownStatus).toBe('PAID');
    expect(example.shop.orders.get(paid.orderId)).toMatchObject({ status: 'PAID', amount: 30_000 });
    const atGateway = emulator.control.getPayment(paid.orderId);
    expect(atGateway).toMatchObject({ status: 'DONE', totalAmount: 30_000 });
    expect(example.shop.orders.get(paid.orderId)!.paymentKey).toBe(atGateway!.paymentKey);
  });

  it('answers a path outside its base path with ROUTE_NOT_FOUND naming what it got', async () => {
    const answer = await fetch(`${origin(server)}${mountPath}/payments/nowhere`, { method: 'POST' });
    expect(answer.status).toBe(404);
    expect(((await answer.json()) as { code: string }).code).toBe('ROUTE_NOT_FOUND');
  });
});
