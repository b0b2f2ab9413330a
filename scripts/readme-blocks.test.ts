// The READMEs' code, kept honest: every ```ts / ```js block of the root README and of packages/*/README.md is
// type-checked against the workspace sources (scripts/readme-blocks/), and the root README's quick start is run
// as written: its two files with tsx, against the emulator in-process, the checkout page in Chromium, a card
// payment in the emulator's window, and the order ends paid.
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEmulator, type Emulator } from '@tosskit/emulator';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../test-support/chromium.js';
import { approveIn, windowIn } from '../test-support/payment-window.js';
import { extractBlocks } from './readme-blocks/extract.js';
import {
  blockName,
  collectBlocks,
  readmeFiles,
  syntaxProblems,
  typecheckWritten,
  writeBlocks,
  type WrittenBlocks,
} from './readme-blocks/check.js';

const root = fileURLToPath(new URL('..', import.meta.url));
// inside the repo, so the blocks resolve @tosskit/* (root tsconfig paths) and express, koa, … (node_modules)
const dir = join(root, '.readme-blocks');
const blocks = collectBlocks(root);

// a block that must not compile, checked in the same program: proof the check can fail
const CANARY = extractBlocks(
  'CANARY.md',
  "```ts\nimport { createPaymentHandler } from '@tosskit/core';\ncreatePaymentHandler({ secretKey: 42, orderLookup });\n```\n",
);

let written: WrittenBlocks;
beforeAll(() => {
  rmSync(dir, { recursive: true, force: true });
  written = writeBlocks(dir, [...blocks, ...CANARY]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('README code blocks', () => {
  it('are found in the root README and in every package README', () => {
    const files = readmeFiles(root);
    expect(files).toContain('README.md');
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const file of files)
      expect(
        blocks.some((b) => b.readme === file),
        file,
      ).toBe(true);
    expect(blocks.filter((b) => b.kind === 'quickstart').map((b) => b.file)).toEqual([
      'server.ts',
      'checkout-page.ts',
    ]);
    // fragments are only syntax-checked: keep them the exception
    expect(blocks.filter((b) => b.kind === 'fragment').length).toBeLessThanOrEqual(4);
  });

  it('type-check against the workspace sources (and a broken block does not)', { timeout: 240_000 }, () => {
    const problems = typecheckWritten(root, written);
    expect(problems.filter((p) => !p.startsWith('CANARY.md'))).toEqual([]);
    expect(problems.filter((p) => p.startsWith('CANARY.md'))).toEqual([
      "CANARY.md:3 (block): TS2322 Type 'number' is not assignable to type 'string'.",
    ]);
  });

  it('fragments parse', () => {
    const fragments = blocks.filter((b) => b.kind === 'fragment');
    expect(fragments.map(blockName).length).toBeGreaterThan(0);
    expect(fragments.flatMap(syntaxProblems)).toEqual([]);
    expect(syntaxProblems({ ...fragments[0]!, code: 'const = ;\n' })).not.toEqual([]);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe('the quick start, run as written', () => {
  let emulator: Emulator;
  let browser: Browser;
  let shop: ChildProcess | undefined;
  let url: string;
  let output = '';

  beforeAll(async () => {
    const port = await freePort();
    url = `http://localhost:${port}`;
    // the README's first terminal: the emulator, its webhooks pointed at the shop
    emulator = await createEmulator({ webhookUrls: [`http://127.0.0.1:${port}/payments/webhook`] });
    // the second: `npx tsx server.ts`. The packages resolve to the workspace sources here (TSX_TSCONFIG_PATH),
    // where a fresh app resolves the installed tarballs.
    // `node --import tsx` is what `npx tsx` runs, in one process (nothing left behind when it is stopped)
    shop = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
      cwd: join(dir, 'quickstart'),
      env: {
        ...process.env,
        PORT: String(port),
        TOSSKIT_EMULATOR_URL: emulator.url,
        TSX_TSCONFIG_PATH: join(root, 'tsconfig.json'),
        NODE_ENV: 'development',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the quick start did not start:\n${output}`)), 60_000);
      const seen = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes(`shop on ${url}`)) {
          clearTimeout(timer);
          resolve();
        }
      };
      shop!.stdout!.on('data', seen);
      shop!.stderr!.on('data', seen);
      shop!.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the quick start exited (${code}):\n${output}`));
      });
    });
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    if (shop && shop.exitCode === null) {
      const exited = new Promise((resolve) => shop!.once('exit', resolve));
      shop.kill('SIGTERM');
      await exited;
    }
    await emulator?.close();
  });

  it('takes a card payment in the emulator window, and the order ends paid', async () => {
    const context = await browser.newContext({ locale: 'ko-KR' });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      await page.goto(url);
      await page.click('#pay');
      const window = await windowIn(page, { timeoutMs: 15_000 });
      expect(await window.getByTestId('window-amount').textContent()).toBe('30,000원');
      await approveIn(window, { cardCompany: 'HYUNDAI' });
      await page.waitForURL(/\/orders\/order-[0-9a-f-]+\?paymentKey=[^&]+&status=DONE$/);
      const orderId = new URL(page.url()).pathname.split('/').pop()!;
      // the order page of the quick start: the shop's own record, marked by onPaymentConfirmed
      expect(JSON.parse((await page.textContent('body'))!)).toEqual({
        amount: 30_000,
        orderName: '화이트 티셔츠',
        paid: true,
      });
      expect(emulator.control.getPayment(orderId)).toMatchObject({
        status: 'DONE',
        totalAmount: 30_000,
        method: '카드',
      });
      // the secret key stayed on the server: the page never saw it
      expect(await page.content()).not.toContain('test_sk_');
    } finally {
      await context.close();
    }
  });
});
