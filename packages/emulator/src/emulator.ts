/**
 * createEmulator: a local Toss Payments (API 2022-11-16) on node:http, state in memory, bound to 127.0.0.1.
 * Request order at the gateway door: window routes → control API → auth → idempotency → test code →
 * consecutive-request rule → faults → the route itself.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { EmulatorClock } from './clock.js';
import { GatewayAnswer, gatewayError, isKnownGatewayCode, messageOf, resolveLocale } from './errors.js';
import type { Locale } from './errors.js';
import { FaultRegistry } from './faults.js';
import { confirmFailureAbortsSession } from './gateway/confirm-failures.js';
import type { ActiveFault, ApiRoute, FaultSpec } from './faults.js';
import { EmulatorState } from './state.js';
import type {
  AuthorizeInput,
  PaymentObject,
  PromotionConfig,
  StateSnapshot,
  TransactionObject,
} from './state.js';
import { WebhookDispatcher } from './webhooks.js';
import type { Delivery } from './webhooks.js';
import { handleWindowRequest } from './window/index.js';
import type { WindowContext } from './window/index.js';

/** The public docs test keys (they work for anyone, spec §1). */
export const DOCS_TEST_KEYS = {
  secretKey: 'test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R',
  clientKey: 'test_ck_D5GePWvyJnrK0W0k6q8gLzN97Eoq',
  widgetSecretKey: 'test_gsk_docs_OaPz8L5KdmQXkzRz3y47BMw6',
  widgetClientKey: 'test_gck_docs_Ovk5rk1EwkEbP0W43n07xlzm',
} as const;

export const IDEMPOTENCY_TTL_MS = 15 * 86_400_000;
const MAX_BODY_BYTES = 1_000_000;

export interface EmulatorOptions {
  /** default 0 (a free port) */
  port?: number;
  /** default 127.0.0.1 */
  host?: string;
  /** secret keys the API accepts (default: both docs test secret keys) */
  secretKeys?: string[];
  /** client keys the window accepts (default: both docs test client keys) */
  clientKeys?: string[];
  /** endpoints that receive webhooks */
  webhookUrls?: string[];
  /** emulator ms per real ms (default 1; 0 freezes the clock: only advanceClock moves it); the clock drives expiries and webhook retries */
  timeScale?: number;
  /**
   * FORBIDDEN_CONSECUTIVE_REQUEST: the same GET or cancel of one payment (same key, path and body) repeated
   * within this many emulator ms while the payment did not change is refused. Default 1000; 0 turns it off.
   */
  consecutiveRequestWindowMs?: number;
  /**
   * emulator ms a cash receipt stays IN_PROGRESS before the tax office "answers" COMPLETED (the gateway says
   * 1–2 days; default one day on the emulator clock, so `advanceClock` moves it)
   */
  cashReceiptProcessingMs?: number;
  /** keep state in this JSON file so a running demo survives a restart */
  snapshotFile?: string;
  /** the emulator time at start (epoch ms), or an EmulatorClock to share */
  clock?: number | EmulatorClock;
  /** promotions answered by GET /v1/promotions and /v1/promotions/card */
  promotions?: PromotionConfig;
  /** real ms a webhook endpoint has to answer 200 (default 10,000) */
  webhookTimeoutMs?: number;
  /** keep at most this many API calls in control.requests() (default 10,000) */
  requestLogLimit?: number;
  /** mId in answers (default tvivarepublica, the test-mode MID) */
  mId?: string;
  /** called after every API call (the CLI prints them) */
  onRequest?: (entry: RequestLogEntry) => void;
  /** called whenever a webhook delivery changes state */
  onDelivery?: (delivery: Delivery) => void;
}

export interface RequestLogEntry {
  seq: number;
  /** emulator time (epoch ms) */
  at: number;
  method: string;
  path: string;
  route: ApiRoute | null;
  status: number;
  /** the gateway code of an error answer */
  code: string | null;
  idempotencyKey: string | null;
  /** the caller's Accept-Language header, as sent (null when none) */
  acceptLanguage: string | null;
  /** answered from the idempotency store without running the route */
  replayed: boolean;
  /** commit-then-drop: the route ran but the socket was destroyed */
  dropped: boolean;
}

