/** The control side of the emulator (`emulator.control`): what the dashboard, the buyer and the bank would do. */
import type { ChangeFeed } from './change-feed.js';
import type { EmulatorClock } from './clock.js';
import { filterPayments, paymentTimeline } from './control-views.js';
import type { ConsecutiveRequests } from './api-handler.js';
import type { EmulatorControl } from './emulator.js';
import { gatewayError } from './errors.js';
import type { FaultRegistry } from './faults.js';
import type { IdempotencyStore } from './idempotency.js';
import type { RequestLog } from './request-log.js';
import type { EmulatorState } from './state/index.js';
import type { WebhookDispatcher } from './webhooks.js';

export interface ControlDeps {
  state: EmulatorState;
  clock: EmulatorClock;
  webhooks: WebhookDispatcher;
  faults: FaultRegistry;
  idempotency: IdempotencyStore;
  consecutive: ConsecutiveRequests | null;
  log: RequestLog;
  /** called when something the snapshot file keeps changed */
  scheduleSnapshot: () => void;
  /** tells the dashboard's event stream */
  changes: ChangeFeed;
}

export function createControl(deps: ControlDeps): EmulatorControl {
  const { state, clock, webhooks, faults, idempotency, consecutive, log, scheduleSnapshot, changes } = deps;
  return {
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
      const now = clock.advance(ms);
      changes.notify('clock');
      return now;
    },
    now() {
      return clock.now();
    },
    addWebhookEndpoint(url, events) {
      webhooks.addEndpoint(url, events);
      changes.notify('webhooks');
      scheduleSnapshot();
    },
    removeWebhookEndpoint(url) {
      webhooks.removeEndpoint(url);
      changes.notify('webhooks');
      scheduleSnapshot();
    },
    webhookEndpoints() {
      return [...webhooks.endpoints];
    },
    webhookSubscriptions() {
      return webhooks.subscriptions();
    },
    deliveries() {
      return webhooks.deliveries();
    },
    flushWebhooks() {
      return webhooks.flush();
    },
    payments(filter) {
      return filterPayments(state.list(), filter);
    },
    timeline(id) {
      return paymentTimeline(state, webhooks.deliveries(), id);
    },
    resendWebhook(deliveryId) {
      return webhooks.resend(deliveryId);
    },
    onChange(listener) {
      return changes.subscribe(listener);
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
      return log.list(filter);
    },
    reset() {
      state.reset();
      webhooks.reset();
      faults.clear();
      idempotency.clear();
      consecutive?.clear();
      log.clear();
      for (const kind of ['payments', 'deliveries', 'faults'] as const) changes.notify(kind);
      scheduleSnapshot();
    },
    fault(spec) {
      const id = faults.add(spec);
      changes.notify('faults');
      return id;
    },
    faults() {
      return faults.list();
    },
    clearFaults() {
      faults.clear();
      changes.notify('faults');
    },
    setPromotions(promotions) {
      state.promotions = promotions;
      scheduleSnapshot();
    },
  };
}
