export { createEmulator, DOCS_TEST_KEYS, IDEMPOTENCY_TTL_MS } from './emulator.js';
export type {
  Emulator,
  EmulatorControl,
  EmulatorOptions,
  RequestLogEntry,
  RequestFilter,
  CancelInput,
} from './emulator.js';
export { EmulatorClock } from './clock.js';
export { API_ROUTES, DROPPABLE_ROUTES } from './faults.js';
export type { ApiRoute, FaultSpec, ActiveFault } from './faults.js';
export { RETRY_MINUTES } from './webhooks.js';
export { WEBHOOK_EVENT_TYPES } from './webhook-events.js';
export type { WebhookSubscription } from './webhook-events.js';
export type { Delivery, DeliveryAttempt, DeliveryLogSnapshot } from './webhooks.js';
export { PAYMENT_STATUSES } from './control-views.js';
export type { PaymentFilter, Timeline, TimelineEntry } from './control-views.js';
export type { Change, ChangeKind } from './change-feed.js';
export { IN_PROGRESS_TTL_MS, READY_TTL_MS, API_VERSION } from './state/index.js';
export type {
  AuthorizeInput,
  PaymentObject,
  CancelObject,
  TransactionObject,
  CashReceiptObject,
  PromotionConfig,
} from './state/index.js';
export { GatewayAnswer } from './errors.js';