export interface RequestFilter {
  method?: string;
  path?: string;
  route?: ApiRoute;
}

export interface CancelInput {
  cancelReason?: string;
  cancelAmount?: number;
  refundReceiveAccount?: { bank: string; accountNumber: string; holderName: string };
  taxFreeAmount?: number;
}

export interface EmulatorControl {
  authorizePayment(input: AuthorizeInput): Promise<{ paymentKey: string; orderId: string; amount: number }>;
  /** a READY payment (the window opened, nothing chosen yet); expires after 30 minutes */
  openPayment(input: AuthorizeInput): Promise<{ paymentKey: string; orderId: string; amount: number }>;
  authorizeBilling(input: {
    customerKey: string;
    clientKey?: string;
    method?: string;
    cardCompany?: string;
  }): Promise<{ authKey: string; customerKey: string }>;
  deposit(paymentKeyOrOrderId: string): Promise<PaymentObject>;
  depositError(paymentKeyOrOrderId: string): Promise<PaymentObject>;
  expire(paymentKeyOrOrderId: string): Promise<PaymentObject>;
  /** cancels like the dashboard would (no auth, no rules on consecutive requests) */
  cancel(paymentKeyOrOrderId: string, input?: CancelInput): Promise<PaymentObject>;
  advanceClock(ms: number): number;
  now(): number;
  addWebhookEndpoint(url: string): void;
  removeWebhookEndpoint(url: string): void;
  webhookEndpoints(): string[];
  deliveries(): Delivery[];
  flushWebhooks(): Promise<void>;
  payments(): PaymentObject[];
  getPayment(paymentKeyOrOrderId: string): PaymentObject | undefined;
  transactions(): TransactionObject[];
  requests(filter?: RequestFilter): RequestLogEntry[];
  reset(): void;
  fault(spec: FaultSpec): number;
  faults(): ActiveFault[];
  clearFaults(): void;
  setPromotions(promotions: PromotionConfig): void;
}

export interface Emulator {
  url: string;
  keys: { secretKey: string; clientKey: string; widgetSecretKey: string; widgetClientKey: string };
  control: EmulatorControl;
  close(): Promise<void>;
}

type Family = 'api' | 'widget';

function keyFamily(key: string): Family {
  return /^(test|live)_g[cs]k_/.test(key) ? 'widget' : 'api';
}

function isTestKey(key: string): boolean {
  return key.startsWith('test_');
}

interface Answer {
  status: number;
  /** serialized JSON ('' = empty body) */
  json: string;
  code: string | null;
}

interface IdempotencyEntry {
  state: 'in-flight' | 'done';
  answer: Answer | null;
  expiresAt: number;
}

interface RouteMatch {
  route: ApiRoute;
  param: string;
}

