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
  // the gateway's refusal of a repeated read of an unchanged payment within about a second stays on:
  // tosskit's lookups and webhook re-fetches meet FORBIDDEN_CONSECUTIVE_REQUEST as they would for real
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
