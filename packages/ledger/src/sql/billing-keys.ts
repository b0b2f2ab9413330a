/** Billing keys: encrypted at rest, found by customerKey or by a digest of the key (never the key in clear). */
import type { Ledger, StoredBillingKey } from '@tosskit/core';
import { int, json, type SqlParts } from './rows.js';

type BillingKeyMethods = Pick<Ledger, 'saveBillingKey' | 'getBillingKey' | 'deleteBillingKey'>;

interface BillingKeyRow {
  customer_key: string;
  billing_key_enc: string;
  card: unknown;
  method: string | null;
  authenticated_at: string | null;
  created_at: string | number;
}

export function billingKeyMethods({ driver, T, box }: SqlParts): BillingKeyMethods {
  return {
    async saveBillingKey(key: StoredBillingKey) {
      const digest = box.digest(key.billingKey);
      const encrypted = await box.encrypt(key.billingKey);
      await driver.transaction(async (tx) => {
        // a billing key belongs to one customer: moving it drops the old owner's row
        await tx.query(`DELETE FROM ${T.billing} WHERE billing_key_digest = $1 AND customer_key <> $2`, [
          digest,
          key.customerKey,
        ]);
        await tx.query(
          `INSERT INTO ${T.billing} (customer_key, billing_key_digest, billing_key_enc, card, method, authenticated_at, created_at)
           VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7)
           ON CONFLICT (customer_key) DO UPDATE SET billing_key_digest = EXCLUDED.billing_key_digest,
             billing_key_enc = EXCLUDED.billing_key_enc, card = EXCLUDED.card, method = EXCLUDED.method,
             authenticated_at = EXCLUDED.authenticated_at, created_at = EXCLUDED.created_at`,
          [
            key.customerKey,
            digest,
            encrypted,
            key.card === null ? null : JSON.stringify(key.card),
            key.method,
            key.authenticatedAt,
            key.createdAt,
          ],
        );
      });
    },

    async getBillingKey(customerKey) {
      const rows = await driver.query<BillingKeyRow>(
        `SELECT customer_key, billing_key_enc, card, method, authenticated_at, created_at FROM ${T.billing} WHERE customer_key = $1`,
        [customerKey],
      );
      const row = rows[0];
      if (row === undefined) return null;
      return {
        customerKey: row.customer_key,
        billingKey: await box.decrypt(row.billing_key_enc),
        card: row.card == null ? null : json<StoredBillingKey['card']>(row.card),
        method: row.method,
        authenticatedAt: row.authenticated_at,
        createdAt: int(row.created_at),
      };
    },

    async deleteBillingKey(by) {
      const rows =
        'customerKey' in by
          ? await driver.query(`DELETE FROM ${T.billing} WHERE customer_key = $1 RETURNING customer_key`, [
              by.customerKey,
            ])
          : await driver.query(
              `DELETE FROM ${T.billing} WHERE billing_key_digest = $1 RETURNING customer_key`,
              [box.digest(by.billingKey)],
            );
      return rows.length > 0;
    },
  };
}
