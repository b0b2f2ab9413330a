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
export { createMemoryLedger, type MemoryLedgerOptions } from './memory-ledger.js';
export {
  approvalKeyFor,
  deriveTransactions,
  isNewerLedgerSnapshot,
  secretOf,
  snapshotFields,
  withoutSecret,
  type SnapshotFields,
} from './payment-snapshot.js';
