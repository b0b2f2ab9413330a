// Both shops: the webhook log at /admin/webhooks survives a restart of the shop and of the emulator. The emulator
// here keeps no snapshot, so every row after the restart comes from the shop's own data folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmulator } from '@tosskit/emulator';
import type { Emulator } from '@tosskit/emulator';
import { afterAll, describe, expect, it } from 'vitest';
import type { ShopOptions } from '../shop-config.js';
import { startShop } from '../start-shop.js';
import type { ShopUnderTest } from './shop-in-chromium.js';

interface Running {
  emulator: Emulator;
  emulatorUrl: string;
  shop: ShopUnderTest;
  url: string;
  admin: string;
}

/** The admin's cookie (the dev login) and the buyer's, taken from Set-Cookie. */
async function cookie(res: Response): Promise<string> {
  await res.arrayBuffer();
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');
}

/** An order through the shop's checkout route, approved in the emulator, confirmed by the shop's success route. */
export async function buyThroughShop(
  running: { emulatorUrl: string; url: string },
  method: 'CARD' | 'VIRTUAL_ACCOUNT',
): Promise<string> {
  const home = await fetch(running.url);
  const buyer = await cookie(home);
  const checkout = await fetch(`${running.url}/payments/checkout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: buyer },
    body: JSON.stringify({ cart: { 'mug-blue': 1 }, method }),
  });
  const order = (await checkout.json()) as { orderId: string; amount: number };
  expect(checkout.status, JSON.stringify(order)).toBe(200);
  const authorized = await fetch(`${running.emulatorUrl}/__emulator/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ orderId: order.orderId, amount: order.amount, method }),
  });
  const approved = (await authorized.json()) as { paymentKey: string };
  const success = await fetch(
    `${running.url}/payments/success?paymentKey=${approved.paymentKey}&orderId=${order.orderId}&amount=${order.amount}`,
    { redirect: 'manual' },
  );
  await success.arrayBuffer();
  expect([302, 303]).toContain(success.status);
  return order.orderId;
}

export function describeWebhookLogRestart(
  name: string,
  createShop: (options: ShopOptions) => Promise<ShopUnderTest>,
): void {
  const dataDir = mkdtempSync(join(tmpdir(), `${name}-webhook-log-`));
  const open: Running[] = [];
  const patiently = { timeout: 20_000 }; // a busy machine: the shop answers each webhook with a ledger write

  async function start(): Promise<Running> {
    const emulator = await createEmulator({ consecutiveRequestWindowMs: 0 });
    const shop = await createShop({
      apiBaseUrl: emulator.url,
      dataDir,
      dev: true,
      jwtSecret: 'x'.repeat(40),
    });
    const url = await shop.listen(0);
    emulator.control.addWebhookEndpoint(`${url}/payments/webhook`);
    const admin = await cookie(await fetch(`${url}/admin/login`, { method: 'POST', redirect: 'manual' }));
    const running = { emulator, emulatorUrl: emulator.url, shop, url, admin };
    open.push(running);
    return running;
  }
  async function stop(running: Running): Promise<void> {
    await running.shop.close();
    await running.emulator.close();
    open.splice(open.indexOf(running), 1);
  }
  const rows = async (running: { url: string; admin: string }) => {
    const html = await (
      await fetch(`${running.url}/admin/webhooks`, { headers: { cookie: running.admin } })
    ).text();
    return [...html.matchAll(/data-testid="webhook-row" data-event="([^"]+)"/g)].map((m) => m[1]);
  };
  const allDelivered = (running: Running) =>
    running.emulator.control.deliveries().every((d) => d.state === 'delivered');

  afterAll(async () => {
    for (const running of [...open]) await stop(running);
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe(`${name}: webhook log`, () => {
    it('keeps every row of /admin/webhooks across a restart of the shop and the emulator', async () => {
      const first = await start();
      await buyThroughShop(first, 'CARD');
      const va = await buyThroughShop(first, 'VIRTUAL_ACCOUNT');
      await first.emulator.control.deposit(va);
      await expect
        .poll(() => first.emulator.control.deliveries().length, patiently)
        .toBeGreaterThanOrEqual(5);
      await expect.poll(() => allDelivered(first), patiently).toBe(true);
      const before = await rows(first);
      expect(before.length).toBe(first.emulator.control.deliveries().length);
      expect(before).toContain('DEPOSIT_CALLBACK');
      await stop(first);

      const second = await start();
      expect(second.emulator.control.deliveries()).toEqual([]); // a new emulator that remembers nothing
      expect(await rows(second)).toEqual(before);
      await buyThroughShop(second, 'CARD');
      await expect
        .poll(() => allDelivered(second) && second.emulator.control.deliveries().length > 0, patiently)
        .toBe(true);
      const after = await rows(second);
      expect(after.length).toBe(before.length + second.emulator.control.deliveries().length);
      expect(after.slice(-before.length)).toEqual(before); // newest first: the old rows stay below
    }, 120_000); // two shop starts, each with its embedded ledger

    it('as `npm run dev` starts it (the emulator snapshot in the data folder), the emulator keeps its deliveries too', async () => {
      const dir = mkdtempSync(join(tmpdir(), `${name}-dev-`));
      const env = { PORT: '0', EMULATOR_PORT: '0', SHOP_DATA_DIR: dir, NODE_ENV: 'development' };
      const deliveries = async (emulatorUrl: string) =>
        (await (await fetch(`${emulatorUrl}/__emulator/deliveries`)).json()) as {
          id: number;
          state: string;
        }[];
      const boot = async () => {
        const started = await startShop(createShop, { env, defaultDataDir: dir });
        const admin = await cookie(
          await fetch(`${started.url}/admin/login`, { method: 'POST', redirect: 'manual' }),
        );
        return { ...started, emulatorUrl: started.emulatorUrl!, admin };
      };
      try {
        const first = await boot();
        await buyThroughShop(first, 'CARD');
        const va = await buyThroughShop(first, 'VIRTUAL_ACCOUNT');
        await fetch(`${first.emulatorUrl}/__emulator/payments/${va}/deposit`, { method: 'POST' });
        const delivered = async () =>
          (await deliveries(first.emulatorUrl)).filter((d) => d.state === 'delivered').length;
        await expect.poll(delivered, patiently).toBeGreaterThanOrEqual(5);
        await expect
          .poll(
            async () => (await deliveries(first.emulatorUrl)).every((d) => d.state === 'delivered'),
            patiently,
          )
          .toBe(true);
        const sent = await deliveries(first.emulatorUrl);
        const before = await rows(first);
        expect(before).toHaveLength(sent.length);
        await first.close();

        const second = await boot();
        expect(await deliveries(second.emulatorUrl)).toEqual(sent);
        expect(await rows(second)).toEqual(before);
        await second.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 120_000);
  });
}
