/**
 * The Payment.status machine (spec §4, seed 000's chart) and the ordering rule built on it.
 *
 * One table says which changes the gateway makes and which of them send a PAYMENT_STATUS_CHANGED webhook.
 * Everything else (legality, terminal states, which of two snapshots is newer) is derived from it, so the
 * emulator, the ledgers and webhook handling cannot disagree.
 */
import { InvalidStateTransitionError } from '../errors/index.js';
import { PAYMENT_STATUSES, type Payment, type PaymentStatus } from '../models/index.js';

export interface PaymentTransition {
  readonly from: PaymentStatus;
  readonly to: PaymentStatus;
  /** The gateway sends PAYMENT_STATUS_CHANGED for this change (★ in the spec). */
  readonly webhook: boolean;
  /** Only virtual-account payments make this change. */
  readonly virtualAccount: boolean;
  readonly cause: string;
}

const t = (
  from: PaymentStatus,
  to: PaymentStatus,
  webhook: boolean,
  virtualAccount: boolean,
  cause: string,
) => Object.freeze({ from, to, webhook, virtualAccount, cause });

/**
 * Every status change the gateway makes. Billing and key-in payments are born DONE (no transition). A virtual
 * account whose due date passes stays WAITING_FOR_DEPOSIT without a webhook, so there is no WAITING→EXPIRED.
 */
export const PAYMENT_TRANSITIONS: readonly PaymentTransition[] = Object.freeze([
  t('READY', 'IN_PROGRESS', false, false, 'buyer authenticated in the payment window'),
  t('READY', 'EXPIRED', true, false, 'payment window validity (30 min) ran out'),
  t('READY', 'WAITING_FOR_DEPOSIT', true, true, 'virtual account issued'),
  t('IN_PROGRESS', 'DONE', true, false, 'confirm succeeded'),
  t('IN_PROGRESS', 'ABORTED', true, false, 'confirm failed'),
  t('IN_PROGRESS', 'EXPIRED', true, false, 'no confirm within 10 min of authentication'),
  t('IN_PROGRESS', 'WAITING_FOR_DEPOSIT', true, true, 'virtual-account payment confirmed, account issued'),
  t('WAITING_FOR_DEPOSIT', 'DONE', true, true, 'deposit received'),
  t('WAITING_FOR_DEPOSIT', 'CANCELED', true, true, 'canceled before the deposit'),
  t('DONE', 'CANCELED', true, false, 'canceled in full'),
  t('DONE', 'PARTIAL_CANCELED', true, false, 'canceled in part'),
  t(
    'DONE',
    'WAITING_FOR_DEPOSIT',
    true,
    true,
    'deposit error (bank limit or network): the buyer must deposit again',
  ),
  t('PARTIAL_CANCELED', 'PARTIAL_CANCELED', true, false, 'another partial cancel'),
  t('PARTIAL_CANCELED', 'CANCELED', true, false, 'the rest canceled'),
]);

const byPair = new Map<string, PaymentTransition>(
  PAYMENT_TRANSITIONS.map((tr) => [`${tr.from}>${tr.to}`, tr]),
);

function find(from: string, to: string): PaymentTransition | undefined {
  return byPair.get(`${from}>${to}`);
}

/** True when the gateway can move a payment from `from` to `to` in one step. */
export function canTransition(from: PaymentStatus, to: PaymentStatus): boolean {
  return find(from, to) !== undefined;
}

/** `to`, if the change is allowed; otherwise throws InvalidStateTransitionError (409, details `{ from, to }`). */
export function transition(from: PaymentStatus, to: PaymentStatus): PaymentStatus {
  if (!canTransition(from, to)) throw new InvalidStateTransitionError(from, to);
  return to;
}

/** True when the gateway sends PAYMENT_STATUS_CHANGED for this change; false for disallowed pairs. */
export function sendsWebhook(from: PaymentStatus, to: PaymentStatus): boolean {
  return find(from, to)?.webhook ?? false;
}

/** The statuses reachable from `status` in one step. */
export function nextStatuses(status: PaymentStatus): PaymentStatus[] {
  return PAYMENT_TRANSITIONS.filter((tr) => tr.from === status).map((tr) => tr.to);
}

