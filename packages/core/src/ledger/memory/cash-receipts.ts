/** Cash receipts in memory, kept in the order they were first recorded. */
import type { Ledger } from '../ledger.js';
import { clone, type MemoryState } from './state.js';

type CashReceiptMethods = Pick<Ledger, 'recordCashReceipt' | 'getCashReceipt' | 'listCashReceipts'>;

export function cashReceiptMethods({ cashReceipts, open }: MemoryState): CashReceiptMethods {
  return {
    async recordCashReceipt(receipt) {
      open();
      const existing = cashReceipts.get(receipt.id);
      // an update (the issue status moving on) keeps the record's place and creation time
      cashReceipts.set(
        receipt.id,
        clone(existing === undefined ? receipt : { ...receipt, createdAt: existing.createdAt }),
      );
    },

    async getCashReceipt(id) {
      open();
      const receipt = cashReceipts.get(id);
      return receipt === undefined ? null : clone(receipt);
    },

    async listCashReceipts(options: { orderId?: string; limit?: number } = {}) {
      open();
      const { orderId, limit = 100 } = options;
      return [...cashReceipts.values()]
        .filter((r) => orderId === undefined || r.orderId === orderId)
        .slice(0, limit)
        .map(clone);
    },
  };
}
