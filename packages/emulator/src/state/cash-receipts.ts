/** Cash receipts: issued with a transfer chosen in the window or through the API, cancels, and the list. */
import { kstDate, kstIso } from '../clock.js';
import { gatewayError, invalidRequest } from '../errors.js';
import { newReceiptKey, randomDigits } from '../ids.js';
import { checkOrderId, intField, str } from './fields.js';
import type { Store } from './store.js';
import type { CashReceiptObject, PaymentRecord } from './types.js';

/** A transfer paid with a cash receipt chosen in the window: issued with the approval (summary and full object). */
export function issueWindowCashReceipt(s: Store, rec: PaymentRecord): void {
  const p = rec.payment;
  const cr = rec.window['cashReceipt'] as { type?: string } | null | undefined;
  if (cr?.type !== '소득공제' && cr?.type !== '지출증빙') return;
  const receiptKey = newReceiptKey();
  const receipt: CashReceiptObject = {
    receiptKey,
    issueNumber: randomDigits(9),
    issueStatus: 'IN_PROGRESS',
    amount: p.totalAmount,
    taxFreeAmount: p.taxFreeAmount,
    orderId: p.orderId,
    orderName: p.orderName,
    type: cr.type,
    transactionType: 'CONFIRM',
    businessNumber: '1234567890',
    customerIdentityNumber: '01000001234',
    failure: null,
    requestedAt: kstIso(s.clock.now()),
    receiptUrl: `${s.baseUrl}/receipt/cash-receipt/${receiptKey}`,
  };
  s.cashReceipts.push({ seq: ++s.receiptSeq, at: s.clock.now(), receipt, canceledAmount: 0 });
  p.cashReceipt = {
    type: cr.type,
    receiptKey,
    issueNumber: receipt.issueNumber,
    receiptUrl: receipt.receiptUrl,
    amount: p.totalAmount,
    taxFreeAmount: p.taxFreeAmount,
  };
  p.cashReceipts = [{ ...receipt }];
}

export function issueCashReceipt(s: Store, body: Record<string, unknown>): CashReceiptObject {
  const amount = intField(body, 'amount', true)!;
  if (amount <= 0) throw gatewayError('BELOW_ZERO_AMOUNT');
  const orderId = str(body, 'orderId', 64)!;
  checkOrderId(orderId);
  const orderName = str(body, 'orderName', 100)!;
  const type = str(body, 'type', 10)!;
  if (type !== '소득공제' && type !== '지출증빙')
    throw invalidRequest('type은 소득공제 또는 지출증빙이어야 합니다.', 'type must be 소득공제 or 지출증빙.');
  const customerIdentityNumber = str(body, 'customerIdentityNumber', 30)!;
  const taxFree = intField(body, 'taxFreeAmount', false) ?? 0;
  if (taxFree < 0 || taxFree > amount)
    throw invalidRequest('면세 금액이 올바르지 않습니다.', 'taxFreeAmount is invalid.');
  const receiptKey = newReceiptKey();
  const receipt: CashReceiptObject = {
    receiptKey,
    issueNumber: randomDigits(9),
    issueStatus: 'IN_PROGRESS',
    amount,
    taxFreeAmount: taxFree,
    orderId,
    orderName,
    type,
    transactionType: 'CONFIRM',
    businessNumber: '1234567890',
    customerIdentityNumber,
    failure: null,
    requestedAt: kstIso(s.clock.now()),
    receiptUrl: `${s.baseUrl}/receipt/cash-receipt/${receiptKey}`,
  };
  s.cashReceipts.push({ seq: ++s.receiptSeq, at: s.clock.now(), receipt, canceledAmount: 0 });
  s.onChange();
  return receipt;
}

export function cancelCashReceipt(
  s: Store,
  receiptKey: string,
  body: Record<string, unknown>,
): CashReceiptObject {
  const row = s.cashReceipts.find(
    (r) => r.receipt.receiptKey === receiptKey && r.receipt.transactionType === 'CONFIRM',
  );
  if (!row) throw gatewayError('NOT_FOUND', undefined, 404);
  const remaining = row.receipt.amount - row.canceledAmount;
  if (remaining === 0) throw gatewayError('ALREADY_CANCELED_PAYMENT');
  const amount = intField(body, 'amount', false) ?? remaining;
  if (amount <= 0 || amount > remaining) throw gatewayError('NOT_CANCELABLE_AMOUNT');
  row.canceledAmount += amount;
  const receipt: CashReceiptObject = {
    ...row.receipt,
    receiptKey: `c_${receiptKey}`,
    issueNumber: randomDigits(9),
    amount,
    taxFreeAmount: Math.min(row.receipt.taxFreeAmount, amount),
    transactionType: 'CANCEL',
    requestedAt: kstIso(s.clock.now()),
  };
  s.cashReceipts.push({ seq: ++s.receiptSeq, at: s.clock.now(), receipt, canceledAmount: 0 });
  s.onChange();
  return receipt;
}

/** The tax office's answer: a receipt requested long enough ago is COMPLETED in the receipts list. */
function completeDueCashReceipts(s: Store): void {
  const due = s.clock.now() - s.cashReceiptProcessingMs;
  for (const row of s.cashReceipts) {
    if (row.receipt.issueStatus !== 'IN_PROGRESS' || row.at > due) continue;
    row.receipt.issueStatus = 'COMPLETED';
    s.onChange();
  }
}

export function listCashReceipts(
  s: Store,
  query: URLSearchParams,
): {
  hasNext: boolean;
  lastCursor: number | null;
  data: CashReceiptObject[];
} {
  const date = query.get('requestDate');
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date))
    throw invalidRequest('requestDate(yyyy-MM-dd)는 필수 값입니다.', 'requestDate (yyyy-MM-dd) is required.');
  const cursorRaw = query.get('cursor');
  const cursor = cursorRaw === null ? 0 : Number(cursorRaw);
  const limitRaw = query.get('limit');
  const limit = limitRaw === null ? 100 : Number(limitRaw);
  if (!Number.isSafeInteger(cursor) || cursor < 0)
    throw invalidRequest('cursor가 올바르지 않습니다.', 'cursor is invalid.');
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 10_000)
    throw invalidRequest('limit은 1~10000 사이여야 합니다.', 'limit must be between 1 and 10000.');
  completeDueCashReceipts(s);
  const rows = s.cashReceipts.filter((r) => kstDate(r.at) === date && r.seq > cursor);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    hasNext: rows.length > limit,
    lastCursor: last === undefined ? null : last.seq,
    data: page.map((r) => r.receipt),
  };
}
