#!/usr/bin/env node
// `npm run screenshots`: the pictures in the READMEs, taken in real Chromium from the Express example shop and
// the emulator (in-process, port 0, a temp data dir), with the same buyer's steps the Chromium suites take
// (examples/shared/src/testing/shop-flows.ts). Writes docs/images/*.png, 1280 px wide.
//
//   npm run screenshots               every shot in SHOTS
//   npm run screenshots -- admin      only the shots whose file name contains "admin"
//
// A new picture is one more entry in SHOTS (file, what it shows, the steps that lead there). The shots run in
// order on one page, so a shot may build on the previous one (the receipt follows the payment window).
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const root = fileURLToPath(new URL('..', import.meta.url));
register({ tsconfig: `${root}tsconfig.json` });

const { ensureChromium, ensureKoreanFont } = await import('./services.mjs');
const { launchChromium } = await import('../test-support/chromium.ts');
const flows = await import('../examples/shared/src/testing/shop-flows.ts');
const { createShop } = await import('../examples/express-shop/src/create-shop.ts');

const OUT = `${root}docs/images/`;
const WIDTH = 1280;

/**
 * @typedef {{ page: import('playwright-core').Page, url: string, emulatorUrl: string,
 *   emulator: import('@tosskit/emulator').Emulator }} ShotContext
 * @type {{ file: string, title: string, height?: number, fullPage?: boolean, take(ctx: ShotContext): Promise<void> }[]}
 */
export const SHOTS = [
  {
    file: 'checkout-widget.png',
    title: "the shop's checkout: the payment widget at the server's amount, a coupon applied",
    height: 1000,
    async take({ page, url }) {
      await flows.fillCart(page, url, ['tee-white', 'mug-blue']);
      await flows.openWidgetCheckout(page, url);
      await flows.applyCoupon(page, 'WELCOME10');
    },
  },
  {
    file: 'payment-window.png',
    title: "the emulator's payment window, opened by the widget",
    async take({ page }) {
      await flows.openPaymentWindow(page);
    },
  },
  {
    file: 'receipt.png',
    title: "the shop's receipt after tosskit confirmed the payment",
    async take({ page }) {
      await page.click('[data-testid=approve]');
      await page.waitForURL(/\/orders\/order-/);
      await page.waitForSelector('[data-testid=order-status][data-status=PAID]');
    },
  },
  {
    file: 'emulator-receipt.png',
    title: "the card receipt (the payment's receipt.url, served by the emulator)",
    async take({ page }) {
      const href = await page.getAttribute('[data-testid=receipt-url]', 'href');
      await page.goto(href);
    },
  },
  {
    file: 'admin.png',
    title: 'the admin page: payments from the ledger, partial cancel, cash receipts',
    height: 1000,
    async take({ page, url }) {
      // a virtual account too, paid by the emulator's simulated deposit, so the page shows both kinds
      await flows.fillCart(page, url, ['notebook']);
      await flows.openWidgetCheckout(page, url);
      await page.check('[data-testid=method-virtual-account]');
      await flows.openPaymentWindow(page);
      await page.click('[data-testid=approve]');
      await page.waitForURL(/\/orders\/order-/);
      await page.click('[data-testid=simulate-deposit]');
      await page.waitForSelector('[data-testid=order-status][data-status=PAID]', { timeout: 15_000 });
      await page.goto(`${url}/admin`);
      await page.click('[data-testid=dev-login]');
      await page.waitForSelector('[data-testid=admin-role]');
    },
  },
  {
    file: 'emulator-dashboard.png',
    title:
      "the emulator's dashboard: the payments above, the virtual account's timeline and its webhook attempts",
    height: 1000,
    async take({ page, emulatorUrl }) {
      await page.goto(`${emulatorUrl}/__emulator/dashboard`);
      await page.waitForSelector('#live[data-state="open"]');
      // the virtual account of the admin shot: deposited, so its timeline has the deposit's webhook attempt
      await page.click('[data-testid="payment-row"][data-status="DONE"] >> nth=0');
      await page.waitForSelector('[data-testid="timeline-status"]');
    },
  },
];

async function main() {
  const only = process.argv[2];
  const shots = only ? SHOTS.filter((s) => s.file.includes(only)) : SHOTS;
  ensureChromium();
  ensureKoreanFont();
  mkdirSync(OUT, { recursive: true });
  const started = await flows.startShopAndEmulator({ name: 'screenshots', createShop });
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({
      locale: 'ko-KR',
      timezoneId: 'Asia/Seoul',
      viewport: { width: WIDTH, height: 800 },
    });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const ctx = { page, url: started.url, emulatorUrl: started.emulator.url, emulator: started.emulator };
    // a filtered run still takes the steps before its shots, so that every shot starts where it expects
    const last = Math.max(...shots.map((s) => SHOTS.indexOf(s)));
    for (const shot of SHOTS.slice(0, last + 1)) {
      await shot.take(ctx);
      if (!shots.includes(shot)) continue;
      await page.setViewportSize({ width: WIDTH, height: shot.height ?? 800 });
      await page.screenshot({ path: `${OUT}${shot.file}`, fullPage: shot.fullPage ?? false });
      console.log(`  docs/images/${shot.file}  ${shot.title}`);
    }
  } finally {
    await browser.close();
    await started.close();
  }
}

await main();
