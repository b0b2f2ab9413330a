// The README's example, kept runnable.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEmulator, type Emulator } from './index.js';

let toss: Emulator;
beforeAll(async () => {
  toss = await createEmulator({ consecutiveRequestWindowMs: 0 });
});
afterAll(() => toss.close());

const auth = () => `Basic ${Buffer.from(`${toss.keys.secretKey}:`).toString('base64')}`;

it('recovers a confirm whose answer was lost', async () => {
  const session = await toss.control.authorizePayment({ orderId: 'order-0001', amount: 15_000 });
  toss.control.fault({ kind: 'drop', route: 'confirm' });
  const confirm = () =>
    fetch(`${toss.url}/v1/payments/confirm`, {
      method: 'POST',
      headers: {
        authorization: auth(),
        'content-type': 'application/json',
        'idempotency-key': 'confirm-order-0001',
      },
      body: JSON.stringify(session),
    });
  await expect(confirm()).rejects.toThrow();
  const retry = await confirm();
  expect((await retry.json()).status).toBe('DONE');
  expect(toss.control.requests({ route: 'confirm' }).map((r) => r.replayed)).toEqual([false, true]);
});
