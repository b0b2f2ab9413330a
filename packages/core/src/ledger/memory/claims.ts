/** Confirm claims in memory: one winner per orderId, leases, takeover, settle, release and fail. */
import type { ClaimInput, ClaimOutcome, ClaimResult, ConfirmClaim, Ledger } from '../ledger.js';
import { clone, type MemoryState } from './state.js';

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
  | 'health'
>;

/**
 * End a claim the `owner` still holds; a late holder whose lease was taken over changes nothing.
 * Synchronous, so a caller can pair it with another change atomically. True when this call finished it.
 */
export function finishClaim(
  { claims, clock }: MemoryState,
  orderId: string,
  owner: string,
  state: 'settled' | 'released',
  outcome: ClaimOutcome,
): boolean {
  const claim = claims.get(orderId);
  // Only the holder may finish a claim; a late holder whose lease was taken over must not undo the new one.
  if (claim === undefined || claim.owner !== owner || claim.state !== 'claimed') return false;
  claims.set(orderId, { ...claim, state, outcome: clone(outcome), updatedAt: clock() });
  return true;
}

/** The claim `input` holds from `now`, under its lease (a takeover keeps the order's first `createdAt`). */
function heldClaim(input: ClaimInput, now: number, createdAt = now): ConfirmClaim {
  return {
    orderId: input.orderId,
    paymentKey: input.paymentKey,
    amount: input.amount,
    state: 'claimed',
    owner: input.owner,
    leaseUntil: now + input.leaseMs,
    outcome: null,
    createdAt,
    updatedAt: now,
  };
}

export function claimMethods(state: MemoryState): ClaimMethods {
  const { claims, failures, clock, open } = state;
  return {
    async claimNewOrder(input: ClaimInput): Promise<ConfirmClaim | null> {
      open();
      if (claims.has(input.orderId)) return null;
      const claim = heldClaim(input, input.now ?? clock());
      claims.set(input.orderId, claim);
      return clone(claim);
    },

    async claimConfirm(input: ClaimInput): Promise<ClaimResult> {
      open();
      const now = input.now ?? clock();
      const existing = claims.get(input.orderId);
      if (existing !== undefined) {
        if (existing.state === 'settled') return { status: 'settled', claim: clone(existing) };
        if (existing.state === 'claimed' && existing.leaseUntil > now)
          return { status: 'busy', claim: clone(existing) };
      }
      // new, released, or abandoned (lease over): this caller takes it
      const claim = heldClaim(input, now, existing?.createdAt);
      claims.set(input.orderId, claim);
      return { status: 'won', claim: clone(claim) };
    },

    async getClaim(orderId) {
      open();
      const claim = claims.get(orderId);
      return claim === undefined ? null : clone(claim);
    },

    async settleClaim(orderId, owner, outcome) {
      open();
      finishClaim(state, orderId, owner, 'settled', outcome);
    },

    async renewClaim(orderId, owner, leaseMs, now = clock()) {
      open();
      const claim = claims.get(orderId);
      if (claim === undefined || claim.owner !== owner || claim.state !== 'claimed') return false;
      claims.set(orderId, { ...claim, leaseUntil: now + leaseMs, updatedAt: now });
      return true;
    },

    async releaseClaim(orderId, owner, outcome) {
      open();
      finishClaim(state, orderId, owner, 'released', outcome);
    },

    async failClaim(orderId, owner, failure, now = clock()) {
      open();
      // the release and the failure in one synchronous step: both or neither
      const { code, message } = failure;
      if (!finishClaim(state, orderId, owner, 'released', { kind: 'failed', code, message })) return false;
      failures.set(orderId, { orderId, code, message, at: now });
      return true;
    },

    async listAbandonedClaims(now, limit = 100) {
      open();
      return [...claims.values()]
        .filter((c) => c.state === 'claimed' && c.leaseUntil < now)
        .sort((a, b) => a.leaseUntil - b.leaseUntil)
        .slice(0, limit)
        .map(clone);
    },

    async health(now = clock()) {
      open();
      let openClaims = 0;
      let abandonedClaims = 0;
      let oldestOpenClaimAt: number | null = null;
      for (const claim of claims.values()) {
        if (claim.state !== 'claimed') continue;
        openClaims += 1;
        if (claim.leaseUntil < now) abandonedClaims += 1;
        if (oldestOpenClaimAt === null || claim.createdAt < oldestOpenClaimAt)
          oldestOpenClaimAt = claim.createdAt;
      }
      return { migrated: true, openClaims, abandonedClaims, oldestOpenClaimAt };
    },
  };
}
