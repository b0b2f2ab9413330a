/**
 * The emulator's gateway state: payments, transactions, billing keys, cash receipts, settlements and promotions,
 * with the gateway's rules (state machine, cancel arithmetic, expiries). Everything here is synchronous and in
 * memory; the HTTP layer (api-handler.ts) adds auth, idempotency, faults and logging.
 *
 * EmulatorState is the one object the rest of the emulator holds: the store (store.ts) with each domain's
 * operations, which live in their own files.
 */
import {
  authorizeBilling,
  authorizeBillingCard,
  chargeBilling,
  deleteBilling,
  issueBilling,
} from './billing.js';
import { BrandpayBook, type BrandpaySnapshot } from './brandpay.js';
import { cancel, scheduleForeignCancel } from './cancels.js';
import { cancelCashReceipt, issueCashReceipt, listCashReceipts } from './cash-receipts.js';
import { abortSession, authorizePayment, confirm, expire, keyIn, openPayment } from './payments.js';
import {
  cardPromotions,
  listPromotions,
  listSettlements,
  listTransactions,
  requestSettlement,
} from './settlements.js';
import { Store } from './store.js';
import type {
  AuthorizeInput,
  CashReceiptObject,
  PaymentObject,
  StateSnapshot,
  TransactionObject,
} from './types.js';
import { deposit, depositError, issueVirtualAccount } from './virtual-accounts.js';

export {
  API_VERSION,
  AUTH_KEY_TTL_MS,
  type AuthKeyRecord,
  type AuthorizeInput,
  type BillingRecord,
  type CancelObject,
  type CashReceiptObject,
  type CashReceiptRow,
  type EmittedEvent,
  IN_PROGRESS_TTL_MS,
  type PaymentObject,
  type PaymentRecord,
  type PaymentStatus,
  type PromotionConfig,
  READY_TTL_MS,
  type StateOptions,
  type StateSnapshot,
  type TransactionObject,
  type TransactionRow,
} from './types.js';

type Opened = { paymentKey: string; orderId: string; amount: number };
type Body = Record<string, unknown>;

export class EmulatorState extends Store {
  // payments (payments.ts, cancels.ts)
  openPayment = (input: AuthorizeInput): Opened => openPayment(this, input);
  authorizePayment = (input: AuthorizeInput): Opened => authorizePayment(this, input);
  abortSession = (paymentKey: string, code: string, message: string): void =>
    abortSession(this, paymentKey, code, message);
  confirm = (body: Body, secretKey: string | null): PaymentObject => confirm(this, body, secretKey);
  cancel = (paymentKey: string, body: Body): PaymentObject => cancel(this, paymentKey, body);
  keyIn = (body: Body): PaymentObject => keyIn(this, body);

  // BrandPay (brandpay.ts)
  readonly brandpay = new BrandpayBook();
  brandpayAccessToken = (body: Body) => this.brandpay.accessToken(this, body);
  brandpayConfirm = (body: Body, secretKey: string | null): PaymentObject =>
    confirm(this, body, secretKey, 'brandpay');

  override snapshot(): StateSnapshot & { brandpay: BrandpaySnapshot } {
    return { ...super.snapshot(), brandpay: this.brandpay.snapshot() };
  }

  override reset(): void {
    super.reset();
    // Store's constructor does not reset; the book exists once the subclass fields are set
    this.brandpay?.reset();
  }

  /** A snapshot's foreign cancels still IN_PROGRESS get their provider answer again. */
  override restore(snapshot: StateSnapshot & { brandpay?: BrandpaySnapshot }): void {
    super.restore(snapshot);
    this.brandpay.restore(snapshot.brandpay);
    for (const rec of this.payments.values())
      for (const c of rec.payment.cancels ?? [])
        if (c.cancelStatus === 'IN_PROGRESS') scheduleForeignCancel(this, rec, c.transactionKey);
  }
  expire = (id: string): PaymentObject => expire(this, id);

  // virtual accounts (virtual-accounts.ts)
  issueVirtualAccount = (body: Body): PaymentObject => issueVirtualAccount(this, body);
  deposit = (id: string): PaymentObject => deposit(this, id);
  depositError = (id: string): PaymentObject => depositError(this, id);

  // billing (billing.ts)
  authorizeBilling = (input: Parameters<typeof authorizeBilling>[1]) => authorizeBilling(this, input);
  issueBilling = (body: Body, secretKey: string | null) => issueBilling(this, body, secretKey);
  authorizeBillingCard = (body: Body, secretKey: string | null) =>
    authorizeBillingCard(this, body, secretKey);
  chargeBilling = (billingKey: string, body: Body): PaymentObject => chargeBilling(this, billingKey, body);
  deleteBilling = (billingKey: string): void => deleteBilling(this, billingKey);

  // cash receipts (cash-receipts.ts)
  issueCashReceipt = (body: Body): CashReceiptObject => issueCashReceipt(this, body);
  cancelCashReceipt = (receiptKey: string, body: Body): CashReceiptObject =>
    cancelCashReceipt(this, receiptKey, body);
  listCashReceipts = (query: URLSearchParams) => listCashReceipts(this, query);

  // transactions, settlements, promotions (settlements.ts)
  listTransactions = (query: URLSearchParams): TransactionObject[] => listTransactions(this, query);
  listSettlements = (query: URLSearchParams) => listSettlements(this, query);
  requestSettlement = (body: Body) => requestSettlement(this, body);
  cardPromotions = () => cardPromotions(this);
  listPromotions = () => listPromotions(this);
}
