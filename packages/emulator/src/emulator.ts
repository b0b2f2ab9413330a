/**
 * createEmulator: a local Toss Payments (API 2022-11-16) on node:http, state in memory, bound to 127.0.0.1.
 * Request order at the gateway door: window routes → control API → auth → idempotency → test code →
 * consecutive-request rule → faults → the route itself (api-handler.ts).
 *
 * This file holds the public types and puts the parts together: the state (state/), the API door (api-handler.ts,
 * api-routes.ts, auth.ts, idempotency.ts), the control side (control.ts, control-http.ts), webhooks, faults, the
 * snapshot file and the server (server.ts).
 */
import { ConsecutiveRequests, createApiHandler } from './api-handler.js';
import { Authenticator, checkKeyLists, keyFamily, shownKeys } from './auth.js';
import { ChangeFeed } from './change-feed.js';
import type { Change } from './change-feed.js';
import { EmulatorClock } from './clock.js';
import { createControl } from './control.js';
import type { PaymentFilter, Timeline } from './control-views.js';
import { handleControlRequest } from './control-http.js';
import { FaultRegistry } from './faults.js';
import type { ActiveFault, ApiRoute, FaultSpec } from './faults.js';
import { IdempotencyStore } from './idempotency.js';
import { handleReceiptRequest } from './receipt-page.js';
import { RequestLog } from './request-log.js';
import { listen } from './server.js';
import { SnapshotFile } from './snapshot-file.js';
import { EmulatorState } from './state/index.js';
import type { AuthorizeInput, PaymentObject, PromotionConfig, TransactionObject } from './state/index.js';
import { WebhookDispatcher } from './webhooks.js';
import type { Delivery } from './webhooks.js';
import type { WebhookSubscription } from './webhook-events.js';
import { handleWindowRequest } from './window/index.js';
import type { WindowContext } from './window/index.js';

export { IDEMPOTENCY_TTL_MS } from './idempotency.js';

/** The public docs test keys (they work for anyone, spec §1). */
export const DOCS_TEST_KEYS = {
  secretKey: 'test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R',
  clientKey: 'test_ck_D5GePWvyJnrK0W0k6q8gLzN97Eoq',
  widgetSecretKey: 'test_gsk_docs_OaPz8L5KdmQXkzRz3y47BMw6',
  widgetClientKey: 'test_gck_docs_Ovk5rk1EwkEbP0W43n07xlzm',
} as const;

export interface EmulatorOptions {
  /** default 0 (a free port) */
  port?: number;
  /** default 127.0.0.1 */
  host?: string;
  /** secret keys the API accepts (default: both docs test secret keys) */
  secretKeys?: string[];
  /** client keys the window accepts (default: both docs test client keys) */
  clientKeys?: string[];
  /** endpoints that receive every webhook event */
  webhookUrls?: string[];
  /** endpoints with the event types each receives (`events` null or absent: every event; webhook-events.ts) */
  webhooks?: { url: string; events?: string[] | null }[];
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
    /** transfer billing (method TRANSFER): the buyer's bank, a code or a Korean name (default 88 신한) */
    bank?: string;
  }): Promise<{ authKey: string; customerKey: string }>;
  deposit(paymentKeyOrOrderId: string): Promise<PaymentObject>;
  depositError(paymentKeyOrOrderId: string): Promise<PaymentObject>;
  expire(paymentKeyOrOrderId: string): Promise<PaymentObject>;
  /** cancels like the dashboard would (no auth, no rules on consecutive requests) */
  cancel(paymentKeyOrOrderId: string, input?: CancelInput): Promise<PaymentObject>;
  advanceClock(ms: number): number;
  now(): number;
  /** `events`: the event types it receives (webhook-events.ts); omitted or null: every event */
  addWebhookEndpoint(url: string, events?: string[] | null): void;
  removeWebhookEndpoint(url: string): void;
  webhookEndpoints(): string[];
  /** every endpoint with its event types (null: every event) */
  webhookSubscriptions(): WebhookSubscription[];
  deliveries(): Delivery[];
  /** sends a logged delivery's body again to its endpoint as a new delivery (the developer center's 재전송) */
  resendWebhook(deliveryId: number): Delivery;
  flushWebhooks(): Promise<void>;
  /** every payment, or those a filter keeps (status, method, part of the orderId, KST days from/to) */
  payments(filter?: PaymentFilter): PaymentObject[];
  /** a payment's status changes, transactions, cancels and webhook deliveries, oldest first */
  timeline(paymentKeyOrOrderId: string): Timeline | undefined;
  /** called shortly after payments, deliveries, endpoints, faults or the clock change; returns the unsubscribe */
  onChange(listener: (change: Change) => void): () => void;
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

