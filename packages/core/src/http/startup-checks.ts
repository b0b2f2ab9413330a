/**
 * Checks of the handler's options that would otherwise wait for the first buyer (or never show): a misspelt
 * option name, an `apiBaseUrl` with a path, live keys sent somewhere that is not the gateway, test keys in
 * production. Each failure says how to fix it.
 */
import {
  bilingualLine,
  CONFIGURATION_PROBLEMS,
  STARTUP_WARNINGS,
  type StartupProblem,
} from './configuration-messages.js';
import type { TossPaymentsOptions } from './options.js';

export type { StartupProblem } from './configuration-messages.js';

/**
 * Every option name `TossPaymentsOptions` has. The `satisfies` clause makes the compiler keep this list and the
 * type in step: a new option that is not listed here fails to compile.
 */
const KNOWN_OPTIONS = {
  secretKey: true,
  orderLookup: true,
  clientKey: true,
  basePath: true,
  apiBaseUrl: true,
  ledger: true,
  dataDir: true,
  encryptionKey: true,
  createOrder: true,
  authorizeCancel: true,
  authorizeOperator: true,
  identifyBuyer: true,
  redirects: true,
  jwt: true,
  onBillingKeyIssued: true,
  authorizeBillingCustomer: true,
  promotionsCacheMs: true,
  securityKey: true,
  bodyLimit: true,
  gateway: true,
  logger: true,
  debug: true,
  claimLeaseMs: true,
  claimWaitMs: true,
  cancelUnknownOrderPayments: true,
  health: true,
  tracing: true,
  now: true,
  onPaymentConfirmed: true,
  onVirtualAccountIssued: true,
  onDepositReceived: true,
  onPaymentFailed: true,
  onPaymentCanceled: true,
  onPaymentCompensated: true,
  onPayoutChanged: true,
  onSellerChanged: true,
} as const satisfies Record<keyof TossPaymentsOptions, true>;

/** Every option name of the handler (for checks that no buyer-facing text names one). */
export function knownOptionNames(): string[] {
  return Object.keys(KNOWN_OPTIONS);
}

/** The gateway's API origin: the only place a live key may be sent. */
export const GATEWAY_ORIGIN = 'https://api.tosspayments.com';

/** Edit distance, for "did you mean": option names are short, so the quadratic table is fine. */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[y.length]!;
}

/** The known option closest to `name`, when it is close enough to be a typo. */
export function nearestOption(name: string): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const known of Object.keys(KNOWN_OPTIONS)) {
    const d = distance(name, known);
    if (d < bestDistance) {
      best = known;
      bestDistance = d;
    }
  }
  // a prefix (onPaymentConfirm → onPaymentConfirmed) or a few letters off
  const close =
    best !== null &&
    (bestDistance <= Math.max(2, Math.floor(name.length / 4)) ||
      best.toLowerCase().startsWith(name.toLowerCase()));
  return close ? best : null;
}

/** Option names the handler does not know (a typo would silently drop a hook). */
export function unknownOptionProblem(options: object): StartupProblem | null {
  for (const name of Object.keys(options)) {
    if (Object.hasOwn(KNOWN_OPTIONS, name)) continue;
    return { option: name, ...CONFIGURATION_PROBLEMS.unknownOption(nearestOption(name)) };
  }
  return null;
}

/**
 * `apiBaseUrl` is an origin: tosskit adds `/v1/...` itself, so a path (often `/v1`) makes every call a 404.
 * A live key goes to the gateway only.
 */
export function apiBaseUrlProblem(url: URL, mode: 'test' | 'live'): StartupProblem | null {
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') {
    return {
      option: 'apiBaseUrl',
      ...CONFIGURATION_PROBLEMS.apiBaseUrlWithPath(`${url.pathname}${url.search}`, url.origin),
    };
  }
  if (mode === 'live' && url.origin !== GATEWAY_ORIGIN) {
    return { option: 'apiBaseUrl', ...CONFIGURATION_PROBLEMS.liveKeyElsewhere(url.origin, GATEWAY_ORIGIN) };
  }
  return null;
}

/** Warnings for a configuration that works but is probably not meant (logged once at creation). */
export function startupWarnings(mode: 'test' | 'live', env: string | undefined): string[] {
  const warnings: string[] = [];
  if (mode === 'test' && env === 'production') {
    warnings.push(bilingualLine(STARTUP_WARNINGS.testKeysInProduction));
  }
  return warnings;
}
