/**
 * Cash receipts (현금영수증, spec §2.9/§3.6): issued for cash-like payments (transfer, virtual account) or
 * cash taken outside Toss, cancelled in full or in part (the cancel's receiptKey is the original's with
 * `c_`). Every issue and cancel is recorded in the ledger with its issueStatus and transactionType.
 *
 * The customer's identity number (a phone, resident or business number) is personal data: it goes to
 * the gateway once and is kept only masked — in the ledger, in answers, and never in a log line.
 */
import { toHex, utf8 } from '../platform/bytes.js';
import { sha256 } from '../platform/sha256.js';
import { parseAmount } from '../amount/index.js';
import { isGatewayError } from '../errors/index.js';
import type { Ledger, RecordPaymentResult, StoredCashReceipt } from '../ledger/index.js';
import type { CashReceipt, Payment } from '../models/index.js';
import type { FlowContext, FlowLogger } from './flow-context.js';
import { flowError, verifyOrderId, verifyPaymentKey } from './flow-errors.js';

/** The cash receipt types that can be issued: 소득공제 (income deduction) and 지출증빙 (expense proof). */
export const ISSUABLE_CASH_RECEIPT_TYPES = ['소득공제', '지출증빙'] as const;
/** One of ISSUABLE_CASH_RECEIPT_TYPES. */
export type IssuableCashReceiptType = (typeof ISSUABLE_CASH_RECEIPT_TYPES)[number];

/** What `handler.issueCashReceipt()` takes: the order or payment, the type, the identity number, the amount. */
export interface IssueCashReceiptInput {
  /** the order paid by a recorded payment, or paid in cash (then orderLookup gives amount and name) */
  orderId?: unknown;
  paymentKey?: unknown;
  type: unknown;
  /** phone, resident, business or cash-receipt card number (≤30 digits; 010-000-1234 for anonymous) */
  customerIdentityNumber: unknown;
  /** default: what is left of the payment (or order) without a receipt */
  amount?: unknown;
  taxFreeAmount?: unknown;
  /** default: the payment's or the order's name */
  orderName?: unknown;
}

/** Payment methods a cash receipt may be issued for (a card payment has its own card slip). */
const CASH_LIKE_METHODS = new Set(['계좌이체', '가상계좌']);

/**
 * Keep the first three and the last four characters' digits, mask the digits between:
 * 01012345678 → 010****5678. Short numbers keep only their last two digits.
 */
export function maskIdentityNumber(value: string | null | undefined): string | null {
  if (typeof value !== 'string' || value.length === 0) return null;
  const chars = [...value];
  const digitPositions = chars.flatMap((c, i) => (/[0-9]/.test(c) ? [i] : []));
  const keep =
    digitPositions.length >= 8
      ? new Set([...digitPositions.slice(0, 3), ...digitPositions.slice(-4)])
      : new Set(digitPositions.slice(-2));
  return chars.map((c, i) => (/[0-9]/.test(c) && !keep.has(i) ? '*' : c)).join('');
}

function validation(path: string, message: string) {
  return flowError('VALIDATION_ERROR', { issues: [{ path, message }] });
}

function verifyType(raw: unknown): IssuableCashReceiptType {
  if (typeof raw !== 'string' || !(ISSUABLE_CASH_RECEIPT_TYPES as readonly string[]).includes(raw)) {
    throw validation('type', 'type은 소득공제 또는 지출증빙이어야 합니다.');
  }
  return raw as IssuableCashReceiptType;
}

function verifyIdentityNumber(raw: unknown): string {
  if (raw === undefined || raw === null || raw === '')
    throw flowError('MISSING_PARAMETER', { parameter: 'customerIdentityNumber' });
  // never echo the value: it is personal data
  if (typeof raw !== 'string' || !/^[0-9-]{1,30}$/.test(raw) || !/[0-9]/.test(raw)) {
    throw validation(
      'customerIdentityNumber',
      'customerIdentityNumber는 숫자(와 -)로 된 30자 이하의 문자열이어야 합니다.',
    );
  }
  return raw;
}

function nonNegativeInteger(path: string, raw: unknown): number | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'number' || !Number.isSafeInteger(raw) || raw < 0)
    throw validation(path, `${path}은 0 이상의 정수여야 합니다.`);
  return raw;
}

