// The fixture every Chromium test of the example shops runs in: the emulator in-process, the shop on port 0
// with its embedded ledger in a temp dir and the emulator's webhooks pointed at it, one browser per file and
// a fresh Korean-locale context per test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmulator } from '@tosskit/emulator';
import type { Emulator, EmulatorOptions } from '@tosskit/emulator';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { launchChromium } from '../../../../test-support/chromium.js';
import type { ShopCore } from '../shop-core.js';
import type { ShopOptions } from '../shop-config.js';

export interface ShopUnderTest {
  core: ShopCore;
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

export interface ShopInChromiumOptions<S extends ShopUnderTest> {
  /** names the temp data dir */
  name: string;
  createShop: (options: ShopOptions) => Promise<S>;
  emulator?: EmulatorOptions;
  viewport?: { width: number; height: number };
  /** once per file, when the emulator and the shop run */
  onStart(started: { emulator: Emulator; shop: S; url: string }): void;
  /** before each test, with the test's own page */
  onPage(page: Page): void;
}

export function useShopInChromium<S extends ShopUnderTest>(options: ShopInChromiumOptions<S>): void {
  let emulator: Emulator | undefined;
  let shop: S | undefined;
  let dataDir: string | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    emulator = await createEmulator(options.emulator);
    dataDir = mkdtempSync(join(tmpdir(), `${options.name}-e2e-`));
    shop = await options.createShop({
      apiBaseUrl: emulator.url,
      dataDir,
      dev: true,
      jwtSecret: 'e2e-admin-token-secret-0123456789abcdef',
    });
    const url = await shop.listen(0);
    emulator.control.addWebhookEndpoint(`${url}/payments/webhook`);
    browser = await launchChromium();
    options.onStart({ emulator, shop, url });
  });

  afterAll(async () => {
    await browser?.close();
    await shop?.close();
    await emulator?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    context = await browser!.newContext({
      locale: 'ko-KR',
      ...(options.viewport ? { viewport: options.viewport } : {}),
    });
    const page = await context.newPage();
    // a step that hangs fails with its own message, well inside the test's time
    page.setDefaultTimeout(10_000);
    options.onPage(page);
  });

  afterEach(async () => {
    await context?.close();
  });
}
