/** Billing keys in memory: one per customer, and a billing key belongs to one customer. */
import type { Ledger } from '../ledger.js';
import { clone, type MemoryState } from './state.js';

type BillingKeyMethods = Pick<Ledger, 'saveBillingKey' | 'getBillingKey' | 'deleteBillingKey'>;

export function billingKeyMethods({ billingKeys, open }: MemoryState): BillingKeyMethods {
  return {
    async saveBillingKey(key) {
      open();
      // one billing key per customer; a billing key belongs to one customer
      for (const [customerKey, stored] of billingKeys) {
        if (stored.billingKey === key.billingKey && customerKey !== key.customerKey)
          billingKeys.delete(customerKey);
      }
      billingKeys.set(key.customerKey, clone(key));
    },

    async getBillingKey(customerKey) {
      open();
      const key = billingKeys.get(customerKey);
      return key === undefined ? null : clone(key);
    },

    async deleteBillingKey(by) {
      open();
      if ('customerKey' in by) return billingKeys.delete(by.customerKey);
      for (const [customerKey, stored] of billingKeys) {
        if (stored.billingKey === by.billingKey) return billingKeys.delete(customerKey);
      }
      return false;
    },
  };
}
