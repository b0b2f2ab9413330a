// Everything a shop reads from its environment, with defaults that run against the local emulator.
import { randomBytes } from 'node:crypto';

/**
 * The public docs test keys; the emulator accepts them by default. Never put a live key in code. Two key sets,
 * as the gateway has them: the widget keys (gck/gsk) for the default checkout (결제위젯), the API individual
 * keys (ck/sk) for the payment-window checkout (결제창); a payment is confirmed with the secret key of its set.
 */
export const EMULATOR_TEST_KEYS = {
  secretKey: 'test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R',
  clientKey: 'test_ck_D5GePWvyJnrK0W0k6q8gLzN97Eoq',
  widgetSecretKey: 'test_gsk_docs_OaPz8L5KdmQXkzRz3y47BMw6',
  widgetClientKey: 'test_gck_docs_Ovk5rk1EwkEbP0W43n07xlzm',
} as const;

export interface ShopOptions {
  /** the payment window's keys (API individual, sk/ck); server-side only; default the docs test keys */
  secretKey?: string;
  clientKey?: string;
  /** the widget's keys (gsk/gck) for the default checkout; server-side only; default the docs test keys */
  widgetSecretKey?: string;
  widgetClientKey?: string;
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
    widgetSecretKey: options.widgetSecretKey ?? EMULATOR_TEST_KEYS.widgetSecretKey,
    widgetClientKey: options.widgetClientKey ?? EMULATOR_TEST_KEYS.widgetClientKey,
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
    widgetSecretKey: env.TOSS_WIDGET_SECRET_KEY || undefined,
    widgetClientKey: env.TOSS_WIDGET_CLIENT_KEY || undefined,
    apiBaseUrl: env.TOSS_API_BASE_URL || undefined,
    sdkSrc: env.TOSS_SDK_SRC || undefined,
    jwtSecret: env.SHOP_JWT_SECRET || undefined,
    dataDir: env.SHOP_DATA_DIR || dataDir,
    dev: env.NODE_ENV !== 'production',
  };
}
