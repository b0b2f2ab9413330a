import { createPaymentHandler, createMemoryLedger } from '@tosskit/core';
import { createEmulator } from '@tosskit/emulator';
const emulator = await createEmulator();
const base = createMemoryLedger();
const calls = {};
const ledger = new Proxy(base, { get(t, k) { const v = t[k]; if (typeof v !== 'function') return v; return (...a) => { calls[k] = (calls[k] ?? 0) + 1; return v.apply(t, a); }; } });
const orders = new Map();
const handler = createPaymentHandler({ secretKey: emulator.keys.secretKey, apiBaseUrl: emulator.url, ledger, orderLookup: (id) => orders.get(id) ?? null });
for (let i = 0; i < 3; i++) {
  const orderId = `count-order-${i}`;
  const { paymentKey } = await emulator.control.authorizePayment({ orderId, amount: 15000, orderName: 'x' });
  orders.set(orderId, { amount: 15000, orderName: 'x', payable: true });
  const res = await handler(new Request('http://shop/payments/confirm', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ paymentKey, orderId, amount: 15000 }) }));
  console.log(res.status);
}
console.log(calls);
await emulator.close();
