/**
 * What the control API (and so the dashboard) shows beyond the raw objects: the payment list with filters, and a
 * payment's timeline (its status changes, transactions, cancels and webhook deliveries, each with its emulator time).
 */
import { gatewayError } from './errors.js';
import { METHOD_NAMES } from './gateway/methods.js';
import type { EmulatorState, PaymentObject, PaymentStatus } from './state/index.js';
import type { Delivery } from './webhooks.js';

export const PAYMENT_STATUSES: readonly PaymentStatus[] = [
  'READY',
  'IN_PROGRESS',
  'WAITING_FOR_DEPOSIT',
  'DONE',
  'CANCELED',
  'PARTIAL_CANCELED',
  'ABORTED',
  'EXPIRED',
];

export interface PaymentFilter {
  /** one status or several */
  status?: PaymentStatus | PaymentStatus[];
  /** an SDK method code (`VIRTUAL_ACCOUNT`) or the Payment's Korean `method` (`가상계좌`) */
  method?: string;
  /** part of the orderId */
  orderId?: string;
  /** `requestedAt` on or after this day (YYYY-MM-DD, KST) */
  from?: string;
  /** `requestedAt` on or before this day (YYYY-MM-DD, KST) */
  to?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function invalidFilter(ko: string, en: string) {
  return gatewayError('INVALID_FILTER', { ko, en }, 400);
}

/** Checks a filter (from the control API's query or a caller) and answers the Korean method name it means. */
function checked(filter: PaymentFilter): { statuses: Set<string> | null; method: string | null } {
  const statuses =
    filter.status === undefined
      ? null
      : new Set(Array.isArray(filter.status) ? filter.status : [filter.status]);
  for (const s of statuses ?? [])
    if (!PAYMENT_STATUSES.includes(s))
      throw invalidFilter(
        `status는 ${PAYMENT_STATUSES.join(', ')} 중 하나여야 합니다: ${s}`,
        `status must be one of ${PAYMENT_STATUSES.join(', ')}: ${s}`,
      );
  let method: string | null = null;
  if (filter.method !== undefined) {
    const names = METHOD_NAMES as Record<string, string>;
    method =
      names[filter.method.toUpperCase()] ??
      (Object.values(names).includes(filter.method) ? filter.method : null);
    if (method === null)
      throw invalidFilter(
        `method는 ${Object.keys(names).join(', ')} 중 하나여야 합니다: ${filter.method}`,
        `method must be one of ${Object.keys(names).join(', ')}: ${filter.method}`,
      );
  }
  for (const key of ['from', 'to'] as const) {
    const day = filter[key];
    if (day !== undefined && (!DAY.test(day) || Number.isNaN(Date.parse(day))))
      throw invalidFilter(
        `${key}는 YYYY-MM-DD 형식의 날짜여야 합니다: ${day}`,
        `${key} must be a date as YYYY-MM-DD: ${day}`,
      );
  }
  return { statuses, method };
}

/** The payments a filter keeps, in the order they were made. */
export function filterPayments(payments: PaymentObject[], filter: PaymentFilter = {}): PaymentObject[] {
  const { statuses, method } = checked(filter);
  return payments.filter((p) => {
    const day = p.requestedAt.slice(0, 10); // requestedAt is KST (+09:00)
    return (
      (statuses === null || statuses.has(p.status)) &&
      (method === null || p.method === method) &&
      (filter.orderId === undefined || p.orderId.includes(filter.orderId)) &&
      (filter.from === undefined || day >= filter.from) &&
      (filter.to === undefined || day <= filter.to)
    );
  });
}

/** The filter of `GET /__emulator/payments?status=DONE,CANCELED&method=CARD&orderId=...&from=...&to=...`. */
export function filterFromQuery(query: URLSearchParams): PaymentFilter {
  const filter: PaymentFilter = {};
  const status = query.get('status');
  if (status !== null && status !== '') filter.status = status.split(',') as PaymentStatus[];
  for (const key of ['method', 'orderId', 'from', 'to'] as const) {
    const value = query.get(key);
    if (value !== null && value !== '') filter[key] = value;
  }
  checked(filter);
  return filter;
}

export type TimelineEntry =
  | { kind: 'status'; at: number; status: PaymentStatus }
  | { kind: 'transaction'; at: number; transactionKey: string; status: PaymentStatus; amount: number }
  | {
      kind: 'cancel';
      at: number;
      transactionKey: string;
      cancelAmount: number;
      cancelReason: string;
      cancelStatus: string;
    }
  | { kind: 'delivery'; at: number; delivery: Delivery };

export interface Timeline {
  payment: PaymentObject;
  entries: TimelineEntry[];
}

const KIND_ORDER = { status: 0, transaction: 1, cancel: 2, delivery: 3 } as const;

/** Whether a delivery's body is about this payment (DEPOSIT_CALLBACK names only the orderId, a cancel event its key). */
function concerns(d: Delivery, p: PaymentObject, cancelKeys: Set<string>): boolean {
  const data = (d.body['data'] ?? d.body) as Record<string, unknown>;
  if (typeof data['paymentKey'] === 'string') return data['paymentKey'] === p.paymentKey;
  if (d.eventType === 'CANCEL_STATUS_CHANGED')
    return typeof data['transactionKey'] === 'string' && cancelKeys.has(data['transactionKey']);
  return data['orderId'] === p.orderId;
}

/** A payment's story in emulator time, oldest first; undefined when there is no such payment. */
export function paymentTimeline(
  state: EmulatorState,
  deliveries: Delivery[],
  id: string,
): Timeline | undefined {
  const rec = state.find(id);
  if (rec === undefined) return undefined;
  const p = rec.payment;
  const entries: TimelineEntry[] = (rec.history ?? [{ at: rec.createdAt, status: p.status }]).map((h) => ({
    kind: 'status',
    ...h,
  }));
  const txAt = new Map<string, number>();
  for (const t of state.transactions) {
    if (t.paymentKey !== p.paymentKey) continue;
    txAt.set(t.transactionKey, t.at);
    entries.push({
      kind: 'transaction',
      at: t.at,
      transactionKey: t.transactionKey,
      status: t.status,
      amount: t.amount,
    });
  }
  const cancelKeys = new Set<string>();
  for (const c of p.cancels ?? []) {
    cancelKeys.add(c.transactionKey);
    entries.push({
      kind: 'cancel',
      at: txAt.get(c.transactionKey) ?? Date.parse(c.canceledAt),
      transactionKey: c.transactionKey,
      cancelAmount: c.cancelAmount,
      cancelReason: c.cancelReason,
      cancelStatus: c.cancelStatus,
    });
  }
  for (const d of deliveries)
    if (concerns(d, p, cancelKeys)) entries.push({ kind: 'delivery', at: d.createdAt, delivery: d });
  entries.sort((a, b) => a.at - b.at || KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
  return { payment: p, entries };
}
