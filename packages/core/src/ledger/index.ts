export * from './ledger.js';
export { createMemoryLedger } from './memory-ledger.js';
export {
  approvalKeyFor,
  deriveTransactions,
  isNewerLedgerSnapshot,
  secretOf,
  snapshotFields,
  withoutSecret,
  type SnapshotFields,
} from './payment-snapshot.js';
