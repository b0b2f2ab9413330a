/**
 * The options a shop passes (ARCHITECTURE.md, public names) and their one check at creation: a
 * mistake in keys or hooks fails at startup with a ConfigurationError that names the option and the
 * fix, instead of failing the first buyer. Messages never quote a key, only its kind.
 */
import { SECURITY_KEY_PATTERN } from '../flows/webhook-signature.js';
import { isTosskitLogger, type TosskitLogger } from '../flows/logging.js';
import type { CreateOrder, OnBillingKeyIssued, OrderLookup, PaymentHooks } from '../flows/index.js';
import type { FetchLike, RetryOptions } from '../gateway/index.js';
import type { Ledger } from '../ledger/index.js';
import type { Payment } from '../models/index.js';
import type { TracingOptions } from '../tracing/index.js';
import {
  CONFIGURATION_PROBLEMS,
  configurationError,
  keyKind,
  type StartupProblem,
} from './configuration-messages.js';
import { apiBaseUrlProblem, unknownOptionProblem } from './startup-checks.js';

/** Operator authentication by bearer JWT: an HS256 secret or a JWKS URL, and the roles admitted. */
export type JwtOptions = (
  | { secret: string; jwksUrl?: undefined }
  | { jwksUrl: string; secret?: undefined }
) & {
  /** claim holding the role (default 'role'); a string or an array of strings */
  roleClaim?: string;
  /** roles allowed to cancel (default owner, manager, master — seed 002) */
  roles?: readonly string[];
  issuer?: string;
  audience?: string;
};

/**
 * May this request act as an operator (on `payment`, or `null` for acts on no one payment: a billing charge,
 * cash receipts)? Return true to admit; false, or a throw, answers 403 (a thrown 401/403 tosskit error is kept).
 */
export type AuthorizeOperator = (request: Request, payment: Payment | null) => boolean | Promise<boolean>;

/** @deprecated the old name of `AuthorizeOperator`; removed in the next release. */
export type AuthorizeCancel = AuthorizeOperator;

/** The buyer a request comes from, as the shop's session knows it. */
export interface BuyerIdentity {
  /** the customerKey the shop gave this buyer's orders (what `orderLookup(orderId).customerKey` answers) */
  customerKey: string;
}

/**
 * Who the request's buyer is, from the shop's own session or cookie; null (or undefined) for nobody known.
 * Called for `GET {basePath}/payments/:paymentKey` before the payment is looked up.
 */
export type IdentifyBuyer = (
  request: Request,
) => BuyerIdentity | null | undefined | Promise<BuyerIdentity | null | undefined>;

