// How `src/server.ts` of each shop (and `npm run demo`) starts: keys and URLs from the environment. With no
// TOSS_API_BASE_URL outside production, an emulator starts in the same process, its webhooks pointed at
// the shop, so the shop runs with no Toss account and no network.
import { join } from 'node:path';
import { shopOptionsFromEnv } from './shop-config.js';
import type { ShopOptions } from './shop-config.js';

export interface RunnableShop {
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

export interface StartedShop {
  url: string;
  emulatorUrl: string | null;
  dataDir: string;
  close(): Promise<void>;
}

export async function startShop(
  createShop: (options: ShopOptions) => Promise<RunnableShop>,
  { env = process.env, defaultDataDir }: { env?: NodeJS.ProcessEnv; defaultDataDir: string },
): Promise<StartedShop> {
  const options = shopOptionsFromEnv(env, defaultDataDir);
  const host = env.HOST || '127.0.0.1';
  let emulator: Awaited<ReturnType<typeof import('@tosskit/emulator').createEmulator>> | null = null;
  if (!options.apiBaseUrl && options.dev) {
    const { createEmulator } = await import('@tosskit/emulator');
    emulator = await createEmulator({
      host,
      port: Number(env.EMULATOR_PORT ?? 4010),
      // the emulator's payments survive a restart like the shop's ledger does
      snapshotFile: join(options.dataDir, 'emulator-snapshot.json'),
    });
    options.apiBaseUrl = emulator.url;
  }
  const shop = await createShop(options);
  const url = await shop.listen(Number(env.PORT ?? 3000), host);
  if (emulator) {
    // the emulator's saved state may still name the shop's address of an earlier run
    for (const old of emulator.control.webhookEndpoints()) emulator.control.removeWebhookEndpoint(old);
    emulator.control.addWebhookEndpoint(`${url}/payments/webhook`);
  }
  return {
    url,
    emulatorUrl: emulator?.url ?? null,
    dataDir: options.dataDir,
    async close() {
      await shop.close();
      await emulator?.close();
    },
  };
}

/** Prints where things are and closes cleanly on Ctrl-C. */
export function announce(name: string, started: StartedShop): void {
  console.log(`\n  ${name} 실행 중:  ${started.url}`);
  if (started.emulatorUrl) {
    console.log(`  Toss 에뮬레이터:   ${started.emulatorUrl}  (결제창, API, 웹훅 발송)`);
    console.log(`  데이터 폴더:       ${started.dataDir}`);
    console.log('\n  카드 결제, 가상계좌 결제 후 "입금 시뮬레이션", 관리자 페이지(/admin)에서 부분 취소,');
    console.log('  웹훅 기록(/admin/webhooks)을 차례로 해 보세요. 끝내려면 Ctrl-C.\n');
  }
  const stop = () => {
    started.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
