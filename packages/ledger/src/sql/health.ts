/**
 * The health probe of the SQL ledger: one statement that proves the database answers, counts the migrations
 * of this package that are applied, and sums up the open claims (the reconciler's backlog).
 */
import type { Ledger } from '@tosskit/core';
import type { LedgerHealth } from '@tosskit/core/ledger-kit';
import { MIGRATIONS } from '../migrations.js';
import { int, type SqlParts } from './rows.js';

interface HealthRow {
  applied: string | number;
  open_claims: string | number;
  abandoned_claims: string | number;
  oldest_open_claim_at: string | number | null;
}

export function healthMethods({ driver, T, now: clock }: SqlParts): Pick<Ledger, 'health'> {
  const known = MIGRATIONS.map((m) => m.version);
  return {
    async health(now = clock()): Promise<LedgerHealth> {
      // the partial index on claims (state = 'claimed') keeps this cheap however many orders were paid
      const rows = await driver.query<HealthRow>(
        `SELECT (SELECT count(*) FROM ${T.migrations} WHERE version = ANY($2::integer[])) AS applied,
                count(*) AS open_claims,
                count(*) FILTER (WHERE lease_until < $1) AS abandoned_claims,
                min(created_at) AS oldest_open_claim_at
         FROM ${T.claims} WHERE state = 'claimed'`,
        [now, known],
      );
      const row = rows[0]!;
      return {
        migrated: int(row.applied) === known.length,
        openClaims: int(row.open_claims),
        abandonedClaims: int(row.abandoned_claims),
        oldestOpenClaimAt: row.oldest_open_claim_at === null ? null : int(row.oldest_open_claim_at),
      };
    },
  };
}
