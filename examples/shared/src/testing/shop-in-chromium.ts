// The fixture every Chromium test of the example shops runs in: the emulator in-process, the shop on port 0
// with its embedded ledger in a temp dir and the emulator's webhooks pointed at it, one browser per file and
// a fresh Korean-locale context per test.
import type { Emulator, EmulatorOptions } from '@tosskit/emulator';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { launchChromium } from '../../../../test-support/chromium.js';
import type { ShopOptions } from '../shop-config.js';
import { startShopAndEmulator } from './shop-flows.js';
import type { ShopUnderTest } from './shop-flows.js';

export type { ShopUnderTest };

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
  let started: Awaited<ReturnType<typeof startShopAndEmulator<S>>> | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    started = await startShopAndEmulator(options);
    browser = await launchChromium();
    options.onStart({ emulator: started.emulator, shop: started.shop, url: started.url });
  });

  afterAll(async () => {
    await browser?.close();
    await started?.close();
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