/** The options of `createPaymentHandler` / `tossPayments` (the adapters): keys, orderLookup, the ledger, hooks, redirects, operator guard. */
export interface TossPaymentsOptions extends PaymentHooks {
  /** test_sk_/live_sk_ (API individual keys) or test_gsk_/live_gsk_ (widget keys) */
  secretKey: string;
  /** the shop's view of an order: `{ amount, orderName?, payable? }` or null */
  orderLookup: OrderLookup;
  /** returned by /checkout for the browser; must be of the secret key's family and mode */
  clientKey?: string;
  /** default '/payments' */
  basePath?: string;
  /** default https://api.tosspayments.com; the emulator's url in development and tests */
  apiBaseUrl?: string;
  /**
   * Where payments, claims and billing keys are kept. Pass `openLedger({ dataDir, encryptionKey })` (embedded
   * PGlite in a directory, opened on first use) or `await createLedger({ connectionString, encryptionKey })`
   * (PostgreSQL), both from `@tosskit/ledger`; the shop closes it. Default: an in-memory ledger, for tests and
   * demos only (a warning is logged when NODE_ENV=production), closed by `handler.close()`.
   */
  ledger?: Ledger;
  /**
   * Removed: the handler no longer opens a ledger itself (core does not depend on @tosskit/ledger). Passing it
   * fails at creation with CONFIGURATION_ERROR; use `ledger: openLedger({ dataDir, encryptionKey })`.
   */
  dataDir?: never;
  /** Removed with `dataDir`: give the key to `openLedger(...)` / `createLedger(...)` of @tosskit/ledger. */
  encryptionKey?: never;
  /** builds the order from the browser's cart for `POST {basePath}/checkout` (no checkout route without it) */
  createOrder?: CreateOrder;
  /**
   * The guard of every operator action, instead of `jwt`: may this request cancel `payment`, charge a
   * registered card (`payment` null), issue, list or cancel cash receipts (`payment` null)? Whoever it admits
   * also sees the operator view of `GET {basePath}/payments/:paymentKey`.
   */
  authorizeOperator?: AuthorizeOperator;
  /**
   * @deprecated renamed `authorizeOperator` (it guards every operator action, not only cancels); still honoured
   * for one release when `authorizeOperator` is not given.
   */
  authorizeCancel?: AuthorizeOperator;
  /**
   * Who the buyer of a request is, e.g. `(request) => ({ customerKey: sessionOf(request).customerKey })` or
   * null for an anonymous visitor. `GET {basePath}/payments/:paymentKey` answers only:
   * - the order's buyer, when this hook's customerKey equals `orderLookup(payment.orderId).customerKey`: the
   *   buyer view (status, orderId, orderName, amounts, method, approvedAt, receiptUrl, and while a virtual
   *   account waits for its deposit the account number, bank code and due date);
   * - an operator (admitted by `authorizeOperator` or `jwt`, as for a cancel): the operator view (also the
   *   account holder and depositor, the refund state and every cancel with its reason);
   * - everyone else: `404 PAYMENT_NOT_FOUND`, the same answer as for a payment that does not exist.
   * Without this hook (or without `customerKey` in `orderLookup`'s answers) only operators see payments; the
   * buyer still gets the payment in the confirm answer.
   */
  identifyBuyer?: IdentifyBuyer;
  /**
   * the shop's result pages; `:orderId` is replaced; relative paths get the mount path. `billingSuccess` and
   * `billingFail` are where card registration (billing auth) ends, with `customerKey` (and `code`) in the query.
   * `pending` is where the success URL sends the buyer while the outcome is not known yet (`code=PAYMENT_CONFIRMING`,
   * `orderId`, `paymentKey`, `amount` in the query): the page re-opens the success URL (or POSTs /confirm) to poll.
   * Without it tosskit answers a small 202 page that re-opens the success URL by itself.
   */
  redirects?: {
    success?: string;
    fail?: string;
    pending?: string;
    billingSuccess?: string;
    billingFail?: string;
  };
  jwt?: JwtOptions;
  /** a billing key was issued and stored for a customer: masked card data only, never the key */
  onBillingKeyIssued?: OnBillingKeyIssued;
  /**
   * May this request register a card for `customerKey`? (e.g. the signed-in customer is that customer.)
   * Without it any browser that completes billing auth may register a card for the customerKey it names.
   */
  authorizeBillingCustomer?: (request: Request, customerKey: string) => boolean | Promise<boolean>;
  /** how long GET {basePath}/promotions reuses the gateway's card promotions (default 5 min; 0 = no cache) */
  promotionsCacheMs?: number;
  /**
   * the security key (보안 키, 64 hex characters, developer center) that verifies the signed payout and seller
   * webhooks (`onPayoutChanged`, `onSellerChanged`). Without it those events are answered 200 and ignored.
   * The signature covers the raw body: mount tosskit before a JSON body parser, or keep the bytes where the
   * Node bridge finds them (Express `express.json({ verify: (req, res, buf) => { req.rawBody = buf } })`, Koa
   * `ctx.request.rawBody` as @koa/bodyparser keeps it). A signed delivery whose body was parsed and not kept
   * is answered `400 RAW_BODY_REQUIRED` and logged at error level with this fix (no hook runs; the gateway
   * delivers it again once fixed).
   */
  securityKey?: string;

  // advanced
  /** request body limit in bytes (default 64 KB) */
  bodyLimit?: number;
  /** gateway timeouts and retries */
  gateway?: { timeoutMs?: number; longTimeoutMs?: number; retry?: RetryOptions | false; fetch?: FetchLike };
  /**
   * Where tosskit logs, object first as pino and bunyan take it: `logger: pino()` as it is;
   * `logger: messageFirstLogger(winston)` or `messageFirstLogger(console)` for message-first loggers. Default:
   * the console. Every line is redacted (no secret key, billing key, virtual-account secret, card or identity
   * number); a failure carries its cause as `err`, with the stack.
   */
  logger?: TosskitLogger;
  /** log each step of a flow (claim, gateway call, settlement) at debug level; default false */
  debug?: boolean;
  /** how long one confirm holds its order (default 60 s) */
  claimLeaseMs?: number;
  /** how long a second caller waits for the first confirm of the same order (default 30 s) */
  claimWaitMs?: number;
  /**
   * the clock (epoch ms) the flows and the default in-memory ledger read: claim leases, deadlines, failure
   * times. Default `Date.now`; tests pass a clock they move instead of waiting. A ledger you pass keeps its own
   * (`createLedger({ now })`); the flows hand it their time wherever a lease is decided.
   */
  now?: () => number;
  /**
   * an approved payment for an order orderLookup does not know (confirmed outside tosskit, or the shop lost the
   * order) is left alone and reported by the `payment.unknown_order` event; true cancels it (default false)
   */
  cancelUnknownOrderPayments?: boolean;
  /**
   * mount `GET {basePath}/health`, the readiness probe of `handler.health()`: 200 while the ledger answers and
   * is migrated, 503 otherwise, with the reconcile backlog (counts and ages only). Default false: no route.
   */
  health?: boolean;
  /**
   * OpenTelemetry tracing: `tracing: { tracer: trace.getTracer('tosskit') }` with `trace` from
   * `@opentelemetry/api` (an optional peer: tosskit never imports it). A span per request, per flow, per
   * gateway attempt and per ledger call; no secret, card number or billing key in any attribute. Default:
   * off, at no cost.
   */
  tracing?: TracingOptions;
}

