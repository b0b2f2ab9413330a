// Shared by the emulator's own tests: a tiny client that speaks to the emulator over real HTTP, and the
// per-file emulator most test files start.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createEmulator } from './emulator.js';
import type { Emulator, EmulatorOptions } from './emulator.js';

export interface CallOptions {
  key?: string;
  idempotencyKey?: string;
  headers?: Record<string, string>;
  auth?: string | null;
}

export interface CallResult {
  status: number;
  body: any;
  text: string;
}

export function basic(key: string): string {
  return `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
}

export function client(emu: Emulator) {
  async function call(
    method: string,
    path: string,
    body?: unknown,
    options: CallOptions = {},
  ): Promise<CallResult> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.auth !== null)
      headers['authorization'] = options.auth ?? basic(options.key ?? emu.keys.secretKey);
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
    const res = await fetch(`${emu.url}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, text, body: text === '' ? null : JSON.parse(text) };
  }
  return {
    call,
    get: (path: string, options?: CallOptions) => call('GET', path, undefined, options),
    post: (path: string, body: unknown, options?: CallOptions) => call('POST', path, body, options),
    /** what a shop's success route does: confirm the paymentKey, orderId and amount a window redirect carried */
    confirmRedirect: (q: URLSearchParams, options?: CallOptions) =>
      call(
        'POST',
        '/v1/payments/confirm',
        { paymentKey: q.get('paymentKey'), orderId: q.get('orderId'), amount: Number(q.get('amount')) },
        options,
      ),
    /** authorize in the "window" then confirm: a DONE card payment */
    async pay(orderId: string, amount: number, extra: Record<string, unknown> = {}) {
      const auth = await emu.control.authorizePayment({ orderId, amount, ...extra });
      const res = await call('POST', '/v1/payments/confirm', {
        paymentKey: auth.paymentKey,
        orderId,
        amount,
      });
      if (res.status !== 200) throw new Error(`confirm failed: ${res.text}`);
      return res.body;
    },
  };
}

export type EmulatorClient = ReturnType<typeof client>;

/**
 * One emulator for the test file: started before the first test, reset before each, closed after the last.
 * `onStart` gets it and its client (files keep them in their own `emu`/`api` variables).
 */
export function useEmulator(
  onStart: (started: { emu: Emulator; api: EmulatorClient }) => void,
  options: EmulatorOptions = {},
): void {
  let emu: Emulator | undefined;
  beforeAll(async () => {
    emu = await createEmulator({ consecutiveRequestWindowMs: 0, ...options });
    onStart({ emu, api: client(emu) });
  });
  afterAll(() => emu?.close());
  beforeEach(() => emu?.control.reset());
}

let counter = 0;
export function orderId(prefix = 'order'): string {
  counter++;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}
