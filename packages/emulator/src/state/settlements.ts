/** The reading side: transactions, settlements (and settlement requests), promotions. */
import { kstDate, parseKst } from '../clock.js';
import { gatewayError, invalidRequest } from '../errors.js';
import { str } from './fields.js';
import type { Store } from './store.js';
import type { TransactionObject } from './types.js';

export function listTransactions(s: Store, query: URLSearchParams): TransactionObject[] {
  const startRaw = query.get('startDate');
  const endRaw = query.get('endDate');
  if (!startRaw || !endRaw)
    throw invalidRequest('startDate, endDate는 필수 값입니다.', 'startDate and endDate are required.');
  const start = parseKst(startRaw);
  const end = parseKst(endRaw);
  if (start === null || end === null || end < start)
    throw invalidRequest('조회 기간이 올바르지 않습니다.', 'The date range is invalid.');
  const limitRaw = query.get('limit');
  const limit = limitRaw === null ? 100 : Number(limitRaw);
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 5000)
    throw invalidRequest('limit은 1~5000 사이여야 합니다.', 'limit must be between 1 and 5000.');
  // Dates are compared to the second: endDate 23:59:59 includes everything up to the next 00:00:00.
  const rows = s.transactions.filter((t) => {
    const sec = Math.floor(t.at / 1000) * 1000;
    return sec >= start && sec <= end;
  });
  let from = 0;
  const after = query.get('startingAfter');
  if (after) {
    const i = rows.findIndex((t) => t.transactionKey === after);
    // an unknown key is refused (forum 1377493933021728779), not answered with an empty page
    if (i === -1) throw gatewayError('INVALID_TRANSACTION_KEY');
    from = i + 1;
  }
  return rows.slice(from, from + limit).map(({ at: _at, ...t }) => t);
}

export function cardPromotions(s: Store): Record<string, unknown> {
  return s.promotions.card ?? { discountCards: [], interestFreeCards: [] };
}

export function listPromotions(s: Store): Record<string, unknown>[] {
  return s.promotions.promotions ?? [];
}

/** Settlement rows appear the day after the sale (KST), as at the gateway. */
export function listSettlements(s: Store, query: URLSearchParams): Record<string, unknown>[] {
  const startDate = query.get('startDate');
  const endDate = query.get('endDate');
  if (
    !startDate ||
    !endDate ||
    !/^\d{4}-\d{2}-\d{2}$/.test(startDate) ||
    !/^\d{4}-\d{2}-\d{2}$/.test(endDate)
  ) {
    throw invalidRequest(
      'startDate, endDate(yyyy-MM-dd)는 필수 값입니다.',
      'startDate and endDate (yyyy-MM-dd) are required.',
    );
  }
  const dateType = query.get('dateType') ?? 'soldDate';
  if (dateType !== 'soldDate' && dateType !== 'paidOutDate')
    throw invalidRequest('dateType이 올바르지 않습니다.', 'dateType must be soldDate or paidOutDate.');
  const page = Number(query.get('page') ?? '1');
  const size = Number(query.get('size') ?? '100');
  if (!Number.isSafeInteger(page) || page < 1 || !Number.isSafeInteger(size) || size < 1 || size > 5000) {
    throw invalidRequest('page, size가 올바르지 않습니다.', 'page or size is invalid.');
  }
  const today = kstDate(s.clock.now());
  const rows: Record<string, unknown>[] = [];
  for (const t of s.transactions) {
    if (t.status === 'WAITING_FOR_DEPOSIT') continue;
    const rec = s.payments.get(t.paymentKey);
    if (!rec) continue;
    const soldDate = kstDate(t.at);
    if (soldDate >= today) continue;
    const paidOutDate = kstDate(t.at + 2 * 86_400_000);
    const key = dateType === 'soldDate' ? soldDate : paidOutDate;
    if (key < startDate || key > endDate) continue;
    const sign = t.status === 'DONE' ? 1 : -1;
    // A virtual account cancelled before its deposit moved no money.
    if (sign < 0 && rec.payment.approvedAt === null) continue;
    const amount = sign * t.amount;
    const fee = sign * Math.floor((t.amount * 32) / 1000);
    const feeVat = sign * Math.floor((Math.abs(fee) + 5) / 11);
    const p = rec.payment;
    rows.push({
      mId: s.mId,
      paymentKey: t.paymentKey,
      transactionKey: t.transactionKey,
      orderId: t.orderId,
      currency: t.currency,
      method: t.method,
      amount,
      interestFee: 0,
      fees: [{ type: 'BASE', fee }],
      supplyAmount: fee - feeVat,
      vat: feeVat,
      payOutAmount: amount - fee,
      approvedAt: p.approvedAt ?? t.transactionAt,
      soldDate,
      paidOutDate,
      card:
        p.card === null
          ? null
          : {
              issuerCode: p.card['issuerCode'],
              acquirerCode: p.card['acquirerCode'],
              number: p.card['number'],
            },
      easyPay: p.easyPay,
      giftCertificate: p.giftCertificate,
      mobilePhone: p.mobilePhone,
      transfer: p.transfer,
      virtualAccount: p.virtualAccount,
      cancel:
        sign < 0 ? ((p.cancels ?? []).find((c) => c.transactionKey === t.transactionKey) ?? null) : null,
    });
  }
  return rows.slice((page - 1) * size, page * size);
}

export function requestSettlement(s: Store, body: Record<string, unknown>): { result: boolean } {
  const paymentKey = str(body, 'paymentKey', 200)!;
  const rec = s.findByKey(paymentKey);
  if (!rec) throw gatewayError('NOT_FOUND_PAYMENT');
  if (rec.payment.status !== 'DONE' && rec.payment.status !== 'PARTIAL_CANCELED')
    throw gatewayError(
      'NOT_CANCELABLE_PAYMENT',
      { ko: '정산할 수 없는 결제입니다.', en: 'The payment cannot be settled.' },
      400,
    );
  rec.settlementRequested = true;
  s.onChange();
  return { result: true };
}