export interface ResolvedKeys {
  family: 'api' | 'widget';
  mode: 'test' | 'live';
}

const SECRET_KEY = /^(test|live)_(sk|gsk)_[A-Za-z0-9_-]{4,}$/;
const CLIENT_KEY = /^(test|live)_(ck|gck)_[A-Za-z0-9_-]{4,}$/;

function fail(option: string, problem: Omit<StartupProblem, 'option'>): never {
  throw configurationError(option, problem);
}

export function verifySecretKey(secretKey: unknown): ResolvedKeys {
  if (typeof secretKey !== 'string' || secretKey.trim().length === 0) {
    fail('secretKey', CONFIGURATION_PROBLEMS.secretKeyMissing);
  }
  const key = secretKey.replace(/^\uFEFF/, '').trim();
  const match = SECRET_KEY.exec(key);
  if (match === null) {
    fail('secretKey', CONFIGURATION_PROBLEMS.secretKeyWrongKind(keyKind(key)));
  }
  return { family: match[2] === 'gsk' ? 'widget' : 'api', mode: match[1] as 'test' | 'live' };
}

/** The `clientKey` option: a client key of the secret key's family and mode, or null when not given. */
export function verifyClientKeyOption(clientKey: unknown, secret: ResolvedKeys): string | null {
  if (clientKey === undefined || clientKey === null) return null;
  if (typeof clientKey !== 'string' || clientKey.trim().length === 0) {
    fail('clientKey', CONFIGURATION_PROBLEMS.clientKeyNotString);
  }
  const key = clientKey.trim();
  if (SECRET_KEY.test(key)) {
    fail('clientKey', CONFIGURATION_PROBLEMS.clientKeyIsSecret);
  }
  const match = CLIENT_KEY.exec(key);
  if (match === null) fail('clientKey', CONFIGURATION_PROBLEMS.clientKeyWrongKind(keyKind(key)));
  const family = match[2] === 'gck' ? 'widget' : 'api';
  if (family !== secret.family) {
    fail('clientKey', CONFIGURATION_PROBLEMS.clientKeyWrongFamily(family, secret.family));
  }
  if (match[1] !== secret.mode) {
    fail('clientKey', CONFIGURATION_PROBLEMS.clientKeyWrongMode(match[1]!, secret.mode));
  }
  return key;
}

export function normalizeBasePath(basePath: unknown): string {
  if (basePath === undefined) return '/payments';
  if (typeof basePath !== 'string' || !/^\/[A-Za-z0-9._~\-/]*$/.test(basePath)) {
    fail('basePath', CONFIGURATION_PROBLEMS.basePathInvalid);
  }
  const trimmed = basePath.replace(/\/+$/, '');
  return trimmed === '' ? '' : trimmed;
}

export interface VerifiedOptions {
  keys: ResolvedKeys;
  clientKey: string | null;
  basePath: string;
  apiBaseUrl: string;
  bodyLimit: number;
}

const HOOKS = [
  'orderLookup',
  'createOrder',
  'onPaymentConfirmed',
  'onVirtualAccountIssued',
  'onDepositReceived',
  'onPaymentFailed',
  'onPaymentCanceled',
  'onPaymentCompensated',
  'onPayoutChanged',
  'onSellerChanged',
  'authorizeOperator',
  'authorizeCancel',
  'identifyBuyer',
  'onBillingKeyIssued',
  'authorizeBillingCustomer',
] as const;

/** `dataDir` / `encryptionKey` were handler options: the ledger package opens the embedded ledger now. */
function rejectEmbeddedLedgerOptions(options: TossPaymentsOptions): void {
  const given = options as { dataDir?: unknown; encryptionKey?: unknown };
  if (given.dataDir !== undefined) fail('dataDir', CONFIGURATION_PROBLEMS.dataDirRemoved);
  if (given.encryptionKey !== undefined) fail('encryptionKey', CONFIGURATION_PROBLEMS.encryptionKeyRemoved);
}

