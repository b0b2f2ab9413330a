// `npm run demo` as a person runs it: a child process of `node scripts/demo.mjs` (no build, no setup),
// one purchase through the shop's HTTP routes and the emulator's control API, then a restart on the same
// data folder that still knows the order. No browser here: the Chromium suites cover the pages.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'tosskit-demo-'));
const children: ChildProcess[] = [];

/** starts the demo on free ports and resolves with the two URLs it prints */
function startDemo(): Promise<{ child: ChildProcess; shop: string; emulator: string }> {
  const child = spawn(process.execPath, ['scripts/demo.mjs'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', EMULATOR_PORT: '0', SHOP_DATA_DIR: dataDir, NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const shop = /실행 중:\s+(http:\/\/\S+)/.exec(out)?.[1];
      const emulator = /에뮬레이터:\s+(http:\/\/\S+)/.exec(out)?.[1];
      if (shop && emulator) resolve({ child, shop, emulator });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`demo exited with ${code}:\n${out}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGINT');
  });
}

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

it('npm run demo serves the shop, wires the emulator webhooks to it, and keeps orders across a restart', async () => {
  const first = await startDemo();
  const home = await fetch(first.shop);
  expect(home.status).toBe(200);
  expect(await home.text()).toContain('토스킷 상점');
  const buyer = home.headers.get('set-cookie')!.split(';')[0]!;
  const emulatorInfo = (await (await fetch(`${first.emulator}/__emulator/`)).json()) as {
    webhookEndpoints: string[];
  };
  expect(emulatorInfo.webhookEndpoints).toContain(`${first.shop}/payments/webhook`);
  expect((await fetch(`${first.shop}/assets/tosskit-browser.js`)).status).toBe(200);

  // the checkout page's request, then what the payment window does when the buyer approves
  const checkout = await fetch(`${first.shop}/payments/checkout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: buyer },
    body: JSON.stringify({ cart: { 'mug-blue': 2 }, method: 'CARD' }),
  });
  const order = (await checkout.json()) as { orderId: string; amount: number };
  expect(order.amount).toBe(25_000);
  const approved = (await (
    await fetch(`${first.emulator}/__emulator/authorize`, {
      method: 'POST',
      body: JSON.stringify({ orderId: order.orderId, amount: order.amount, method: 'CARD' }),
    })
  ).json()) as { paymentKey: string };
  const success = await fetch(
    `${first.shop}/payments/success?paymentKey=${approved.paymentKey}&orderId=${order.orderId}&amount=25000`,
    {
      redirect: 'manual',
    },
  );
  expect(success.headers.get('location')).toContain(`/orders/${order.orderId}`);
  const receipt = await fetch(`${first.shop}/orders/${order.orderId}`, { headers: { cookie: buyer } });
  expect(await receipt.text()).toContain('결제 완료');
  // the order page is the buyer's own
  expect((await fetch(`${first.shop}/orders/${order.orderId}`)).status).toBe(404);
  expect(await stop(first.child)).toBe(0);

  const second = await startDemo();
  const again = await (await fetch(`${second.shop}/orders`, { headers: { cookie: buyer } })).text();
  expect(again).toContain('파란 머그컵');
  expect(again).toContain('결제 완료');
  const payment = (await (await fetch(`${second.emulator}/__emulator/payments/${order.orderId}`)).json()) as {
    status: string;
  };
  expect(payment.status).toBe('DONE');
  expect(await stop(second.child)).toBe(0);
}, 120_000);
