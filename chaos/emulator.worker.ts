/**
 * Child process of the chaos run (chaos/run.ts): the emulated gateway, alone in its process so a busy harness
 * does not slow the gateway down. The harness drives it only through its HTTP control API (/__emulator/):
 * sessions, faults, payments and the request log. Prints `READY <url> <secretKey>` when listening.
 *
 * env: WEBHOOK_URL (the harness's webhook router, which forwards each delivery to a live app process)
 */
import { createEmulator } from '@tosskit/emulator';

const emulator = await createEmulator({
  webhookUrls: process.env.WEBHOOK_URL ? [process.env.WEBHOOK_URL] : [],
  // a buyer retry storm must not be refused for repeating itself: tosskit's own lookups still meet the
  // rule through the 1 s window below (the gateway's documented behaviour)
  consecutiveRequestWindowMs: 1000,
  requestLogLimit: 200_000,
  webhookTimeoutMs: 10_000,
});
process.stdout.write(`READY ${emulator.url} ${emulator.keys.secretKey}\n`);

const stop = async (): Promise<void> => {
  await emulator.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
// the harness went away (even by kill -9): do not outlive it
process.on('disconnect', () => process.exit(1));
