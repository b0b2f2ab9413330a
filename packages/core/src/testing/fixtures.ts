// Sample gateway data for tests across tosskit. Values follow the facts of spec §3/§8 and seed 004;
// the keys and numbers are made up. Constants are deep-frozen: use the make* functions (fresh
// copies, with overrides) when a test needs to change something.
export {
  DONE_CARD_PAYMENT,
  EXPIRED_PAYMENT,
  FIXTURE_MID,
  makeDoneCardPayment,
  makeExpiredPayment,
  makePartialCanceledPayment,
  makeWaitingVirtualAccountPayment,
  PARTIAL_CANCELED_PAYMENT,
  WAITING_FOR_DEPOSIT_VIRTUAL_ACCOUNT_PAYMENT,
} from './fixtures-payments.js';
export {
  BILLING,
  BILLING_DELETED_WEBHOOK,
  CANCEL_STATUS_CHANGED_WEBHOOK,
  CARD_PROMOTION,
  CASH_RECEIPT,
  DEPOSIT_CALLBACK_WEBHOOK,
  makeDepositCallbackWebhook,
  makePaymentStatusChangedWebhook,
  PAYMENT_STATUS_CHANGED_WEBHOOK,
  PAYOUT_CHANGED_WEBHOOK,
  PROMOTIONS,
  SEED_004_CONFIRM_RESPONSE,
  SEED_004_DEPOSIT_CALLBACK,
  SEED_004_PAYMENT_STATUS_CHANGED,
  SELLER_CHANGED_WEBHOOK,
  SETTLEMENT,
  TRANSACTIONS,
} from './fixtures-objects.js';