function decodeParam(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

/** Matches /v1/... paths by hand (a router is overhead at 5k req/s). */
function matchRoute(method: string, path: string): RouteMatch | null {
  const seg = path.split('/');
  // seg[0] === '' and seg[1] === 'v1'
  const a = seg[2];
  const b = seg[3];
  const c = seg[4];
  const n = seg.length;
  const param = (raw: string | undefined): string | null =>
    raw === undefined || raw === '' ? null : decodeParam(raw);
  if (a === 'payments') {
    if (method === 'POST' && n === 4 && b === 'confirm') return { route: 'confirm', param: '' };
    if (method === 'POST' && n === 4 && b === 'key-in') return { route: 'keyIn', param: '' };
    if (method === 'GET' && n === 5 && b === 'orders') {
      const p = param(c);
      return p === null ? null : { route: 'getPaymentByOrderId', param: p };
    }
    if (method === 'GET' && n === 4) {
      const p = param(b);
      return p === null ? null : { route: 'getPayment', param: p };
    }
    if (method === 'POST' && n === 5 && c === 'cancel') {
      const p = param(b);
      return p === null ? null : { route: 'cancel', param: p };
    }
    return null;
  }
  if (a === 'virtual-accounts' && method === 'POST' && n === 3) return { route: 'virtualAccount', param: '' };
  if (a === 'billing') {
    if (method === 'POST' && n === 5 && b === 'authorizations' && c === 'issue')
      return { route: 'billingIssue', param: '' };
    if (method === 'POST' && n === 5 && b === 'authorizations' && c === 'card')
      return { route: 'billingCard', param: '' };
    const p = param(b);
    if (p !== null && n === 4 && method === 'POST') return { route: 'billingCharge', param: p };
    if (p !== null && n === 4 && method === 'DELETE') return { route: 'billingDelete', param: p };
    return null;
  }
  if (a === 'transactions' && method === 'GET' && n === 3) return { route: 'transactions', param: '' };
  if (a === 'settlements' && n === 3) {
    if (method === 'GET') return { route: 'settlements', param: '' };
    if (method === 'POST') return { route: 'settlementRequest', param: '' };
    return null;
  }
  if (a === 'cash-receipts') {
    if (n === 3 && method === 'POST') return { route: 'cashReceiptIssue', param: '' };
    if (n === 3 && method === 'GET') return { route: 'cashReceipts', param: '' };
    if (n === 5 && method === 'POST' && c === 'cancel') {
      const p = param(b);
      return p === null ? null : { route: 'cashReceiptCancel', param: p };
    }
    return null;
  }
  if (a === 'promotions' && method === 'GET') {
    if (n === 3) return { route: 'promotions', param: '' };
    if (n === 4 && b === 'card') return { route: 'cardPromotions', param: '' };
  }
  return null;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(
          gatewayError('INVALID_REQUEST', {
            ko: '요청 본문이 너무 큽니다.',
            en: 'The request body is too large.',
          }),
        );
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 0 ? '' : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJsonBody(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw gatewayError('INVALID_REQUEST', {
      ko: '요청 본문이 올바른 JSON이 아닙니다.',
      en: 'The request body is not valid JSON.',
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw gatewayError('INVALID_REQUEST', {
      ko: '요청 본문은 JSON 객체여야 합니다.',
      en: 'The request body must be a JSON object.',
    });
  }
  return value as Record<string, unknown>;
}

function send(res: ServerResponse, answer: Answer): void {
  if (res.headersSent || res.destroyed) return;
  if (answer.json === '') {
    res.writeHead(answer.status, { 'content-length': '0' });
    res.end();
    return;
  }
  res.writeHead(answer.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(answer.json),
  });
  res.end(answer.json);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function errorAnswer(error: unknown, locale: Locale): Answer {
  if (error instanceof GatewayAnswer)
    return { status: error.status, json: JSON.stringify(error.body(locale)), code: error.code };
  return {
    status: 500,
    json: JSON.stringify({
      code: 'FAILED_INTERNAL_SYSTEM_PROCESSING',
      message: messageOf('FAILED_INTERNAL_SYSTEM_PROCESSING', locale),
    }),
    code: 'FAILED_INTERNAL_SYSTEM_PROCESSING',
  };
}

function pickKey(keys: string[], family: Family, preferTest = true): string | undefined {
  const ofFamily = keys.filter((k) => keyFamily(k) === family);
  return (preferTest ? ofFamily.find(isTestKey) : undefined) ?? ofFamily[0];
}

export async function createEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const secretKeys = options.secretKeys ?? [DOCS_TEST_KEYS.secretKey, DOCS_TEST_KEYS.widgetSecretKey];
  const clientKeys = options.clientKeys ?? [DOCS_TEST_KEYS.clientKey, DOCS_TEST_KEYS.widgetClientKey];
  for (const k of secretKeys) {
    if (!/^(test|live)_(sk|gsk|ak)_/.test(k))
      throw new TypeError(
        `secretKeys: "${k.slice(0, 8)}…" is not a secret key (test_sk_, test_gsk_, live_sk_, live_gsk_)`,
      );
  }
  for (const k of clientKeys) {
    if (!/^(test|live)_(ck|gck)_/.test(k))
      throw new TypeError(
        `clientKeys: "${k.slice(0, 8)}…" is not a client key (test_ck_, test_gck_, live_ck_, live_gck_)`,
      );
  }
  const secretSet = new Set(secretKeys);
  const clientSet = new Set(clientKeys);
  const clock =
    options.clock instanceof EmulatorClock
      ? options.clock
      : new EmulatorClock({ timeScale: options.timeScale ?? 1, start: options.clock });
  const consecutiveWindow = options.consecutiveRequestWindowMs ?? 1000;
  const requestLogLimit = options.requestLogLimit ?? 10_000;
  const faults = new FaultRegistry();
  let snapshotTimer: NodeJS.Timeout | null = null;
  const scheduleSnapshot = () => {
    if (!options.snapshotFile || snapshotTimer) return;
    snapshotTimer = setTimeout(() => {
      snapshotTimer = null;
      writeSnapshot();
    }, 200);
    snapshotTimer.unref();
  };
  const webhooks = new WebhookDispatcher({
    clock,
    faults,
    timeoutMs: options.webhookTimeoutMs,
    onUpdate: options.onDelivery,
  });
  const state = new EmulatorState({
    clock,
    mId: options.mId,
    promotions: options.promotions,
    ...(options.cashReceiptProcessingMs === undefined
      ? {}
      : { cashReceiptProcessingMs: options.cashReceiptProcessingMs }),
    emit: (event) => webhooks.dispatch(event),
    wantsEvents: () => webhooks.endpoints.size > 0,
    onChange: scheduleSnapshot,
  });
  for (const url of options.webhookUrls ?? []) webhooks.addEndpoint(url);

  function writeSnapshot(): void {
    if (!options.snapshotFile) return;
    const data = JSON.stringify({ state: state.snapshot(), webhookUrls: [...webhooks.endpoints] });
    const tmp = `${options.snapshotFile}.tmp`;
    writeFileSync(tmp, data);
    renameSync(tmp, options.snapshotFile);
  }

  if (options.snapshotFile) {
    let text: string | null;
    try {
      text = readFileSync(options.snapshotFile, 'utf8');
    } catch {
      text = null; // no snapshot yet: start empty
    }
    if (text !== null) {
      const saved = JSON.parse(text) as { state: StateSnapshot; webhookUrls?: string[] };
      state.restore(saved.state);
      for (const url of saved.webhookUrls ?? []) webhooks.addEndpoint(url);
    }
  }

  // ---------------------------------------------------------------- logs and stores

  const log: RequestLogEntry[] = [];
  let logSeq = 0;
  const idempotency = new Map<string, IdempotencyEntry>();
  const recentRequests = new Map<string, { at: number; version: number }>();

  const onRequest = options.onRequest;
  function record(entry: Omit<RequestLogEntry, 'seq' | 'at'>): void {
    const full = { seq: ++logSeq, at: clock.now(), ...entry };
    log.push(full);
    // trimmed in batches so a busy emulator does not shift the whole array on every call
    if (log.length > requestLogLimit + 256) log.splice(0, log.length - requestLogLimit);
    if (onRequest) {
      try {
        onRequest({ ...full });
      } catch {
        // a listener's failure must not break the API
      }
    }
  }

  // Pruning walks the whole store; doing it on every request once 10,000 keys are held (they live 15 days)
  // made each idempotent call O(n). Prune again only when the store has doubled since the last walk.
  let pruneAt = 10_000;
  function pruneIdempotency(now: number): void {
    if (idempotency.size < pruneAt) return;
    for (const [k, e] of idempotency) if (e.state === 'done' && e.expiresAt <= now) idempotency.delete(k);
    pruneAt = Math.max(10_000, idempotency.size * 2);
  }

  // ---------------------------------------------------------------- auth

  // Authorization header → secret key, for headers already checked (the hot path decodes base64 once).
  const authCache = new Map<string, string>();
  function authenticate(header: string | undefined): string {
    if (header === undefined || header === '') throw gatewayError('UNAUTHORIZED_KEY');
    const cached = authCache.get(header);
    if (cached !== undefined) return cached;
    const key = decodeAuthorization(header);
    if (authCache.size < 100) authCache.set(header, key);
    return key;
  }

  function decodeAuthorization(header: string): string {
    const m = /^Basic\s+(.+)$/i.exec(header.trim());
    if (!m) throw gatewayError('INCORRECT_BASIC_AUTH_FORMAT');
    const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon === -1) throw gatewayError('INCORRECT_BASIC_AUTH_FORMAT');
    const key = decoded.slice(0, colon).replace(/^\uFEFF/, '');
    if (!secretSet.has(key)) {
      // A client key where a secret key belongs, or an unknown key.
      throw gatewayError('UNAUTHORIZED_KEY');
    }
    return key;
  }

  // ---------------------------------------------------------------- routes

  async function runRoute(
    m: RouteMatch,
    body: Record<string, unknown>,
    query: URLSearchParams,
    secretKey: string,
  ): Promise<Answer> {
    const ok = (value: unknown): Answer => ({ status: 200, json: JSON.stringify(value), code: null });
    switch (m.route) {
      case 'confirm':
        return ok(state.confirm(body, secretKey));
      case 'getPayment':
        return { status: 200, json: state.getPaymentJson(m.param), code: null };
      case 'getPaymentByOrderId':
        return { status: 200, json: state.getPaymentJsonByOrderId(m.param), code: null };
      case 'cancel':
        return ok(state.cancel(m.param, body));
      case 'keyIn':
        return ok(state.keyIn(body));
      case 'virtualAccount':
        return ok(state.issueVirtualAccount(body));
      case 'billingIssue':
        return ok(state.issueBilling(body, secretKey));
      case 'billingCard':
        return ok(state.authorizeBillingCard(body, secretKey));
      case 'billingCharge':
        return ok(state.chargeBilling(m.param, body));
      case 'billingDelete':
        state.deleteBilling(m.param);
        return { status: 200, json: '', code: null };
      case 'transactions':
        return ok(state.listTransactions(query));
      case 'settlements':
        return ok(state.listSettlements(query));
      case 'settlementRequest':
        return ok(state.requestSettlement(body));
      case 'cashReceiptIssue':
        return ok(state.issueCashReceipt(body));
      case 'cashReceiptCancel':
        return ok(state.cancelCashReceipt(m.param, body));
      case 'cashReceipts':
        return ok(state.listCashReceipts(query));
      case 'promotions':
        return ok(state.listPromotions());
      case 'cardPromotions':
        return ok(state.cardPromotions());
    }
  }

  /** The payment a payment-scoped call targets (for the consecutive-request rule). */
  function consecutiveTarget(m: RouteMatch): { version: number } | undefined {
    if (m.route === 'getPayment' || m.route === 'cancel') return state.findByKey(m.param);
    if (m.route === 'getPaymentByOrderId') return state.findByOrderId(m.param);
    return undefined;
  }

  async function handleApi(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    path: string,
    search: string,
  ): Promise<void> {
    const locale = resolveLocale(req.headers['accept-language']);
    const idemHeader = req.headers['idempotency-key'];
    const idemKey = method === 'POST' && typeof idemHeader === 'string' ? idemHeader : null;
    const m = matchRoute(method, path);
    const finish = (answer: Answer, extra: { replayed?: boolean; dropped?: boolean } = {}) => {
      record({
        method,
        path,
        route: m?.route ?? null,
        status: answer.status,
        code: answer.code,
        idempotencyKey: idemKey,
        acceptLanguage:
          typeof req.headers['accept-language'] === 'string' ? req.headers['accept-language'] : null,
        replayed: extra.replayed ?? false,
        dropped: extra.dropped ?? false,
      });
      if (extra.dropped) {
        res.socket?.destroy();
        return;
      }
      send(res, answer);
    };
    let secretKey: string;
    try {
      secretKey = authenticate(req.headers.authorization);
    } catch (error) {
      if (method === 'POST' || method === 'DELETE') req.resume();
      finish(errorAnswer(error, locale));
      return;
    }
    let bodyText = '';
    if (method === 'POST' || method === 'DELETE') {
      try {
        bodyText = await readBody(req);
      } catch (error) {
        finish(errorAnswer(error, locale));
        return;
      }
    }
    if (m === null) {
      finish({
        status: 404,
        json: JSON.stringify({
          code: 'NOT_FOUND',
          message: messageOf('NOT_FOUND', locale, { ko: '존재하지 않는 API입니다.', en: 'No such API.' }),
        }),
        code: 'NOT_FOUND',
      });
      return;
    }

    // Idempotency: scope (key, API key, method, path); the body is ignored; the first answer is replayed.
    let idemScope: string | null = null;
    if (idemKey !== null) {
      if (idemKey.length > 300 || idemKey.length === 0) {
        finish(errorAnswer(gatewayError('INVALID_IDEMPOTENCY_KEY'), locale));
        return;
      }
      const now = clock.now();
      idemScope = `${secretKey}\u0000${method}\u0000${path}\u0000${idemKey}`;
      const entry = idempotency.get(idemScope);
      if (entry && (entry.state === 'in-flight' || entry.expiresAt > now)) {
        if (entry.state === 'in-flight' || entry.answer === null) {
          finish(errorAnswer(gatewayError('IDEMPOTENT_REQUEST_PROCESSING'), locale));
        } else {
          finish(entry.answer, { replayed: true });
        }
        return;
      }
      pruneIdempotency(now);
      idempotency.set(idemScope, { state: 'in-flight', answer: null, expiresAt: now + IDEMPOTENCY_TTL_MS });
    }
    const settle = (answer: Answer): void => {
      if (idemScope !== null)
        idempotency.set(idemScope, { state: 'done', answer, expiresAt: clock.now() + IDEMPOTENCY_TTL_MS });
    };

    let dropped = false;
    let answer: Answer;
    try {
      const testCode = req.headers['tosspayments-test-code'];
      if (typeof testCode === 'string' && testCode !== '' && isTestKey(secretKey)) {
        if (!isKnownGatewayCode(testCode)) throw gatewayError('INVALID_TEST_CODE');
        throw gatewayError(testCode);
      }
      if (consecutiveWindow > 0) {
        const target = consecutiveTarget(m);
        if (target) {
          const key = `${secretKey}\u0000${method}\u0000${path}\u0000${bodyText}`;
          const last = recentRequests.get(key);
          if (last && clock.now() - last.at < consecutiveWindow && last.version === target.version) {
            throw gatewayError('FORBIDDEN_CONSECUTIVE_REQUEST');
          }
        }
      }
      if (faults.size > 0) {
        const latency = faults.take('latency', (s) => s.route === '*' || s.route === m.route);
        if (latency) await sleep(latency.ms);
      }
      const body = bodyText === '' ? {} : parseJsonBody(bodyText);
      if (faults.size > 0) {
        const fail = faults.take('fail', (s) => s.route === '*' || s.route === m.route);
        if (fail) {
          if (fail.code === undefined)
            throw gatewayError('FAILED_INTERNAL_SYSTEM_PROCESSING', undefined, fail.status ?? 500);
          // A refusal of the approval ends the authenticated session: IN_PROGRESS → ABORTED, as at the gateway.
          if (
            m.route === 'confirm' &&
            confirmFailureAbortsSession(fail.code) &&
            typeof body['paymentKey'] === 'string'
          ) {
            state.abortSession(body['paymentKey'], fail.code, messageOf(fail.code, 'ko'));
          }
          throw gatewayError(fail.code, undefined, fail.status);
        }
      }
      answer = await runRoute(m, body, new URLSearchParams(search), secretKey);
      // commit-then-drop applies to a call that committed; a refused call leaves the fault armed
      if (faults.size > 0) dropped = faults.take('drop', (s) => s.route === m.route) !== undefined;
    } catch (error) {
      answer = errorAnswer(error, locale);
      dropped = false;
    }
    if (consecutiveWindow > 0) {
      const target = consecutiveTarget(m);
      if (target) {
        const key = `${secretKey}\u0000${method}\u0000${path}\u0000${bodyText}`;
        recentRequests.set(key, { at: clock.now(), version: target.version });
        if (recentRequests.size > 10_000) {
          const cutoff = clock.now() - consecutiveWindow;
          for (const [k, v] of recentRequests) if (v.at < cutoff) recentRequests.delete(k);
        }
      }
    }
    settle(answer);
    finish(answer, { dropped });
  }

  // ---------------------------------------------------------------- control

  const control: EmulatorControl = {
    async authorizePayment(input) {
      return state.authorizePayment(input);
    },
    async openPayment(input) {
      return state.openPayment(input);
    },
    async authorizeBilling(input) {
      return state.authorizeBilling(input);
    },
    async deposit(id) {
      return state.deposit(id);
    },
    async depositError(id) {
      return state.depositError(id);
    },
    async expire(id) {
      return state.expire(id);
    },
    async cancel(id, input = {}) {
      const rec = state.find(id);
      if (!rec) throw gatewayError('NOT_FOUND_PAYMENT');
      return state.cancel(rec.payment.paymentKey, { cancelReason: '관리자 취소', ...input });
    },
    advanceClock(ms) {
      return clock.advance(ms);
    },
    now() {
      return clock.now();
    },
    addWebhookEndpoint(url) {
      webhooks.addEndpoint(url);
      scheduleSnapshot();
    },
    removeWebhookEndpoint(url) {
      webhooks.removeEndpoint(url);
      scheduleSnapshot();
    },
    webhookEndpoints() {
      return [...webhooks.endpoints];
    },
    deliveries() {
      return webhooks.deliveries();
    },
    flushWebhooks() {
      return webhooks.flush();
    },
    payments() {
      return state.list();
    },
    getPayment(id) {
      return state.find(id)?.payment;
    },
    transactions() {
      return state.listTransactions(
        new URLSearchParams({ startDate: '1970-01-01', endDate: '9999-12-31T23:59:59', limit: '5000' }),
      );
    },
    requests(filter) {
      return log
        .slice(-requestLogLimit)
        .filter(
          (e) =>
            (filter?.method === undefined || e.method === filter.method.toUpperCase()) &&
            (filter?.path === undefined || e.path === filter.path) &&
            (filter?.route === undefined || e.route === filter.route),
        )
        .map((e) => ({ ...e }));
    },
    reset() {
      state.reset();
      webhooks.reset();
      faults.clear();
      idempotency.clear();
      recentRequests.clear();
      log.length = 0;
      scheduleSnapshot();
    },
    fault(spec) {
      return faults.add(spec);
    },
    faults() {
      return faults.list();
    },
    clearFaults() {
      faults.clear();
    },
    setPromotions(promotions) {
      state.promotions = promotions;
      scheduleSnapshot();
    },
  };

  const windowCtx: WindowContext = {
    baseUrl: '',
    authorizePayment: (input) => control.authorizePayment(input as AuthorizeInput),
    authorizeBilling: (input) => control.authorizeBilling(input),
    clientKeyFamily: (clientKey) => (clientSet.has(clientKey) ? keyFamily(clientKey) : null),
    openPayment: (input) => control.openPayment(input as AuthorizeInput),
    now: () => clock.now(),
  };

  const { handleControlRequest } = await import('./control-http.js');

  // ---------------------------------------------------------------- server

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const path = q === -1 ? url : url.slice(0, q);
      const search = q === -1 ? '' : url.slice(q + 1);
      const method = req.method ?? 'GET';
      if (await handleWindowRequest(req, res, windowCtx)) return;
      if (path.startsWith('/v1/')) {
        await handleApi(req, res, method, path, search);
        return;
      }
      if (path.startsWith('/__emulator/') || path === '/__emulator') {
        await handleControlRequest(req, res, {
          control,
          path,
          search,
          method,
          keys: emulatorKeys,
          url: baseUrl,
        });
        return;
      }
      send(res, {
        status: 404,
        json: JSON.stringify({ code: 'NOT_FOUND', message: 'Not found' }),
        code: 'NOT_FOUND',
      });
    })().catch(() => {
      if (!res.headersSent) send(res, errorAnswer(null, 'ko'));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const baseUrl = `http://${host}:${address.port}`;
  state.baseUrl = baseUrl;
  windowCtx.baseUrl = baseUrl;

  const emulatorKeys = {
    secretKey: pickKey(secretKeys, 'api') ?? secretKeys[0] ?? '',
    clientKey: pickKey(clientKeys, 'api') ?? clientKeys[0] ?? '',
    widgetSecretKey: pickKey(secretKeys, 'widget') ?? '',
    widgetClientKey: pickKey(clientKeys, 'widget') ?? '',
  };

  let closed = false;
  return {
    url: baseUrl,
    keys: emulatorKeys,
    control,
    async close() {
      if (closed) return;
      closed = true;
      clock.stop();
      await webhooks.close();
      if (snapshotTimer) {
        clearTimeout(snapshotTimer);
        snapshotTimer = null;
      }
      if (options.snapshotFile) writeSnapshot();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };
}