/** The ledger's record of a gateway CashReceipt: identity number masked, only the fields tosskit keeps. */
export function toStoredCashReceipt(
  receipt: CashReceipt,
  extra: { id?: string; paymentKey: string | null; originalReceiptKey?: string | null; now: number },
): StoredCashReceipt {
  const now = extra.now;
  const transactionType = String(receipt.transactionType);
  const originalReceiptKey =
    extra.originalReceiptKey ??
    (transactionType === 'CANCEL' && receipt.receiptKey.startsWith('c_')
      ? receipt.receiptKey.slice(2)
      : null);
  return {
    id: extra.id ?? receipt.receiptKey,
    receiptKey: receipt.receiptKey,
    originalReceiptKey,
    orderId: receipt.orderId,
    paymentKey: extra.paymentKey,
    type: String(receipt.type),
    transactionType,
    issueStatus: String(receipt.issueStatus),
    amount: receipt.amount,
    taxFreeAmount: receipt.taxFreeAmount,
    issueNumber: receipt.issueNumber ?? null,
    receiptUrl: receipt.receiptUrl ?? null,
    customerIdentityNumber: maskIdentityNumber(receipt.customerIdentityNumber),
    requestedAt: typeof receipt.requestedAt === 'string' ? receipt.requestedAt : null,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * The n-th issue for an order with these values: the same call repeated (a lost answer) replays at the
 * gateway, while a corrected call gets a key of its own — the gateway replays refusals too, so a wrong
 * identity number must not pin the order to its refusal. The identity number enters only as a 12-bit
 * bucket of its hash: keys show up in logs, and a full hash of a phone number can be reversed by trying them all.
 */
export function cashReceiptIdempotencyKey(
  orderId: string,
  issued: number,
  values: { type: string; amount: number; taxFreeAmount: number; customerIdentityNumber: string },
): string {
  const bucket = toHex(sha256(utf8(values.customerIdentityNumber))).slice(0, 3);
  return `cash-receipt:${orderId}:${issued}:${values.type === '소득공제' ? 'I' : 'E'}:${values.amount}:${values.taxFreeAmount}:${bucket}`;
}

/** The id of the n-th (0-based) cancel of a receipt: partial cancels share the `c_` receiptKey. */
export function cancelRecordId(cancelReceiptKey: string, index: number): string {
  return index === 0 ? cancelReceiptKey : `${cancelReceiptKey}#${index + 1}`;
}

/** What is still receipted per issue: its amount minus its cancels. */
function remainingOf(receipts: readonly StoredCashReceipt[], issue: StoredCashReceipt): number {
  const canceled = receipts
    .filter((r) => r.transactionType === 'CANCEL' && r.originalReceiptKey === issue.receiptKey)
    .reduce((sum, r) => sum + r.amount, 0);
  return Math.max(0, issue.amount - canceled);
}

function receiptedAmount(receipts: readonly StoredCashReceipt[]): number {
  return receipts
    .filter((r) => r.transactionType === 'CONFIRM' && r.issueStatus !== 'FAILED')
    .reduce((sum, issue) => sum + remainingOf(receipts, issue), 0);
}

/** Issue a cash receipt for a recorded payment or a shop order. */
export async function issueCashReceipt(
  context: FlowContext,
  input: IssueCashReceiptInput,
): Promise<StoredCashReceipt> {
  const type = verifyType(input.type);
  const customerIdentityNumber = verifyIdentityNumber(input.customerIdentityNumber);

  let payment: Payment | null;
  let orderId: string;
  if (input.paymentKey !== undefined && input.paymentKey !== null) {
    const record = await context.ledger.getPayment(verifyPaymentKey(input.paymentKey));
    if (record === null) throw flowError('PAYMENT_NOT_FOUND');
    payment = record.payment;
    orderId = record.orderId;
  } else {
    orderId = verifyOrderId(input.orderId);
    payment = (await context.ledger.getPaymentByOrderId(orderId))?.payment ?? null;
  }

  let available: number;
  let orderName: string | undefined =
    typeof input.orderName === 'string' && input.orderName.length > 0
      ? input.orderName.slice(0, 100)
      : undefined;
  if (payment !== null) {
    const method = payment.method ?? null;
    if (
      !CASH_LIKE_METHODS.has(String(method)) ||
      (payment.status !== 'DONE' && payment.status !== 'PARTIAL_CANCELED')
    ) {
      throw flowError('CASH_RECEIPT_NOT_ALLOWED', { method: String(method ?? '-'), status: payment.status });
    }
    available = typeof payment.balanceAmount === 'number' ? payment.balanceAmount : 0;
    orderName ??= payment.orderName ?? undefined;
  } else {
    // no Toss payment: cash the shop took itself, as its order says
    const order = await context.orderLookup(orderId);
    if (order === null || order === undefined) throw flowError('ORDER_NOT_FOUND', { orderId });
    available = order.amount;
    orderName ??= order.orderName;
  }
  if (orderName === undefined) throw flowError('MISSING_PARAMETER', { parameter: 'orderName' });

  const existing = await context.ledger.listCashReceipts({ orderId, limit: 1000 });
  available = Math.max(0, available - receiptedAmount(existing));
  const amount = input.amount === undefined || input.amount === null ? available : parseAmount(input.amount);
  if (amount <= 0 || amount > available)
    throw flowError('CASH_RECEIPT_AMOUNT_EXCEEDED', { available, amount });
  const taxFreeAmount = nonNegativeInteger('taxFreeAmount', input.taxFreeAmount);
  if (taxFreeAmount !== undefined && taxFreeAmount > amount)
    throw validation('taxFreeAmount', 'taxFreeAmount는 금액보다 클 수 없습니다.');

  const issued = existing.filter((r) => r.transactionType === 'CONFIRM').length;
  const receipt = await context.gateway.issueCashReceipt(
    {
      amount,
      orderId,
      orderName,
      type,
      customerIdentityNumber,
      ...(taxFreeAmount === undefined ? {} : { taxFreeAmount }),
    },
    {
      idempotencyKey: cashReceiptIdempotencyKey(orderId, issued, {
        type,
        amount,
        taxFreeAmount: taxFreeAmount ?? 0,
        customerIdentityNumber,
      }),
    },
  );
  const stored = toStoredCashReceipt(receipt, {
    paymentKey: payment?.paymentKey ?? null,
    now: context.now(),
  });
  await context.ledger.recordCashReceipt(stored);
  return stored;
}

/** Cancel a recorded cash receipt in full (no amount) or in part. */
export async function cancelCashReceipt(
  context: FlowContext,
  receiptKey: unknown,
  amountRaw?: unknown,
): Promise<StoredCashReceipt> {
  if (
    typeof receiptKey !== 'string' ||
    receiptKey.length === 0 ||
    receiptKey.length > 200 ||
    !/^[\x21-\x7e]+$/.test(receiptKey)
  ) {
    throw flowError('MISSING_PARAMETER', { parameter: 'receiptKey' });
  }
  const issue = await context.ledger.getCashReceipt(receiptKey);
  if (issue === null || issue.transactionType !== 'CONFIRM')
    throw flowError('CASH_RECEIPT_NOT_FOUND', { receiptKey });
  const receipts = await context.ledger.listCashReceipts({ orderId: issue.orderId, limit: 1000 });
  const remaining = remainingOf(receipts, issue);
  const amount = amountRaw === undefined || amountRaw === null ? remaining : parseAmount(amountRaw);
  if (amount <= 0 || amount > remaining)
    throw flowError('CASH_RECEIPT_AMOUNT_EXCEEDED', { available: remaining, amount });
  const index = receipts.filter(
    (r) => r.transactionType === 'CANCEL' && r.originalReceiptKey === receiptKey,
  ).length;
  // a full cancel of an untouched receipt is sent without an amount, as the docs describe it
  const params = index === 0 && amount === issue.amount ? {} : { amount };
  const canceled = await context.gateway.cancelCashReceipt(receiptKey, params, {
    idempotencyKey: `cash-receipt-cancel:${receiptKey}:${index}:${amount}`,
  });
  const stored = toStoredCashReceipt(canceled, {
    id: cancelRecordId(canceled.receiptKey, index),
    paymentKey: issue.paymentKey,
    originalReceiptKey: receiptKey,
    now: context.now(),
  });
  await context.ledger.recordCashReceipt(stored);
  return stored;
}

/** Statuses the tax office has answered: a receipt never moves back from these to IN_PROGRESS. */
const FINAL_ISSUE_STATUSES = new Set(['COMPLETED', 'FAILED']);

export interface CashReceiptRefresh {
  /** receipts the ledger held as IN_PROGRESS */
  checked: number;
  /** of those, the ones the gateway had answered (COMPLETED or FAILED), now recorded so */
  updated: number;
}

/** The KST date (yyyy-MM-dd) a receipt was requested on: the key of GET /v1/cash-receipts. */
function requestDateOf(receipt: StoredCashReceipt): string {
  const at = receipt.requestedAt === null ? Number.NaN : Date.parse(receipt.requestedAt);
  const ms = Number.isNaN(at) ? receipt.createdAt : at;
  return new Date(ms + 9 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * A receipt is IN_PROGRESS until the tax office answers, 1–2 days after the request. Asks the gateway for
 * the receipts the ledger still holds as IN_PROGRESS (`GET /v1/cash-receipts`, by request date, every page)
 * and records the status it gives. Partial cancels share one `c_` key: they are paired in request order.
 */
export async function refreshCashReceipts(
  context: FlowContext,
  options: { limit?: number; pageSize?: number; maxPages?: number } = {},
): Promise<CashReceiptRefresh> {
  const all = await context.ledger.listCashReceipts({ limit: options.limit ?? 10_000 });
  const pending = all.filter((r) => r.issueStatus === 'IN_PROGRESS');
  const result: CashReceiptRefresh = { checked: pending.length, updated: 0 };
  if (pending.length === 0) return result;
  const keyOf = (r: { receiptKey: string; transactionType: string }) =>
    `${r.receiptKey}\u0000${String(r.transactionType)}`;
  const pendingKeys = new Set(pending.map(keyOf));
  // every ledger record of a pending key, oldest first, so the n-th gateway record pairs with the n-th here
  const queues = new Map<string, StoredCashReceipt[]>();
  const dates = new Set<string>();
  for (const r of all) {
    if (!pendingKeys.has(keyOf(r))) continue;
    const queue = queues.get(keyOf(r)) ?? [];
    queue.push(r);
    queues.set(keyOf(r), queue);
    if (r.issueStatus === 'IN_PROGRESS') dates.add(requestDateOf(r));
  }
  for (const requestDate of [...dates].sort()) {
    const seen = new Map<string, number>();
    let cursor: number | undefined;
    for (let page = 0; page < (options.maxPages ?? 100); page += 1) {
      const list = await context.gateway.listCashReceipts({
        requestDate,
        limit: options.pageSize ?? 1000,
        ...(cursor === undefined ? {} : { cursor }),
      });
      for (const answer of list.data) {
        const key = keyOf({ receiptKey: answer.receiptKey, transactionType: String(answer.transactionType) });
        const queue = queues.get(key);
        if (queue === undefined) continue;
        const index = seen.get(key) ?? 0;
        seen.set(key, index + 1);
        const mine = queue[index];
        const status = String(answer.issueStatus);
        if (mine === undefined || mine.issueStatus !== 'IN_PROGRESS' || !FINAL_ISSUE_STATUSES.has(status))
          continue;
        await context.ledger.recordCashReceipt({
          ...mine,
          issueStatus: status,
          issueNumber: answer.issueNumber ?? mine.issueNumber,
          receiptUrl: answer.receiptUrl ?? mine.receiptUrl,
          updatedAt: context.now(),
        });
        result.updated += 1;
      }
      if (!list.hasNext || list.lastCursor === null) break;
      cursor = list.lastCursor;
    }
  }
  return result;
}

export async function listCashReceipts(
  context: FlowContext,
  options: { orderId?: unknown } = {},
): Promise<StoredCashReceipt[]> {
  if (options.orderId === undefined || options.orderId === null)
    return context.ledger.listCashReceipts({ limit: 1000 });
  return context.ledger.listCashReceipts({ orderId: verifyOrderId(options.orderId), limit: 1000 });
}

/**
 * The receipts a Payment carries (a transfer or virtual account paid with `cashReceipt` in the window):
 * the full `cashReceipts[]` entries, and the `cashReceipt` summary when the list lacks it.
 */
export async function recordPaymentCashReceipts(
  ledger: Ledger,
  payment: Payment,
  now: number,
): Promise<number> {
  let recorded = 0;
  const full = Array.isArray(payment.cashReceipts) ? payment.cashReceipts : [];
  const cancelsSeen = new Map<string, number>();
  for (const receipt of full) {
    let id = receipt.receiptKey;
    if (String(receipt.transactionType) === 'CANCEL') {
      const index = cancelsSeen.get(receipt.receiptKey) ?? 0;
      cancelsSeen.set(receipt.receiptKey, index + 1);
      id = cancelRecordId(receipt.receiptKey, index);
    }
    const stored = toStoredCashReceipt(receipt, { id, paymentKey: payment.paymentKey, now });
    const before = await ledger.getCashReceipt(id);
    if (before !== null && before.issueStatus === stored.issueStatus && before.amount === stored.amount)
      continue;
    // a payment snapshot carries the receipt as it was at the payment's last change: never undo an answer
    if (
      before !== null &&
      FINAL_ISSUE_STATUSES.has(before.issueStatus) &&
      stored.issueStatus === 'IN_PROGRESS'
    )
      continue;
    await ledger.recordCashReceipt(
      before === null
        ? stored
        : {
            ...stored,
            customerIdentityNumber: stored.customerIdentityNumber ?? before.customerIdentityNumber,
          },
    );
    recorded += 1;
  }
  const summary = payment.cashReceipt;
  const key = summary?.receiptKey;
  if (
    summary !== null &&
    summary !== undefined &&
    typeof key === 'string' &&
    key.length > 0 &&
    !full.some((r) => r.receiptKey === key)
  ) {
    if ((await ledger.getCashReceipt(key)) === null) {
      await ledger.recordCashReceipt({
        id: key,
        receiptKey: key,
        originalReceiptKey: null,
        orderId: payment.orderId,
        paymentKey: payment.paymentKey,
        type: String(summary.type),
        transactionType: 'CONFIRM',
        // the summary has no status: a receipt is IN_PROGRESS until the tax office answers (1–2 days)
        issueStatus: 'IN_PROGRESS',
        amount: summary.amount,
        taxFreeAmount: summary.taxFreeAmount,
        issueNumber: summary.issueNumber ?? null,
        receiptUrl: summary.receiptUrl ?? null,
        customerIdentityNumber: null,
        requestedAt: typeof payment.approvedAt === 'string' ? payment.approvedAt : null,
        createdAt: now,
        updatedAt: now,
      });
      recorded += 1;
    }
  }
  return recorded;
}

/**
 * The ledger the flows use, recording the cash receipts a payment carries whenever a newer snapshot of it
 * is recorded (confirm, webhook, reconcile, cancel all go through recordPayment). A failure to record a
 * receipt is logged (codes only) and does not undo the payment.
 */
/** `now`: the flows' clock, for the receipts' record times. */
export function withCashReceiptRecording(
  ledger: Ledger,
  logger: FlowLogger,
  now: () => number = Date.now,
): Ledger {
  const wrapped = Object.create(ledger) as Ledger;
  const afterRecord = async (payment: Payment, result: RecordPaymentResult): Promise<RecordPaymentResult> => {
    if (
      result.applied &&
      (payment.cashReceipt != null ||
        (Array.isArray(payment.cashReceipts) && payment.cashReceipts.length > 0))
    ) {
      try {
        await recordPaymentCashReceipts(ledger, payment, now());
      } catch (error) {
        logger.warn('cash receipt of a payment could not be recorded', {
          paymentKey: payment.paymentKey,
          orderId: payment.orderId,
          code: isGatewayError(error) ? error.code : error instanceof Error ? error.name : 'UNKNOWN',
        });
      }
    }
    return result;
  };
  wrapped.recordPayment = async (payment, now) =>
    afterRecord(payment, await ledger.recordPayment(payment, now));
  wrapped.settleClaimWithPayment = async (orderId, owner, outcome, payment, now) =>
    afterRecord(payment, await ledger.settleClaimWithPayment(orderId, owner, outcome, payment, now));
  return wrapped;
}
