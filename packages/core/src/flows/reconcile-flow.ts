/**
 * The reconciler: what a crash or a lost webhook left unfinished, finished from what the gateway says.
 *
 * 1. Confirm claims whose holder vanished (lease over, still 'claimed') are taken over and settled
 *    through the confirm flow's own step, so the shop's hook runs once and compensation still applies.
 * 2. Missed webhooks are caught by walking `GET /v1/transactions` from a stored cursor (seed 003:
 *    `startingAfter` a transactionKey) and applying each payment's current snapshot; the ledger's
 *    ordering rule and transaction uniqueness decide what is new, and only new facts fire hooks.
 *
 * Runs under the ledger lease 'reconcile', so every instance may call it on a timer and only one works.
 */
import type { ConfirmClaim, LedgerTransaction } from '../ledger/index.js';
import { isConfirming, runConfirmForClaim } from './confirm-flow.js';
import { isBillingClaim, reconcileBillingClaim } from './billing-flow.js';
import { applyGatewaySnapshot } from './apply-gateway-snapshot.js';
import { refreshCashReceipts, type CashReceiptRefresh } from './cash-receipt-flow.js';
import type { FlowContext } from './flow-context.js';
import { takeOverClaim } from './take-over-claim.js';

export const RECONCILE_LEASE = 'reconcile';
export const TRANSACTIONS_CURSOR = 'reconcile:transactions';
/** The cursor holding when the last reconcile pass ended (epoch ms, as a string): what the health probe reports. */
export const LAST_RECONCILE_CURSOR = 'reconcile:last_run';
export const RECONCILE_LEASE_MS = 15_000;

/** Options of one reconcile pass (`handler.reconcile()`). */
export interface ReconcileOptions {
  /** epoch ms used to decide which claims are abandoned (default: now) */
  now?: number;
  /**
   * the 'reconcile' lease: renewed while the run works, so it only matters when a reconciler dies, and then
   * blocks the others for this long (default 15 s)
   */
  leaseTtlMs?: number;
  /** abandoned claims handled per run (default 100) */
  claimLimit?: number;
  /** skip the transactions walk (e.g. only finish claims) */
  transactions?: boolean;
  /** skip asking the gateway for the status of receipts still IN_PROGRESS */
  cashReceipts?: boolean;
  /** where the first walk starts when no cursor is stored yet (default 3 days back) */
  lookbackMs?: number;
  /** page size of GET /v1/transactions (default 100, gateway max 5000) */
  pageSize?: number;
  /** pages per run, so one run stays bounded (default 20) */
  maxPages?: number;
  /** progress lines for a CLI or a log */
  onProgress?: (event: ReconcileProgress) => void;
}

/** What a reconcile pass reports while it walks the gateway's transactions. */
export type ReconcileProgress =
  | { kind: 'claims'; found: number }
  | { kind: 'claim'; orderId: string; paymentKey: string; result: ClaimReconcileResult }
  | { kind: 'page'; startDate: string; startingAfter: string | null; count: number }
  | { kind: 'applied'; paymentKey: string; orderId: string; status: string; newTransactions: number };

/** What a reconcile pass did with one abandoned confirm or charge. */
export type ClaimReconcileResult =
  | 'confirmed'
  | 'failed'
  | 'compensated'
  | 'released'
  | 'pending'
  | 'skipped';

/** The outcome of one reconcile pass. */
export interface ReconcileReport {
  /** false when another instance holds the lease: nothing was done */
  ran: boolean;
  claims: Record<ClaimReconcileResult, number>;
  transactions: { pages: number; seen: number; applied: number; unchanged: number };
  cursor: string | null;
  /** receipts the ledger held as IN_PROGRESS, and how many of them the tax office had answered */
  cashReceipts: CashReceiptRefresh;
  errors: {
    step: 'claim' | 'transactions' | 'cashReceipts';
    orderId: string | null;
    paymentKey: string | null;
    code: string;
  }[];
}

/** The stored cursor: the last transaction applied and when it happened (startDate of the next walk). */
interface TransactionsCursor {
  after: string;
  at: string;
}

