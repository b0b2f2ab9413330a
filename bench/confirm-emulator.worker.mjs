// Child process of bench/confirm.mjs and bench/webhook.mjs: the emulator, alone in its process so the gateway's
// CPU is not charged to the server under test. Driven over IPC.
import { createEmulator } from '@tosskit/emulator';

const consecutiveRequestWindowMs = Number(process.env.BENCH_CONSECUTIVE_WINDOW_MS ?? 1000);
const emulator = await createEmulator({ consecutiveRequestWindowMs, requestLogLimit: 1000 });
let batch = 0;

process.on('message', async (message) => {
  try {
    if (message.type === 'authorize') {
      // what the payment window does when a buyer approves: one IN_PROGRESS session per request to come
      batch += 1;
      const sessions = [];
      for (let i = 0; i < message.count; i++) {
        const orderId = `${message.prefix}-${batch}-${i}`;
        const { paymentKey } = await emulator.control.authorizePayment({
          orderId,
          amount: message.amount,
          orderName: '벤치마크 주문',
        });
        sessions.push({ paymentKey, orderId, amount: message.amount });
      }
      process.send({ id: message.id, sessions });
    } else if (message.type === 'expire') {
      // sessions a run did not use: expire them so their pending expiry tasks do not slow the next case
      for (const paymentKey of message.paymentKeys)
        await emulator.control.expire(paymentKey).catch(() => undefined);
      process.send({ id: message.id });
    } else if (message.type === 'reset') {
      // between cases of bench/confirm.mjs: every case meets a gateway in the same state, not one holding
      // every payment of the cases before it (a heap of gigabytes whose collection lands in whichever case runs)
      emulator.control.reset();
      globalThis.gc?.();
      process.send({ id: message.id });
    } else if (message.type === 'count') {
      const counts = {};
      for (const p of emulator.control.payments()) counts[p.status] = (counts[p.status] ?? 0) + 1;
      process.send({ id: message.id, counts });
    } else if (message.type === 'cpu') {
      process.send({
        id: message.id,
        usage: process.cpuUsage(),
        heapUsedMb: Math.round(process.memoryUsage().heapUsed / 1_048_576),
      });
    } else if (message.type === 'payments') {
      process.send({
        id: message.id,
        payments: message.paymentKeys.map((key) => emulator.control.getPayment(key)),
      });
    } else if (message.type === 'log') {
      // the last API calls (the log keeps 1,000), grouped: what the server under test asked of the gateway
      const calls = {};
      for (const r of emulator.control.requests()) {
        const key = `${r.method} ${r.route ?? r.path} ${r.status}${r.code ? ` ${r.code}` : ''}`;
        calls[key] = (calls[key] ?? 0) + 1;
      }
      process.send({ id: message.id, calls });
    } else if (message.type === 'close') {
      await emulator.close();
      process.send({ id: message.id });
      process.exit(0);
    }
  } catch (error) {
    process.send({ id: message.id, error: String(error?.stack ?? error) });
  }
});
process.send({ type: 'ready', url: emulator.url, keys: emulator.keys });
