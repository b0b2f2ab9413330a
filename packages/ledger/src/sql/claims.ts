/**
 * Confirm claims: at most one winner per orderId across processes, by the primary key and
 * `INSERT ... ON CONFLICT ... WHERE` (a released or abandoned claim may be taken again).
 *
 * A claim is found by its orderId through the primary key: statements that touch one held claim test
 * `(state = 'claimed') IS TRUE`, the same condition (state is NOT NULL) in a form that does not imply the
 * predicate of `claims_abandoned_idx`. With `state = 'claimed'` the planner may take that partial index (it
 * believes it nearly empty, from the last VACUUM) and filter every open claim for the orderId: linear in the
 * open claims per statement, so quadratic for a reconcile over a crash's backlog (bench/scale.mjs).
 */
export const HELD_CLAIM = `(state = 'claimed') IS TRUE`;
import type { ClaimInput, ClaimOutcome, ClaimResult, Ledger } from '@tosskit/core';
import { ledgerError } from '../errors.js';
import type { SqlQuery } from '../sql-driver.js';
import { CLAIM_COLUMNS, toClaim, type ClaimRow, type SqlParts, type Tables } from './rows.js';

type ClaimMethods = Pick<
  Ledger,
  | 'claimConfirm'
  | 'claimNewOrder'
  | 'getClaim'
  | 'settleClaim'
  | 'releaseClaim'
  | 'failClaim'
  | 'renewClaim'
  | 'listAbandonedClaims'
>;

/**
 * End a claim the `owner` still holds; a late holder whose lease was taken over changes nothing.
 * True when the claim was finished by this call.
 */
export async function finishClaim(
  target: SqlQuery,
  T: Tables,
  finish: { orderId: string; owner: string; state: 'settled' | 'released'; outcome: ClaimOutcome },
  now: number,
): Promise<boolean> {
  const rows = await target.query<{ order_id: string }>(
    `UPDATE ${T.claims} SET state = $3, outcome = $4::jsonb, updated_at = $5
     WHERE order_id = $1 AND owner = $2 AND ${HELD_CLAIM} RETURNING order_id`,
    [finish.orderId, finish.owner, finish.state, JSON.stringify(finish.outcome), now],
  );
  return rows.length > 0;
}

/** The parameters of `insertClaim`: a claim held from `now` under its lease. */
function claimParams(input: ClaimInput, now: number): unknown[] {
  return [input.orderId, input.paymentKey, input.amount, input.owner, now + input.leaseMs, now];
}

export function claimMethods({ driver, T, now: clock }: SqlParts): ClaimMethods {
  const insertClaim = `INSERT INTO ${T.claims} AS c (order_id, payment_key, amount, state, owner, lease_until, outcome, created_at, updated_at)
       VALUES ($1, $2, $3, 'claimed', $4, $5, NULL, $6, $6)`;

  // built once: the driver names statements by their text, and the same string is cheaper to look up
  const newOrderClaim = `${insertClaim} ON CONFLICT (order_id) DO NOTHING RETURNING ${CLAIM_COLUMNS}`;

  async function tryClaim(input: ClaimInput, now: number): Promise<ClaimRow | null> {
    const rows = await driver.query<ClaimRow>(
      `${insertClaim}
       ON CONFLICT (order_id) DO UPDATE SET
         payment_key = EXCLUDED.payment_key, amount = EXCLUDED.amount, state = 'claimed', owner = EXCLUDED.owner,
         lease_until = EXCLUDED.lease_until, outcome = NULL, updated_at = EXCLUDED.updated_at
       WHERE c.state = 'released' OR (c.state = 'claimed' AND c.lease_until <= $6)
       RETURNING ${CLAIM_COLUMNS}`,
      claimParams(input, now),
    );
    return rows[0] ?? null;
  }

  async function getClaim(orderId: string): ReturnType<Ledger['getClaim']> {
    const rows = await driver.query<ClaimRow>(
      `SELECT ${CLAIM_COLUMNS} FROM ${T.claims} WHERE order_id = $1`,
      [orderId],
    );
    return rows[0] === undefined ? null : toClaim(rows[0]);
  }

  return {
    async claimNewOrder(input) {
      const now = input.now ?? clock();
      // the primary key decides: an order with a claim in any state is left alone (DO NOTHING returns no row)
      const rows = await driver.query<ClaimRow>(newOrderClaim, claimParams(input, now));
      return rows[0] === undefined ? null : toClaim(rows[0]);
    },

    async claimConfirm(input) {
      const now = input.now ?? clock();
      // A claim can change between the refused upsert and the read (released, expired): try again then.
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const won = await tryClaim(input, now);
        if (won !== null) return { status: 'won', claim: toClaim(won) } satisfies ClaimResult;
        const claim = await getClaim(input.orderId);
        if (claim === null) continue;
        if (claim.state === 'settled') return { status: 'settled', claim };
        if (claim.state === 'claimed' && claim.leaseUntil > now) return { status: 'busy', claim };
      }
      throw ledgerError('LEDGER_CONTENDED', `could not claim order ${input.orderId}: it keeps changing`, {
        orderId: input.orderId,
      });
    },

    getClaim,

    async settleClaim(orderId, owner, outcome) {
      await finishClaim(driver, T, { orderId, owner, state: 'settled', outcome }, clock());
    },

    async releaseClaim(orderId, owner, outcome) {
      await finishClaim(driver, T, { orderId, owner, state: 'released', outcome }, clock());
    },

    async failClaim(orderId, owner, failure, now = clock()) {
      const outcome: ClaimOutcome = { kind: 'failed', code: failure.code, message: failure.message };
      // one statement: the failure is written only by the release that this holder made
      const rows = await driver.query<{ order_id: string }>(
        `WITH released AS (
           UPDATE ${T.claims} SET state = 'released', outcome = $3::jsonb, updated_at = $6
           WHERE order_id = $1 AND owner = $2 AND ${HELD_CLAIM} RETURNING order_id
         )
         INSERT INTO ${T.failures} (order_id, code, message, at)
         SELECT order_id, $4, $5, $6 FROM released
         ON CONFLICT (order_id) DO UPDATE SET code = EXCLUDED.code, message = EXCLUDED.message, at = EXCLUDED.at
         RETURNING order_id`,
        [orderId, owner, JSON.stringify(outcome), failure.code, failure.message, now],
      );
      return rows.length > 0;
    },

    async renewClaim(orderId, owner, leaseMs, now = clock()) {
      const rows = await driver.query<{ order_id: string }>(
        `UPDATE ${T.claims} SET lease_until = $3, updated_at = $4
         WHERE order_id = $1 AND owner = $2 AND ${HELD_CLAIM} RETURNING order_id`,
        [orderId, owner, now + leaseMs, now],
      );
      return rows.length > 0;
    },

    async listAbandonedClaims(now, limit = 100) {
      const rows = await driver.query<ClaimRow>(
        `SELECT ${CLAIM_COLUMNS} FROM ${T.claims} WHERE state = 'claimed' AND lease_until < $1 ORDER BY lease_until ASC LIMIT $2`,
        [now, limit],
      );
      return rows.map(toClaim);
    },
  };
}
