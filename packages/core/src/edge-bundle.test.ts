/**
 * Edge runtimes: core's entry bundles for a Web-only runtime (esbuild, platform neutral, browser/worker
 * conditions, nothing external) and a confirm runs through that bundle, inside a V8 context that has the
 * Web globals only (no process, Buffer, require), against the emulator, with the global fetch passed as
 * `gateway.fetch` and the memory ledger. A Node builtin or undici reached from the entry fails the build.
 */
import { fileURLToPath } from 'node:url';
import { createContext, runInContext } from 'node:vm';
import { build, type Message } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '@tosskit/emulator';

const entry = fileURLToPath(new URL('./index.ts', import.meta.url));

function describeErrors(errors: Message[]): string {
  return errors
    .map((e) => `${e.text}${e.location ? ` (imported by ${e.location.file}:${e.location.line})` : ''}`)
    .join('\n');
}

/** core's entry as one script for a Web runtime: a readable failure names every unresolvable import */
async function bundleForWeb(): Promise<{ code: string; inputs: string[] }> {
  try {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'neutral',
      conditions: ['workerd', 'worker', 'browser'],
      mainFields: ['browser', 'module', 'main'],
      format: 'iife',
      globalName: 'tosskit',
      target: 'es2022',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    return { code: result.outputFiles[0]?.text ?? '', inputs: Object.keys(result.metafile.inputs) };
  } catch (error) {
    const errors = (error as { errors?: Message[] }).errors ?? [];
    throw new Error(
      `@tosskit/core's entry does not bundle for a Web runtime: a Node builtin or a Node-only package is ` +
        `imported at top level. Move it behind the default-transport boundary (gateway/pool-transport.ts) or ` +
        `use a Web API (packages/core/src/platform/).\n${describeErrors(errors)}`,
      { cause: error },
    );
  }
}

/** a V8 context with what a Web runtime (Workers, Vercel Edge) offers, and nothing of Node's */
function webRuntime(logs: string[]): object {
  const g = globalThis as Record<string, unknown>;
  const names = [
    'fetch',
    'Request',
    'Response',
    'Headers',
    'URL',
    'URLSearchParams',
    'TextEncoder',
    'TextDecoder',
    'crypto',
    'AbortController',
    'AbortSignal',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'atob',
    'btoa',
    'structuredClone',
    'queueMicrotask',
    'performance',
    'ReadableStream',
    'Blob',
    'FormData',
    'Event',
    'EventTarget',
    'DOMException',
  ];
  const sandbox: Record<string, unknown> = Object.fromEntries(names.map((name) => [name, g[name]]));
  const keep =
    (level: string) =>
    (...args: unknown[]) =>
      logs.push(`${level} ${args.map(String).join(' ')}`);
  sandbox['console'] = {
    log: keep('log'),
    info: keep('info'),
    warn: keep('warn'),
    error: keep('error'),
    debug: keep('debug'),
  };
  return createContext(sandbox);
}

interface ConfirmOutcome {
  status: number;
  body: { status?: string; orderId?: string; totalAmount?: number };
  fetchCalls: number;
  runtime: Record<string, string>;
}

/** runs inside the context: the handler from the bundle confirms one approved payment */
const CONFIRM_SCRIPT = `(async (input) => {
  const runtime = { process: typeof process, Buffer: typeof Buffer, require: typeof require, setImmediate: typeof setImmediate };
  let fetchCalls = 0;
  const gateway = input.useFetch
    ? { fetch: (url, init) => { fetchCalls += 1; return fetch(url, init); } }
    : undefined;
  const handler = tosskit.createPaymentHandler({
    secretKey: input.secretKey,
    clientKey: input.clientKey,
    apiBaseUrl: input.apiBaseUrl,
    ledger: tosskit.createMemoryLedger(),
    orderLookup: (orderId) => (orderId === input.orderId ? { amount: input.amount, orderName: 'edge order', payable: true } : null),
    ...(gateway ? { gateway } : {}),
  });
  const response = await handler(new Request('https://shop.example/payments/confirm', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ paymentKey: input.paymentKey, orderId: input.orderId, amount: input.amount }),
  }));
  const text = await response.text();
  await handler.close();
  return { status: response.status, body: JSON.parse(text), fetchCalls, runtime };
})`;

describe('@tosskit/core on a Web-only runtime (esbuild platform neutral)', () => {
  let emulator: Emulator;
  let bundle: { code: string; inputs: string[] };

  beforeAll(async () => {
    emulator = await createEmulator();
    bundle = await bundleForWeb();
  });
  afterAll(async () => {
    await emulator.close();
  });

  async function confirmInWebRuntime(useFetch: boolean, logs: string[]): Promise<ConfirmOutcome> {
    const orderId = `edge-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    const approved = await emulator.control.authorizePayment({
      orderId,
      amount: 15_000,
      orderName: 'edge order',
    });
    const context = webRuntime(logs);
    runInContext(bundle.code, context, { filename: 'tosskit-core.web.js' });
    const run = runInContext(CONFIRM_SCRIPT, context) as (input: object) => Promise<ConfirmOutcome>;
    return run({
      useFetch,
      secretKey: emulator.keys.secretKey,
      clientKey: emulator.keys.clientKey,
      apiBaseUrl: emulator.url,
      orderId,
      paymentKey: approved.paymentKey,
      amount: approved.amount,
    });
  }

  it('bundles without undici or any Node builtin', () => {
    const packages = bundle.inputs.filter((input) => input.includes('node_modules/'));
    expect(packages.some((input) => input.includes('node_modules/undici/'))).toBe(false);
    expect(bundle.inputs.some((input) => input.startsWith('node:'))).toBe(false);
    expect(packages.some((input) => input.includes('node_modules/zod/'))).toBe(true);
    expect(bundle.code).not.toMatch(/require\(["']node:/);
  });

  it('confirms a payment through the bundle with the global fetch as gateway.fetch', async () => {
    const logs: string[] = [];
    const outcome = await confirmInWebRuntime(true, logs);
    expect(outcome.runtime).toEqual({
      process: 'undefined',
      Buffer: 'undefined',
      require: 'undefined',
      setImmediate: 'undefined',
    });
    expect(outcome.status).toBe(200);
    expect(outcome.body).toMatchObject({ status: 'DONE', totalAmount: 15_000 });
    expect(outcome.fetchCalls).toBeGreaterThanOrEqual(1);
    expect(logs.filter((line) => line.includes('undici'))).toEqual([]);
  });

  it('without gateway.fetch, the default transport cannot load undici there and says it uses the global fetch', async () => {
    const logs: string[] = [];
    const outcome = await confirmInWebRuntime(false, logs);
    expect(outcome.status).toBe(200);
    expect(outcome.body).toMatchObject({ status: 'DONE' });
    const warning = logs.find((line) => line.includes('could not load undici'));
    expect(warning).toContain('gateway: { fetch: globalThis.fetch }');
  });
});