function emptyReport(ran: boolean): ReconcileReport {
  return {
    ran,
    claims: { confirmed: 0, failed: 0, compensated: 0, released: 0, pending: 0, skipped: 0 },
    transactions: { pages: 0, seen: 0, applied: 0, unchanged: 0 },
    cashReceipts: { checked: 0, updated: 0 },
    cursor: null,
    errors: [],
  };
}

function codeOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string') {
    return (error as { code: string }).code;
  }
  return 'INTERNAL_ERROR';
}

/** Toss query dates are Korean local time to the second: `yyyy-MM-ddTHH:mm:ss`. */
export function kstDateTime(ms: number): string {
  return new Date(ms + 9 * 3_600_000).toISOString().slice(0, 19);
}

function parseCursor(raw: string | null): TransactionsCursor | null {
  if (raw === null) return null;
  try {
    const value = JSON.parse(raw) as Partial<TransactionsCursor>;
    return typeof value.after === 'string' && typeof value.at === 'string'
      ? { after: value.after, at: value.at }
      : null;
  } catch {
    return null;
  }
}

async function reconcileClaim(
  context: FlowContext,
  abandoned: ConfirmClaim,
  now: number,
): Promise<ClaimReconcileResult> {
  // a billing charge's claim has no paymentKey yet: the billing flow settles it by orderId
  if (isBillingClaim(abandoned)) return reconcileBillingClaim(context, abandoned, now);
  // someone else (a retrying buyer, another reconciler) got there first
  const claim = await takeOverClaim(context, abandoned, now);
  if (claim === null) return 'skipped';
  const owner = claim.owner;
  try {
    // the same steps as a buyer's poll: look the payment up, settle what the gateway says, send the confirm
    // again under a fresh key when it never executed (and the shop still sells the order), or leave it open
    await runConfirmForClaim(context, claim, { resumed: true, verifyOrder: true });
  } catch (error) {
    if (isConfirming(error)) return 'pending';
    const after = await context.ledger.getClaim(claim.orderId);
    if (after?.owner === owner && after.state === 'settled' && after.outcome?.kind === 'compensated')
      return 'compensated';
    if (after?.owner === owner && after.state === 'released') {
      const code = after.outcome?.kind === 'failed' ? after.outcome.code : null;
      return code === 'PAYMENT_NOT_FOUND' || code === 'ORDER_NOT_PAYABLE' ? 'released' : 'failed';
    }
    throw error;
  }
  return 'confirmed';
}

/** A listed transaction needs its payment re-applied unless the ledger has it or a confirm owns it. */
async function needsApplying(
  context: FlowContext,
  row: { paymentKey: string; orderId: string; transactionKey: string },
  fetched: ReadonlySet<string>,
): Promise<boolean> {
  if (fetched.has(row.paymentKey)) return false;
  const known: LedgerTransaction[] = await context.ledger.listTransactions(row.paymentKey);
  if (known.some((t) => t.transactionKey === row.transactionKey)) return false;
  const claim = await context.ledger.getClaim(row.orderId);
  // a confirm in flight (or abandoned: the claims step's business) is left to its holder
  return !(claim !== null && claim.state === 'claimed' && claim.paymentKey === row.paymentKey);
}

