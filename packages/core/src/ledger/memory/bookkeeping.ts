/** The in-memory ledger's bookkeeping: webhook dedupe keys, order failures, named cursors and named leases. */
import type { Ledger } from '../ledger.js';
import { unrefTimer } from '../../platform/bytes.js';
import { clone, type MemoryState } from './state.js';

type BookkeepingMethods = Pick<
  Ledger,
  | 'markWebhookProcessed'
  | 'unmarkWebhookProcessed'
  | 'recordOrderFailure'
  | 'getOrderFailure'
  | 'getCursor'
  | 'setCursor'
  | 'withLease'
>;

export function bookkeepingMethods({
  webhooks,
  failures,
  cursors,
  leases,
  clock,
  open,
}: MemoryState): BookkeepingMethods {
  return {
    async markWebhookProcessed(key, now = clock()) {
      open();
      if (webhooks.has(key)) return false;
      webhooks.set(key, now);
      return true;
    },

    async unmarkWebhookProcessed(key) {
      open();
      webhooks.delete(key);
    },

    async recordOrderFailure(failure) {
      open();
      failures.set(failure.orderId, clone(failure));
    },

    async getOrderFailure(orderId) {
      open();
      const failure = failures.get(orderId);
      return failure === undefined ? null : clone(failure);
    },

    async getCursor(name) {
      open();
      return cursors.get(name) ?? null;
    },

    async setCursor(name, value) {
      open();
      cursors.set(name, value);
    },

    async withLease(name, ttlMs, fn) {
      open();
      const now = clock();
      const held = leases.get(name);
      if (held !== undefined && held.until > now) return { ran: false };
      const token = Symbol(name);
      leases.set(name, { token, until: now + ttlMs });
      // renewed while fn runs: the ttl only matters when the holder dies
      const renew = setInterval(
        () => {
          if (leases.get(name)?.token === token) leases.set(name, { token, until: clock() + ttlMs });
        },
        Math.max(Math.floor(ttlMs / 3), 10),
      );
      unrefTimer(renew);
      try {
        return { ran: true, value: await fn() };
      } finally {
        clearInterval(renew);
        if (leases.get(name)?.token === token) leases.delete(name);
      }
    },
  };
}
