// Shared by every test that drives a real browser: launches the system (Debian) Chromium through
// playwright-core. Nothing is ever downloaded; when Chromium is missing the error says how to install it.
import { accessSync, constants } from 'node:fs';
import { chromium, type Browser, type LaunchOptions, type Page } from 'playwright-core';

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags that keep a headless Chromium quiet and offline (no update checks, no sync, no QUIC probes). */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Where the browser binary is: `CHROMIUM_PATH` when set, else Debian's /usr/bin/chromium. */
export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH?.trim();
  return fromEnv && fromEnv.length > 0 ? fromEnv : DEFAULT_CHROMIUM_PATH;
}

export class ChromiumMissingError extends Error {
  constructor(path: string) {
    super(
      `Chromium was not found at ${path}. Install Debian's package with ` +
        '`sudo apt-get update && sudo apt-get install -y chromium` (about 45 s), ' +
        'or point CHROMIUM_PATH at an existing Chromium/Chrome binary. ' +
        'Do not run `npx playwright install`: the tests use the system browser through playwright-core.',
    );
    this.name = 'ChromiumMissingError';
  }
}

/** Throws ChromiumMissingError unless the binary exists and is executable. */
export function verifyChromiumInstalled(path: string = chromiumPath()): string {
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new ChromiumMissingError(path);
  }
  return path;
}

/**
 * Launches headless Chromium. Reuse one Browser per test file (launching costs ~0.3 s) and open a fresh
 * context per test for isolation.
 */
export async function launchChromium(options: Omit<LaunchOptions, 'executablePath'> = {}): Promise<Browser> {
  const executablePath = verifyChromiumInstalled();
  const args = [...CHROMIUM_ARGS, ...(options.args ?? [])];
  return chromium.launch({ ...options, executablePath, args, headless: true });
}

/** Playwright's wording when the page navigated away while an evaluation was still running. */
const NAVIGATED_AWAY =
  /Execution context was destroyed|Target page, context or browser has been closed|navigation/i;

/**
 * Starts a call in the page that is expected to leave it (opening the payment window redirects, so the
 * evaluation never answers). The navigation error is expected and swallowed at once, so it can never
 * surface as an unhandled rejection; any other error is kept and thrown by `finished()`.
 */
export function startInPage<Arg>(
  page: Page,
  pageFunction: (arg: Arg) => unknown,
  arg?: Arg,
): { finished(): Promise<void> } {
  const outcome: Promise<unknown> = page
    .evaluate(pageFunction as (arg: unknown) => unknown, arg as unknown)
    .then(
      () => undefined,
      (error: unknown) => (error instanceof Error && NAVIGATED_AWAY.test(error.message) ? undefined : error),
    );
  return {
    async finished() {
      const error = await outcome;
      if (error !== undefined) throw error;
    },
  };
}