export async function createEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const secretKeys = options.secretKeys ?? [DOCS_TEST_KEYS.secretKey, DOCS_TEST_KEYS.widgetSecretKey];
  const clientKeys = options.clientKeys ?? [DOCS_TEST_KEYS.clientKey, DOCS_TEST_KEYS.widgetClientKey];
  checkKeyLists(secretKeys, clientKeys);
  const clientSet = new Set(clientKeys);
  const clock =
    options.clock instanceof EmulatorClock
      ? options.clock
      : new EmulatorClock({ timeScale: options.timeScale ?? 1, start: options.clock });
  const consecutiveWindow = options.consecutiveRequestWindowMs ?? 1000;
  const faults = new FaultRegistry();
  const changes = new ChangeFeed(() => clock.now());
  const snapshots = new SnapshotFile(options.snapshotFile, () => ({
    state: state.snapshot(),
    deliveries: webhooks.snapshot(),
    webhookUrls: [...webhooks.endpoints],
    webhookEvents: Object.fromEntries(
      webhooks.subscriptions().flatMap((s) => (s.events === null ? [] : [[s.url, s.events]])),
    ),
  }));
  const scheduleSnapshot = () => snapshots.schedule();
  const webhooks = new WebhookDispatcher({
    clock,
    faults,
    timeoutMs: options.webhookTimeoutMs,
    onUpdate: (delivery) => {
      changes.notify('deliveries');
      scheduleSnapshot();
      options.onDelivery?.(delivery);
    },
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
    onChange: () => {
      changes.notify('payments');
      scheduleSnapshot();
    },
  });
  for (const url of options.webhookUrls ?? []) webhooks.addEndpoint(url);
  for (const w of options.webhooks ?? []) webhooks.addEndpoint(w.url, w.events);
  const saved = snapshots.read();
  if (saved !== null) {
    state.restore(saved.state);
    for (const url of saved.webhookUrls ?? []) webhooks.addEndpoint(url, saved.webhookEvents?.[url]);
    if (saved.deliveries !== undefined) webhooks.restore(saved.deliveries);
  }

  const idempotency = new IdempotencyStore(clock);
  const consecutive = consecutiveWindow > 0 ? new ConsecutiveRequests(clock, consecutiveWindow) : null;
  const log = new RequestLog(clock, options.requestLogLimit ?? 10_000, options.onRequest);
  const api = createApiHandler({
    state,
    faults,
    auth: new Authenticator(new Set(secretKeys)),
    idempotency,
    log,
    consecutive,
  });
  const control = createControl({
    state,
    clock,
    webhooks,
    faults,
    idempotency,
    consecutive,
    log,
    scheduleSnapshot,
    changes,
  });
  const windowCtx: WindowContext = {
    baseUrl: '',
    authorizePayment: (input) => control.authorizePayment(input as AuthorizeInput),
    authorizeBilling: (input) => control.authorizeBilling(input),
    clientKeyFamily: (clientKey) => (clientSet.has(clientKey) ? keyFamily(clientKey) : null),
    openPayment: (input) => control.openPayment(input as AuthorizeInput),
    now: () => clock.now(),
    abortPayment: ({ paymentKey, code, message }) => state.abortSession(paymentKey, code, message),
    brandpay: state.brandpay.windowPort(state),
  };
  const emulatorKeys = shownKeys(secretKeys, clientKeys);

  const server = await listen(
    {
      window: (req, res) => handleWindowRequest(req, res, windowCtx),
      receipt: (req, res, path, search) => handleReceiptRequest(state, req, res, path, search),
      api,
      control: (req, res, path, search, method) =>
        handleControlRequest(req, res, { control, path, search, method, keys: emulatorKeys, url: baseUrl }),
    },
    options.port ?? 0,
    options.host ?? '127.0.0.1',
  );
  const baseUrl = server.baseUrl;
  state.baseUrl = baseUrl;
  windowCtx.baseUrl = baseUrl;

  let closed = false;
  return {
    url: baseUrl,
    keys: emulatorKeys,
    control,
    async close() {
      if (closed) return;
      closed = true;
      clock.stop();
      changes.close();
      await webhooks.close();
      snapshots.close();
      await server.close();
    },
  };
}