async function walkTransactions(
  context: FlowContext,
  options: ReconcileOptions,
  report: ReconcileReport,
  now: number,
): Promise<void> {
  const pageSize = options.pageSize ?? 100;
  const maxPages = options.maxPages ?? 20;
  let cursor = parseCursor(await context.ledger.getCursor(TRANSACTIONS_CURSOR));
  const startDate = cursor?.at.slice(0, 19) ?? kstDateTime(now - (options.lookbackMs ?? 3 * 86_400_000));
  const endDate = kstDateTime(now);
  /** payments fetched in this run: one lookup per payment, however many of its transactions are listed */
  const fetched = new Set<string>();
  const saved = cursor?.after ?? null;

  try {
    for (let page = 0; page < maxPages; page += 1) {
      const startingAfter = cursor?.after ?? null;
      const rows = await context.gateway.listTransactions({
        startDate,
        endDate,
        ...(startingAfter === null ? {} : { startingAfter }),
        limit: pageSize,
      });
      report.transactions.pages += 1;
      options.onProgress?.({ kind: 'page', startDate, startingAfter, count: rows.length });

      for (const row of rows) {
        report.transactions.seen += 1;
        if (await needsApplying(context, row, fetched)) {
          fetched.add(row.paymentKey);
          const payment = await context.gateway.getPayment(row.paymentKey);
          const result = await applyGatewaySnapshot(context, payment, 'RECONCILE');
          if (result.applied) {
            report.transactions.applied += 1;
            context.logger.info('reconcile applied a payment the ledger had missed', {
              paymentKey: payment.paymentKey,
              orderId: payment.orderId,
              status: payment.status,
            });
            options.onProgress?.({
              kind: 'applied',
              paymentKey: payment.paymentKey,
              orderId: payment.orderId,
              status: payment.status,
              newTransactions: result.newTransactions.length,
            });
          } else {
            report.transactions.unchanged += 1;
          }
        } else {
          report.transactions.unchanged += 1;
        }
        // advance past a row only once it is handled: a failure leaves the cursor on the last good row
        cursor = { after: row.transactionKey, at: String(row.transactionAt) };
      }
      if (rows.length < pageSize) break;
    }
  } finally {
    if (cursor !== null && cursor.after !== saved) {
      await context.ledger.setCursor(TRANSACTIONS_CURSOR, JSON.stringify(cursor));
    }
  }
  report.cursor = cursor?.after ?? null;
}

function logStepFailure(context: FlowContext, step: string, error: unknown): void {
  context.logger.error(`reconcile step ${step} failed; the next pass starts from the stored cursor`, {
    step,
    code: codeOf(error),
    err: error,
  });
}

/** One reconcile pass; safe to call from every instance at once (only the lease holder works). */
export async function reconcile(
  context: FlowContext,
  options: ReconcileOptions = {},
): Promise<ReconcileReport> {
  const leased = await context.ledger.withLease(
    RECONCILE_LEASE,
    options.leaseTtlMs ?? RECONCILE_LEASE_MS,
    async () => {
      const report = emptyReport(true);
      const now = options.now ?? context.now();

      const abandoned = await context.ledger.listAbandonedClaims(now, options.claimLimit ?? 100);
      options.onProgress?.({ kind: 'claims', found: abandoned.length });
      for (const claim of abandoned) {
        let result: ClaimReconcileResult;
        try {
          result = await reconcileClaim(context, claim, now);
        } catch (error) {
          result = 'pending';
          const failure = { orderId: claim.orderId, paymentKey: claim.paymentKey, code: codeOf(error) };
          report.errors.push({ step: 'claim', ...failure });
          context.logger.error('reconcile could not finish a confirm claim; the next pass tries again', {
            ...failure,
            err: error,
          });
        }
        // every decision on record: confirmed, compensated, failed, released, pending or skipped
        if (result !== 'skipped')
          context.logger.info('reconcile decided a confirm claim', {
            orderId: claim.orderId,
            paymentKey: claim.paymentKey,
            result,
          });
        report.claims[result] += 1;
        options.onProgress?.({ kind: 'claim', orderId: claim.orderId, paymentKey: claim.paymentKey, result });
      }

      if (options.transactions !== false) {
        try {
          await walkTransactions(context, options, report, now);
        } catch (error) {
          report.errors.push({ step: 'transactions', orderId: null, paymentKey: null, code: codeOf(error) });
          logStepFailure(context, 'transactions', error);
        }
      }

      if (options.cashReceipts !== false) {
        try {
          report.cashReceipts = await refreshCashReceipts(context);
        } catch (error) {
          report.errors.push({ step: 'cashReceipts', orderId: null, paymentKey: null, code: codeOf(error) });
          logStepFailure(context, 'cashReceipts', error);
        }
      }
      // read by the health probe (time since the last reconcile); a pass that could not write it still counts
      await context.ledger.setCursor(LAST_RECONCILE_CURSOR, String(context.now())).catch(() => {});
      return report;
    },
  );
  return leased.ran ? leased.value : emptyReport(false);
}
