/**
 * `@tosskit/core/ledger-kit`: for authors of a Ledger implementation (the SQL ledger of @tosskit/ledger, or
 * your own). The port's types, and the helpers that make every implementation store a payment the same way:
 * which fields a row keeps, which snapshot is newer, which transactions a payment implies, and where the
 * virtual account's secret goes. Run `runLedgerConformance` from `@tosskit/core/testing` against yours.
 * A shop needs none of this: `@tosskit/core` has the port's types too.
 */
export {
  type ClaimFailure,
  type ClaimInput,
  type ClaimOutcome,
  type ClaimResult,
  type ClaimState,
  type ConfirmClaim,
  type Ledger,
  type LedgerHealth,
  type LedgerTransaction,
  type OrderFailure,
  type PaymentRecord,
  type RecordPaymentResult,
  type StoredBillingKey,
  type StoredCashReceipt,
} from './ledger.js';
export {
  approvalKeyFor,
  deriveTransactions,
  isNewerLedgerSnapshot,
  secretOf,
  snapshotFields,
  withoutSecret,
  type SnapshotFields,
} from './payment-snapshot.js';
export { isNewerSnapshot, type PaymentSnapshot } from '../state/payment-state.js';
export type { Payment, PaymentStatus } from '../models/index.js';
export {
  LedgerUnavailableError,
  isLedgerUnavailable,
  type LedgerUnavailableReason,
} from '../errors/index.js';