/** No transition leaves a terminal status (CANCELED, ABORTED, EXPIRED). */
export function isTerminal(status: PaymentStatus): boolean {
  return nextStatuses(status).length === 0;
}

// reachable[a] = statuses reachable from a in one or more steps.
const reachable: ReadonlyMap<PaymentStatus, ReadonlySet<PaymentStatus>> = (() => {
  const out = new Map<PaymentStatus, Set<PaymentStatus>>();
  for (const start of PAYMENT_STATUSES) {
    const seen = new Set<PaymentStatus>();
    const queue = nextStatuses(start);
    while (queue.length > 0) {
      const next = queue.shift()!;
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(...nextStatuses(next));
    }
    out.set(start, seen);
  }
  return out;
})();

/** True when `to` can follow `from` after one or more legal steps. */
export function canReach(from: PaymentStatus, to: PaymentStatus): boolean {
  return reachable.get(from)?.has(to) ?? false;
}

/** The fields the ordering rule reads; a full Payment has them all. */
export type PaymentSnapshot = Pick<
  Payment,
  'status' | 'cancels' | 'lastTransactionKey' | 'approvedAt' | 'balanceAmount'
>;

const DEPOSIT_CYCLE: ReadonlySet<PaymentStatus> = new Set<PaymentStatus>(['DONE', 'WAITING_FOR_DEPOSIT']);

function time(iso: string | null | undefined): number | undefined {
  if (iso === null || iso === undefined) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * True only when `incoming` is strictly newer than `current`, so a stored payment is never overwritten by an
 * older copy (a delayed webhook, a retried GET that raced a cancel, a replayed confirm answer).
 *
 * 1. More cancels is newer, fewer is older (cancels only ever get appended).
 * 2. With as many cancels, a lower balanceAmount is newer, a higher one older.
 * 3. Otherwise the status decides: newer when the incoming status can follow the current one by legal steps and
 *    the current one cannot follow the incoming one (READY → DONE counts even if IN_PROGRESS was never seen).
 * 4. The one cycle, DONE ⇄ WAITING_FOR_DEPOSIT (a virtual-account deposit error, then a new deposit), is ordered
 *    by `approvedAt`: a deposit sets it, a deposit error keeps the failed deposit's time. DONE is newer than a
 *    WAITING_FOR_DEPOSIT approved earlier or not at all; WAITING_FOR_DEPOSIT is newer than a DONE only when it
 *    carries that DONE's approval time or a later one (a never-deposited account carries none).
 *    Two copies of the same status in the cycle are ordered by approvedAt as well (a re-deposit's DONE is newer
 *    than the first DONE; a WAITING_FOR_DEPOSIT after a deposit error is newer than one never deposited).
 * Equal snapshots, and other same-status snapshots, are not newer.
 */
export function isNewerSnapshot(current: PaymentSnapshot | null, incoming: PaymentSnapshot): boolean {
  if (current === null) return true;

  const currentCancels = current.cancels?.length ?? 0;
  const incomingCancels = incoming.cancels?.length ?? 0;
  if (incomingCancels !== currentCancels) return incomingCancels > currentCancels;
  if (incoming.balanceAmount !== current.balanceAmount) return incoming.balanceAmount < current.balanceAmount;

  if (incoming.status === current.status) {
    // Inside the deposit cycle the same status comes back; a later approval time tells the copies apart.
    if (!DEPOSIT_CYCLE.has(incoming.status)) return false;
    const currentApproved = time(current.approvedAt);
    const incomingApproved = time(incoming.approvedAt);
    return (
      incomingApproved !== undefined && (currentApproved === undefined || incomingApproved > currentApproved)
    );
  }
  const forward = canReach(current.status, incoming.status);
  const backward = canReach(incoming.status, current.status);
  if (forward && !backward) return true;
  if (!forward) return false;

  // Both ways reachable: the deposit cycle.
  const currentApproved = time(current.approvedAt);
  const incomingApproved = time(incoming.approvedAt);
  if (incoming.status === 'DONE') {
    return (
      incomingApproved !== undefined && (currentApproved === undefined || incomingApproved > currentApproved)
    );
  }
  if (current.status === 'DONE') {
    return (
      incomingApproved !== undefined && currentApproved !== undefined && incomingApproved >= currentApproved
    );
  }
  return false;
}