export function verifyOptions(options: TossPaymentsOptions): VerifiedOptions {
  if (typeof options !== 'object' || options === null) {
    fail('options', CONFIGURATION_PROBLEMS.optionsMissing);
  }
  const unknown = unknownOptionProblem(options);
  if (unknown !== null) fail(unknown.option, unknown);
  const keys = verifySecretKey(options.secretKey);
  const clientKey = verifyClientKeyOption(options.clientKey, keys);
  if (typeof options.orderLookup !== 'function') {
    fail('orderLookup', CONFIGURATION_PROBLEMS.orderLookupMissing);
  }
  if (
    options.securityKey !== undefined &&
    (typeof options.securityKey !== 'string' || !SECURITY_KEY_PATTERN.test(options.securityKey))
  ) {
    // the value itself is never repeated: it is a secret
    fail('securityKey', CONFIGURATION_PROBLEMS.securityKeyInvalid);
  }
  if (options.logger !== undefined && !isTosskitLogger(options.logger)) {
    fail('logger', CONFIGURATION_PROBLEMS.loggerInvalid);
  }
  for (const name of HOOKS) {
    const hook = options[name];
    if (hook !== undefined && typeof hook !== 'function')
      fail(name, CONFIGURATION_PROBLEMS.notAFunction(name));
  }
  const basePath = normalizeBasePath(options.basePath);
  let apiBaseUrl = 'https://api.tosspayments.com';
  if (options.apiBaseUrl !== undefined) {
    let url: URL | null;
    try {
      url = new URL(options.apiBaseUrl);
    } catch {
      url = null;
    }
    if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      fail('apiBaseUrl', CONFIGURATION_PROBLEMS.apiBaseUrlNotHttp);
    }
    const problem = apiBaseUrlProblem(url, keys.mode);
    if (problem !== null) fail(problem.option, problem);
    apiBaseUrl = url.origin;
  }
  if (options.redirects !== undefined) {
    for (const which of ['success', 'fail', 'pending', 'billingSuccess', 'billingFail'] as const) {
      const target = options.redirects[which];
      if (
        target !== undefined &&
        (typeof target !== 'string' || !(target.startsWith('/') || /^https?:\/\//.test(target)))
      ) {
        fail(`redirects.${which}`, CONFIGURATION_PROBLEMS.redirectInvalid(which));
      }
    }
  }
  if (options.jwt !== undefined) {
    const jwt = options.jwt;
    if (typeof jwt.secret === 'string') {
      if (jwt.secret.length < 32) fail('jwt.secret', CONFIGURATION_PROBLEMS.jwtSecretShort);
    } else if (typeof jwt.jwksUrl === 'string') {
      try {
        new URL(jwt.jwksUrl);
      } catch {
        fail('jwt.jwksUrl', CONFIGURATION_PROBLEMS.jwksUrlInvalid);
      }
    } else {
      fail('jwt', CONFIGURATION_PROBLEMS.jwtIncomplete);
    }
  }
  if (
    options.ledger !== undefined &&
    (typeof options.ledger !== 'object' || typeof options.ledger?.claimConfirm !== 'function')
  ) {
    fail('ledger', CONFIGURATION_PROBLEMS.ledgerInvalid);
  }
  if (
    options.promotionsCacheMs !== undefined &&
    (!Number.isSafeInteger(options.promotionsCacheMs) || options.promotionsCacheMs < 0)
  ) {
    fail('promotionsCacheMs', CONFIGURATION_PROBLEMS.promotionsCacheMsInvalid);
  }
  if (options.health !== undefined && typeof options.health !== 'boolean')
    fail('health', CONFIGURATION_PROBLEMS.healthInvalid);
  if (
    options.tracing !== undefined &&
    typeof (options.tracing as { tracer?: { startActiveSpan?: unknown } } | null)?.tracer?.startActiveSpan !==
      'function'
  )
    fail('tracing', CONFIGURATION_PROBLEMS.tracingInvalid);
  rejectEmbeddedLedgerOptions(options);
  const bodyLimit = options.bodyLimit ?? 64 * 1024;
  if (!Number.isSafeInteger(bodyLimit) || bodyLimit < 1024)
    fail('bodyLimit', CONFIGURATION_PROBLEMS.bodyLimitInvalid);
  return { keys, clientKey, basePath, apiBaseUrl, bodyLimit };
}
