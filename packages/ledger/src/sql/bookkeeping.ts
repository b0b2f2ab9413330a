/** The ledger's bookkeeping: webhook dedupe keys, order failures, named cursors and named leases. */
import { randomUUID } from 'node:crypto';
import type { Ledger, OrderFailure } from '@tosskit/core';
import { int, type SqlParts } from './rows.js';

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

export function bookkeepingMethods({ driver, T, now: clock }: SqlParts): BookkeepingMethods {
  return {
    async markWebhookProcessed(key, now = clock()) {
      const rows = await driver.query(
        `INSERT INTO ${T.webhooks} (key, processed_at) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING key`,
        [key, now],
      );
      return rows.length === 1;
    },

    async unmarkWebhookProcessed(key) {
      await driver.query(`DELETE FROM ${T.webhooks} WHERE key = $1`, [key]);
    },

    async recordOrderFailure(failure: OrderFailure) {
      await driver.query(
        `INSERT INTO ${T.failures} (order_id, code, message, at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (order_id) DO UPDATE SET code = EXCLUDED.code, message = EXCLUDED.message, at = EXCLUDED.at`,
        [failure.orderId, failure.code, failure.message, failure.at],
      );
    },

    async getOrderFailure(orderId) {
      const rows = await driver.query<{
        order_id: string;
        code: string;
        message: string;
        at: string | number;
      }>(`SELECT order_id, code, message, at FROM ${T.failures} WHERE order_id = $1`, [orderId]);
      const row = rows[0];
      return row === undefined
        ? null
        : { orderId: row.order_id, code: row.code, message: row.message, at: int(row.at) };
    },

    async getCursor(name) {
      const rows = await driver.query<{ value: string }>(`SELECT value FROM ${T.cursors} WHERE name = $1`, [
        name,
      ]);
      return rows[0]?.value ?? null;
    },

    async setCursor(name, value) {
      await driver.query(
        `INSERT INTO ${T.cursors} (name, value, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`,
        [name, value, clock()],
      );
    },

    async withLease(name, ttlMs, fn) {
      const token = randomUUID();
      const now = clock();
      const got = await driver.query(
        `INSERT INTO ${T.leases} AS l (name, owner, lease_until) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET owner = EXCLUDED.owner, lease_until = EXCLUDED.lease_until
         WHERE l.lease_until <= $4
         RETURNING owner`,
        [name, token, now + ttlMs, now],
      );
      if (got.length === 0) return { ran: false };
      // renewed while fn runs: the ttl only matters when the holder dies (a kill -9 blocks others for ttlMs)
      const renewal: { inFlight: Promise<unknown> | null } = { inFlight: null };
      const renew = setInterval(
        () => {
          renewal.inFlight ??= driver
            .query(`UPDATE ${T.leases} SET lease_until = $3 WHERE name = $1 AND owner = $2`, [
              name,
              token,
              clock() + ttlMs,
            ])
            .catch(() => undefined)
            .finally(() => {
              renewal.inFlight = null;
            });
        },
        Math.max(Math.floor(ttlMs / 3), 10),
      );
      renew.unref();
      try {
        return { ran: true, value: await fn() };
      } finally {
        clearInterval(renew);
        await renewal.inFlight;
        await driver.query(`DELETE FROM ${T.leases} WHERE name = $1 AND owner = $2`, [name, token]);
      }
    },
  };
}
