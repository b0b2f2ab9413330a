import { randomUUID } from '../platform/bytes.js';
import type { ConfirmClaim } from '../ledger/index.js';
import { isSettlementPending } from './settlement-writes.js';
import type { FlowContext } from './flow-context.js';

/**
 * The reconciler's first step for an abandoned claim (its holder crashed or hung past the lease): take it over
 * under a fresh owner, so that exactly one reconciler, or a retrying buyer, finishes it. Returns the claim when
 * this caller won it, `null` when someone else got there first.
 */
export async function takeOverClaim(
  context: FlowContext,
  abandoned: ConfirmClaim,
  now: number,
): Promise<ConfirmClaim | null> {
  // its settlement is being written by this very process (the hook ran): not abandoned
  if (isSettlementPending(context, abandoned.orderId)) return null;
  const taken = await context.ledger.claimConfirm({
    orderId: abandoned.orderId,
    paymentKey: abandoned.paymentKey,
    amount: abandoned.amount,
    owner: `${context.instanceId}:reconcile:${randomUUID()}`,
    leaseMs: context.claimLeaseMs,
    now: Math.max(now, context.now()),
  });
  return taken.status === 'won' ? taken.claim : null;
}
