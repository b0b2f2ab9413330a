// Everything a shop reads from its environment, with defaults that run against the local emulator.
import { randomBytes } from 'node:crypto';

/** The public docs test keys; the emulator accepts them by default. Never put a live key in code. */
export const EMULATOR_TEST_KEYS = {
  secretKey: 'test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R',
  clientKey: 'test_ck_D5GePWvyJnrK0W0k6q8gLzN97Eoq',
} as const;

export interface ShopOptions {
  /** server-side only; defaults to the emulator's test secret key */
  secretKey?: string;
  clientKey?: string;
  /** the gateway; the emulator's URL in development. Default: https://api.tosspayments.com */
  apiBaseUrl?: string;
  /** the SDK script the checkout page loads; default `${apiBaseUrl}/v2/standard` when apiBaseUrl is set */
  sdkSrc?: string;
  /** where the ledger (PGlite) and the shop's orders live */
  dataDir: string;
  /** signs the admin role tokens; a random one per process when not given (tokens then die on restart) */
  jwtSecret?: string;
  /**
   * development tools: the dev admin login, the "입금 시뮬레이션" button and the webhooks panel, all of
   * which talk to the emulator's control API at `emulatorUrl`. Never on in production.
   */
  dev?: boolean;
  /** the emulator (for its control API); default apiBaseUrl */
  emulatorUrl?: string;
}

export interface ResolvedShopOptions
  extends Required<Omit<ShopOptions, 'apiBaseUrl' | 'sdkSrc' | 'emulatorUrl'>> {
  apiBaseUrl: string | undefined;
  sdkSrc: string | undefined;
  emulatorUrl: string | undefined;
}

export function resolveShopOptions(options: ShopOptions): ResolvedShopOptions {
  const apiBaseUrl = options.apiBaseUrl?.replace(/\/$/, '');
  return {
    secretKey: options.secretKey ?? EMULATOR_TEST_KEYS.secretKey,
    clientKey: options.clientKey ?? EMULATOR_TEST_KEYS.clientKey,
    apiBaseUrl,
    sdkSrc: options.sdkSrc ?? (apiBaseUrl ? `${apiBaseUrl}/v2/standard` : undefined),
    dataDir: options.dataDir,
    jwtSecret: options.jwtSecret ?? randomBytes(32).toString('base64url'),
    dev: options.dev ?? false,
    emulatorUrl: options.emulatorUrl ?? apiBaseUrl,
  };
}

/** The shop's options from TOSS_* environment variables (what src/server.ts uses). */
export function shopOptionsFromEnv(env: NodeJS.ProcessEnv, dataDir: string): ShopOptions {
  return {
    secretKey: env.TOSS_SECRET_KEY || undefined,
    clientKey: env.TOSS_CLIENT_KEY || undefined,
    apiBaseUrl: env.TOSS_API_BASE_URL || undefined,
    sdkSrc: env.TOSS_SDK_SRC || undefined,
    jwtSecret: env.SHOP_JWT_SECRET || undefined,
    dataDir: env.SHOP_DATA_DIR || dataDir,
    dev: env.NODE_ENV !== 'production',
  };
}
