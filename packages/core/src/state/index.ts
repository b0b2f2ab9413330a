export {
  canReach,
  canTransition,
  isNewerSnapshot,
  isTerminal,
  nextStatuses,
  PAYMENT_TRANSITIONS,
  type PaymentSnapshot,
  type PaymentTransition,
  sendsWebhook,
  transition,
} from './payment-state.js';
