/**
 * A confirm claim is a lease: if its holder dies, another instance (or the reconciler) takes it over once the
 * lease ends. A holder that is alive but slow (a shop hook that takes minutes, a billing charge the gateway
 * answers after 50 s, compensation retries) must not lose it that way, or the order's hook would run twice.
 * While the work runs, the lease is renewed every third of its length; when the process dies, the renewals
 * stop with it and the lease runs out as before.
 */
import type { ConfirmClaim } from '../ledger/index.js';
import { unrefTimer } from '../platform/bytes.js';
import type { FlowContext } from './flow-context.js';

export async function whileHoldingClaim<T>(
  context: FlowContext,
  claim: ConfirmClaim,
  work: () => Promise<T>,
): Promise<T> {
  const ids = { orderId: claim.orderId, paymentKey: claim.paymentKey };
  const renewal: { inFlight: Promise<unknown> | null } = { inFlight: null };
  const timer = setInterval(
    () => {
      if (renewal.inFlight !== null) return;
      renewal.inFlight = context.ledger
        .renewClaim(claim.orderId, claim.owner, context.claimLeaseMs, context.now())
        .then(
          (held) => {
            if (held) return;
            // settled in the meantime (the work is finishing) or taken over after a stall: nothing to keep
            clearInterval(timer);
          },
          (error: unknown) => {
            context.logger.warn('the lease of a confirm claim could not be renewed; retrying', {
              ...ids,
              code: error instanceof Error ? error.name : 'UNKNOWN',
            });
          },
        )
        .finally(() => {
          renewal.inFlight = null;
        });
    },
    Math.max(Math.floor(context.claimLeaseMs / 3), 10),
  );
  // never the reason a process stays up
  unrefTimer(timer);
  try {
    return await work();
  } finally {
    clearInterval(timer);
    // a renewal still on its way must land before the caller changes the lease (frees it for a poll)
    await renewal.inFlight;
  }
}
