// The Next.js App Router route handler, without Next itself (not installed here): a node:http server plays
// Next's part — it hands /api/payments/* to the exports of app/api/payments/[...path]/route.ts as Web Requests
// (the same conversion Next performs) and serves the checkout and order pages a Next app would render.
// The ledger is PostgreSQL, as the example requires; the payment goes through the emulator's window in Chromium.
import { createServer, type Server } from 'node:http';
import type { Emulator } from '@tosskit/emulator';
import { sendWebResponse, toWebRequest } from '@tosskit/core/node';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createTestDatabase,
  TEST_ENCRYPTION_KEY,
  type TestDatabase,
} from '../../../packages/ledger/src/testing/test-database.js';
import { browserBundle, checkoutPage, gatewaySettings, orderPage } from '../src/shop.js';
import {
  closing,
  launchChromium,
  listening,
  payByCardInChromium,
  restoreEnv,
  setEnv,
  startEmulator,
} from './e2e-support.js';

type RouteModule = typeof import('../src/next-app/app/api/payments/[...path]/route.js');
type PaymentsModule = typeof import('../src/next-app/lib/payments.js');

let emulator: Emulator;
let database: TestDatabase;
let browser: Browser;
let server: Server;
let url: string;
let route: RouteModule;
let lib: PaymentsModule;

beforeAll(async () => {
  emulator = await startEmulator();
  database = await createTestDatabase('next_route');
  setEnv({ DATABASE_URL: database.connectionString, TOSSKIT_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY });
  route = await import('../src/next-app/app/api/payments/[...path]/route.js');
  lib = await import('../src/next-app/lib/payments.js');
  const { sdkSrc } = gatewaySettings();

  server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (path.startsWith('/api/payments/')) {
        const exported = req.method === 'GET' ? route.GET : req.method === 'POST' ? route.POST : undefined;
        if (!exported) return void res.writeHead(405).end();
        return sendWebResponse(res, await exported(await toWebRequest(req)));
      }
      if (path === '/assets/tosskit-browser.js') {
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
        return void res.end(await browserBundle());
      }
      const html = (body: string) =>
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
      if (path === '/') return html(checkoutPage({ basePath: '/api/payments', sdkSrc, assets: '/assets' }));
      const order = /^\/orders\/([^/]+)$/.exec(path);
      if (order) return html(orderPage(lib.shop.orders.get(decodeURIComponent(order[1]!))));
      res.writeHead(404).end();
    })().catch(() => res.destroy());
  });
  url = await listening(server);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (server) await closing(server);
  await lib?.payments.close();
  await lib?.payments.ledger.close();
  await emulator?.close();
  await database?.drop();
  restoreEnv();
});

it('exports GET and POST on the Node runtime, never cached', () => {
  expect(route.runtime).toBe('nodejs');
  expect(route.dynamic).toBe('force-dynamic');
  expect(typeof route.GET).toBe('function');
  expect(typeof route.POST).toBe('function');
});

it('takes a card payment in the emulator window; the order ends paid and the PostgreSQL ledger holds it', async () => {
  const paid = await payByCardInChromium(browser, `${url}/`);
  expect(paid.path).toBe(`/orders/${paid.orderId}`); // the result page is outside /api
  expect(paid.shownStatus).toBe('PAID');
  expect(lib.shop.orders.get(paid.orderId)).toMatchObject({ status: 'PAID', amount: 30_000 });
  expect(emulator.control.getPayment(paid.orderId)).toMatchObject({ status: 'DONE', totalAmount: 30_000 });
  const recorded = await lib.payments.ledger.getPayment(paid.paymentKey);
  expect(recorded).toMatchObject({ orderId: paid.orderId, status: 'DONE' });
});
