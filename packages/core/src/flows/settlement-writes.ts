/**
 * The ledger writes that finish a settlement, once the gateway's answer is known (and maybe the shop's hook
 * has run). The holder keeps its claim while it retries them: a few tries in the request, then in the
 * background with the lease renewed, so a short database cut neither answers the buyer 500 nor lets
 * another instance run the hook again. Only when this process dies (or the cut outlasts the lease) does
 * the reconciler finish the order from the gateway, running the hook again (at least once).
 */
import { isTosskitError } from '../errors/index.js';
import type { ConfirmClaim } from '../ledger/index.js';
import { whileHoldingClaim } from './claim-lease.js';
import { confirmingHeldInBackground } from './confirming.js';
import type { FlowContext } from './flow-context.js';

/** How long a background settlement write is retried before the claim is left to the reconciler. */
const BACKGROUND_WRITE_MS = 10 * 60_000;

export async function persistSettlement(
  context: FlowContext,
  claim: ConfirmClaim,
  write: () => Promise<void>,
): Promise<void> {
  const ids = { orderId: claim.orderId, paymentKey: claim.paymentKey };
  let delay = 100;
  for (let attempt = 1; ; attempt += 1) {
    try {
      await write();
      return;
    } catch (error) {
      if (attempt >= 4) {
        context.logger.error('the ledger did not take a settlement; retrying it in the background', {
          ...ids,
          code: isTosskitError(error) ? error.code : 'UNKNOWN',
        });
        const writers = backgroundWriters(context);
        writers.add(claim.orderId);
        void whileHoldingClaim(context, claim, () => retryInBackground(context, write, ids)).finally(() =>
          writers.delete(claim.orderId),
        );
        throw confirmingHeldInBackground(ids, error);
      }
      await context.sleep(delay);
      delay *= 2;
    }
  }
}

/**
 * Orders whose settlement this process is still writing in the background, per ledger: the hook has run, so
 * nobody in this process takes such a claim over, even when a long cut let its lease run out.
 */
const writersByLedger = new WeakMap<object, Set<string>>();

function backgroundWriters(context: FlowContext): Set<string> {
  let writers = writersByLedger.get(context.ledger);
  if (writers === undefined) {
    writers = new Set();
    writersByLedger.set(context.ledger, writers);
  }
  return writers;
}

/** Is this process still writing the settlement of this order (its hook already ran)? */
export function isSettlementPending(context: FlowContext, orderId: string): boolean {
  return writersByLedger.get(context.ledger)?.has(orderId) === true;
}

async function retryInBackground(
  context: FlowContext,
  write: () => Promise<void>,
  ids: { orderId: string; paymentKey: string },
): Promise<void> {
  const until = context.now() + BACKGROUND_WRITE_MS;
  let delay = 500;
  while (context.now() < until) {
    await context.sleep(delay);
    try {
      await write();
      return;
    } catch {
      // short steps: the write must land before the lease runs out once the database answers again
      delay = Math.min(delay * 2, 1000);
    }
  }
  context.logger.error('gave up writing a settlement; the reconciler finishes the order', ids);
}
