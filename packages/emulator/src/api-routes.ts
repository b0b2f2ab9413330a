/**
 * The API's routes (docs.tosspayments.com/reference, version 2022-11-16): which path and method is which route,
 * and what each route asks of the state.
 */
import type { ApiRoute } from './faults.js';
import type { Answer } from './http-io.js';
import type { EmulatorState } from './state/index.js';

export interface RouteMatch {
  route: ApiRoute;
  param: string;
}

function decodeParam(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

/** Matches /v1/... paths by hand (a router is overhead at 5k req/s). */
export function matchRoute(method: string, path: string): RouteMatch | null {
  const seg = path.split('/');
  // seg[0] === '' and seg[1] === 'v1'
  const a = seg[2];
  const b = seg[3];
  const c = seg[4];
  const n = seg.length;
  const param = (raw: string | undefined): string | null =>
    raw === undefined || raw === '' ? null : decodeParam(raw);
  if (a === 'payments') {
    if (method === 'POST' && n === 4 && b === 'confirm') return { route: 'confirm', param: '' };
    if (method === 'POST' && n === 4 && b === 'key-in') return { route: 'keyIn', param: '' };
    if (method === 'GET' && n === 5 && b === 'orders') {
      const p = param(c);
      return p === null ? null : { route: 'getPaymentByOrderId', param: p };
    }
    if (method === 'GET' && n === 4) {
      const p = param(b);
      return p === null ? null : { route: 'getPayment', param: p };
    }
    if (method === 'POST' && n === 5 && c === 'cancel') {
      const p = param(b);
      return p === null ? null : { route: 'cancel', param: p };
    }
    return null;
  }
  if (a === 'virtual-accounts' && method === 'POST' && n === 3) return { route: 'virtualAccount', param: '' };
  if (a === 'billing') {
    if (method === 'POST' && n === 5 && b === 'authorizations' && c === 'issue')
      return { route: 'billingIssue', param: '' };
    if (method === 'POST' && n === 5 && b === 'authorizations' && c === 'card')
      return { route: 'billingCard', param: '' };
    const p = param(b);
    if (p !== null && n === 4 && method === 'POST') return { route: 'billingCharge', param: p };
    if (p !== null && n === 4 && method === 'DELETE') return { route: 'billingDelete', param: p };
    return null;
  }
  if (a === 'transactions' && method === 'GET' && n === 3) return { route: 'transactions', param: '' };
  if (a === 'settlements' && n === 3) {
    if (method === 'GET') return { route: 'settlements', param: '' };
    if (method === 'POST') return { route: 'settlementRequest', param: '' };
    return null;
  }
  if (a === 'cash-receipts') {
    if (n === 3 && method === 'POST') return { route: 'cashReceiptIssue', param: '' };
    if (n === 3 && method === 'GET') return { route: 'cashReceipts', param: '' };
    if (n === 5 && method === 'POST' && c === 'cancel') {
      const p = param(b);
      return p === null ? null : { route: 'cashReceiptCancel', param: p };
    }
    return null;
  }
  if (a === 'brandpay' && method === 'POST' && n === 5) {
    if (b === 'authorizations' && c === 'access-token') return { route: 'brandpayAccessToken', param: '' };
    if (b === 'payments' && c === 'confirm') return { route: 'brandpayConfirm', param: '' };
    return null;
  }
  if (a === 'promotions' && method === 'GET') {
    if (n === 3) return { route: 'promotions', param: '' };
    if (n === 4 && b === 'card') return { route: 'cardPromotions', param: '' };
  }
  return null;
}

export function runRoute(
  state: EmulatorState,
  m: RouteMatch,
  body: Record<string, unknown>,
  query: URLSearchParams,
  secretKey: string,
): Answer {
  const ok = (value: unknown): Answer => ({ status: 200, json: JSON.stringify(value), code: null });
  switch (m.route) {
    case 'confirm':
      return ok(state.confirm(body, secretKey));
    case 'getPayment':
      return { status: 200, json: state.getPaymentJson(m.param), code: null };
    case 'getPaymentByOrderId':
      return { status: 200, json: state.getPaymentJsonByOrderId(m.param), code: null };
    case 'cancel':
      return ok(state.cancel(m.param, body));
    case 'keyIn':
      return ok(state.keyIn(body));
    case 'virtualAccount':
      return ok(state.issueVirtualAccount(body));
    case 'billingIssue':
      return ok(state.issueBilling(body, secretKey));
    case 'billingCard':
      return ok(state.authorizeBillingCard(body, secretKey));
    case 'billingCharge':
      return ok(state.chargeBilling(m.param, body));
    case 'billingDelete':
      state.deleteBilling(m.param);
      return { status: 200, json: '', code: null };
    case 'transactions':
      return ok(state.listTransactions(query));
    case 'settlements':
      return ok(state.listSettlements(query));
    case 'settlementRequest':
      return ok(state.requestSettlement(body));
    case 'cashReceiptIssue':
      return ok(state.issueCashReceipt(body));
    case 'cashReceiptCancel':
      return ok(state.cancelCashReceipt(m.param, body));
    case 'cashReceipts':
      return ok(state.listCashReceipts(query));
    case 'promotions':
      return ok(state.listPromotions());
    case 'cardPromotions':
      return ok(state.cardPromotions());
    case 'brandpayAccessToken':
      return ok(state.brandpayAccessToken(body));
    case 'brandpayConfirm':
      return ok(state.brandpayConfirm(body, secretKey));
  }
}

/** The payment a payment-scoped call targets (for the consecutive-request rule). */
export function consecutiveTarget(state: EmulatorState, m: RouteMatch): { version: number } | undefined {
  if (m.route === 'getPayment' || m.route === 'cancel') return state.findByKey(m.param);
  if (m.route === 'getPaymentByOrderId') return state.findByOrderId(m.param);
  return undefined;
}
