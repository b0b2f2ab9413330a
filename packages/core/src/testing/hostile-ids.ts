/**
 * Hostile ids on every route of the payment handler: NUL bytes, lone UTF-16 surrogates, 10,000-character ids,
 * other alphabets, in each path parameter, query parameter, JSON body field and webhook field that carries
 * an id. Shared by the handler's fuzz test (memory ledger) and the PostgreSQL run in @tosskit/ledger: every
 * one must be answered 4xx with the field's UPPER_SNAKE code before anything reaches the ledger, the shop's
 * orderLookup or the gateway (the two fail routes, a buyer's landing pages, answer 200 and drop the id).
 */

/** Values that are no id of any kind: each is refused by every field's rule (ID_PATTERNS). */
export const HOSTILE_IDS: readonly string[] = Object.freeze([
  'order\u0000nul',
  '\u0000\u0000\u0000\u0000\u0000\u0000',
  'order-\uD800-lone',
  '\uDC00order-low',
  'x'.repeat(10_000),
  '주문번호-20260101',
  'order id with spaces',
  'order\r\nX-Injected: 1',
  'order\u0007bell\u001b[0m',
  '\uFEFForder-123456',
  'order\u202Eevil-123',
  '😀😀😀😀😀😀',
]);

/** Printable but odd values: some are well-formed for a field (then an ordinary 4xx such as a 404). */
export const ODD_IDS: readonly string[] = Object.freeze([
  '../../../etc/passwd',
  "order' OR '1'='1",
  '<script>alert(1)</script>',
  'order%00nul',
  '%ED%A0%80',
  '{"$ne":null}',
]);

/** One request of the table: `path` is under the handler's basePath ('/payments'), already encoded. */
export interface HostileIdRequest {
  /** e.g. `GET /payments/:paymentKey`, `POST /webhook DEPOSIT_CALLBACK orderId` */
  label: string;
  field: string;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
  /**
   * The code a value refused by the field's rule gets; `null` for the fail routes, which answer 200 and
   * keep the id out of their answer.
   */
  code: string | null;
}

/** What the table needs of the shop under test: real, known ids, so only the hostile value is wrong. */
export interface HostileIdContext {
  paymentKey: string;
  orderId: string;
  receiptKey: string;
  customerKey: string;
  /** `Bearer <token>` of an operator (owner) for the cancel, charge and cash-receipt routes */
  authorization: string;
}

/**
 * Percent-encodes any JavaScript string for a URL, lone surrogates included: `encodeURIComponent` throws
 * on those, so they go out as the three bytes a careless encoder would send (ED A0 80 for U+D800).
 */
export function encodeAnyString(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i += 1) {
    const unit = value.charCodeAt(i);
    const next = value.charCodeAt(i + 1);
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(value.slice(i, i + 2));
      i += 1;
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join('');
    } else {
      out += encodeURIComponent(value[i]!);
    }
  }
  return out;
}

function query(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([name, value]) => `${name}=${encodeAnyString(value)}`)
    .join('&');
}

/** Every route input that carries an id, with `value` in it and real ids everywhere else. */
export function hostileIdRequests(known: HostileIdContext, value: string): HostileIdRequest[] {
  return [
    ...confirmRequests(known, value),
    ...paymentRequests(known, value),
    ...webhookRequests(known, value),
    ...billingRequests(known, value),
    ...cashReceiptRequests(known, value),
  ];
}

function body(value: unknown): string {
  return JSON.stringify(value);
}

/** The confirm, from the success URL and as JSON, and the fail route. */
function confirmRequests(known: HostileIdContext, value: string): HostileIdRequest[] {
  const json = { 'content-type': 'application/json', accept: 'application/json' };
  const amount = '15000';
  const requests: HostileIdRequest[] = [];
  const add = (request: HostileIdRequest): void => void requests.push(request);
  add({
    label: 'GET /success ?paymentKey',
    field: 'paymentKey',
    method: 'GET',
    path: `/success?${query({ paymentKey: value, orderId: known.orderId, amount })}`,
    headers: { accept: 'application/json' },
    code: 'INVALID_PAYMENT_KEY',
  });
  add({
    label: 'GET /success ?orderId',
    field: 'orderId',
    method: 'GET',
    path: `/success?${query({ paymentKey: known.paymentKey, orderId: value, amount })}`,
    headers: { accept: 'application/json' },
    code: 'INVALID_ORDER_ID',
  });
  add({
    label: 'POST /confirm paymentKey',
    field: 'paymentKey',
    method: 'POST',
    path: '/confirm',
    headers: json,
    body: body({ paymentKey: value, orderId: known.orderId, amount: 15000 }),
    code: 'INVALID_PAYMENT_KEY',
  });
  add({
    label: 'POST /confirm orderId',
    field: 'orderId',
    method: 'POST',
    path: '/confirm',
    headers: json,
    body: body({ paymentKey: known.paymentKey, orderId: value, amount: 15000 }),
    code: 'INVALID_ORDER_ID',
  });
  add({
    label: 'GET /fail ?orderId',
    field: 'orderId',
    method: 'GET',
    path: `/fail?${query({ code: 'PAY_PROCESS_CANCELED', message: '취소', orderId: value })}`,
    headers: { accept: 'application/json' },
    code: null,
  });
  return requests;
}

/** The payment view and the cancel. */
function paymentRequests(known: HostileIdContext, value: string): HostileIdRequest[] {
  const json = { 'content-type': 'application/json', accept: 'application/json' };
  const operator = { ...json, authorization: known.authorization };
  const requests: HostileIdRequest[] = [];
  const add = (request: HostileIdRequest): void => void requests.push(request);
  add({
    label: 'GET /payments/:paymentKey',
    field: 'paymentKey',
    method: 'GET',
    path: `/payments/${encodeAnyString(value)}`,
    headers: { accept: 'application/json' },
    code: 'INVALID_PAYMENT_KEY',
  });
  add({
    label: 'POST /payments/:paymentKey/cancel',
    field: 'paymentKey',
    method: 'POST',
    path: `/payments/${encodeAnyString(value)}/cancel`,
    headers: operator,
    body: body({ cancelReason: '고객 요청' }),
    code: 'INVALID_PAYMENT_KEY',
  });
  return requests;
}

/** Webhooks: every id a delivery carries. */
function webhookRequests(known: HostileIdContext, value: string): HostileIdRequest[] {
  const requests: HostileIdRequest[] = [];
  const add = (request: HostileIdRequest): void => void requests.push(request);
  const webhook = (label: string, field: string, payload: unknown): void =>
    add({
      label: `POST /webhook ${label}`,
      field,
      method: 'POST',
      path: '/webhook',
      headers: { 'content-type': 'application/json' },
      body: body(payload),
      code: 'INVALID_WEBHOOK_BODY',
    });
  const statusChanged = (data: Record<string, unknown>, createdAt = '2026-01-01T10:00:00.000000') => ({
    eventType: 'PAYMENT_STATUS_CHANGED',
    createdAt,
    data: { paymentKey: known.paymentKey, orderId: known.orderId, status: 'DONE', ...data },
  });
  webhook('PAYMENT_STATUS_CHANGED data.paymentKey', 'paymentKey', statusChanged({ paymentKey: value }));
  webhook('PAYMENT_STATUS_CHANGED data.orderId', 'orderId', statusChanged({ orderId: value }));
  webhook(
    'PAYMENT_STATUS_CHANGED data.lastTransactionKey',
    'transactionKey',
    statusChanged({ lastTransactionKey: value }),
  );
  // createdAt is no id: any printable ASCII up to 64 characters passes (the gateway's formats vary)
  const timeLike = /^[\x20-\x7e]{1,64}$/.test(value);
  if (!timeLike) webhook('PAYMENT_STATUS_CHANGED createdAt', 'createdAt', statusChanged({}, value));
  const deposit = { secret: 'ps_not_the_secret', status: 'DONE', orderId: known.orderId };
  webhook('DEPOSIT_CALLBACK orderId', 'orderId', { ...deposit, orderId: value });
  webhook('DEPOSIT_CALLBACK transactionKey', 'transactionKey', { ...deposit, transactionKey: value });
  if (!timeLike) webhook('DEPOSIT_CALLBACK createdAt', 'createdAt', { ...deposit, createdAt: value });
  const cancel = {
    cancelAmount: 1000,
    cancelReason: '고객 요청',
    taxFreeAmount: 0,
    refundableAmount: 0,
    canceledAt: '2026-01-01T10:00:00+09:00',
    transactionKey: 'txrd_a01kaj00e2mrrpmscg7w050d8g7',
    cancelStatus: 'DONE',
    paymentKey: known.paymentKey,
  };
  webhook('CANCEL_STATUS_CHANGED data.paymentKey', 'paymentKey', {
    eventType: 'CANCEL_STATUS_CHANGED',
    data: { ...cancel, paymentKey: value },
  });
  webhook('CANCEL_STATUS_CHANGED data.transactionKey', 'transactionKey', {
    eventType: 'CANCEL_STATUS_CHANGED',
    data: { ...cancel, transactionKey: value },
  });
  webhook('CANCEL_STATUS_CHANGED data.cancelStatus', 'cancelStatus', {
    eventType: 'CANCEL_STATUS_CHANGED',
    data: { ...cancel, cancelStatus: value },
  });
  webhook('BILLING_DELETED data.billingKey', 'billingKey', {
    eventType: 'BILLING_DELETED',
    data: { billingKey: value, reason: '삭제 API 요청' },
  });
  return requests;
}

/** Billing: the success and fail routes and the charge. */
function billingRequests(known: HostileIdContext, value: string): HostileIdRequest[] {
  const json = { 'content-type': 'application/json', accept: 'application/json' };
  const operator = { ...json, authorization: known.authorization };
  const requests: HostileIdRequest[] = [];
  const add = (request: HostileIdRequest): void => void requests.push(request);
  add({
    label: 'GET /billing/success ?customerKey',
    field: 'customerKey',
    method: 'GET',
    path: `/billing/success?${query({ customerKey: value, authKey: 'bln_authkey_0123456789' })}`,
    headers: { accept: 'application/json' },
    code: 'INVALID_CUSTOMER_KEY',
  });
  add({
    label: 'GET /billing/success ?authKey',
    field: 'authKey',
    method: 'GET',
    path: `/billing/success?${query({ customerKey: known.customerKey, authKey: value })}`,
    headers: { accept: 'application/json' },
    code: 'INVALID_AUTH_KEY',
  });
  add({
    label: 'GET /billing/fail ?customerKey',
    field: 'customerKey',
    method: 'GET',
    path: `/billing/fail?${query({ code: 'PAY_PROCESS_CANCELED', message: '취소', customerKey: value })}`,
    headers: { accept: 'application/json' },
    code: null,
  });
  const charge = { customerKey: known.customerKey, orderId: known.orderId, amount: 15000, orderName: '정기' };
  add({
    label: 'POST /billing/charge customerKey',
    field: 'customerKey',
    method: 'POST',
    path: '/billing/charge',
    headers: operator,
    body: body({ ...charge, customerKey: value }),
    code: 'INVALID_CUSTOMER_KEY',
  });
  add({
    label: 'POST /billing/charge orderId',
    field: 'orderId',
    method: 'POST',
    path: '/billing/charge',
    headers: operator,
    body: body({ ...charge, orderId: value }),
    code: 'INVALID_ORDER_ID',
  });
  return requests;
}

/** Cash receipts: the list, the issue and the cancel. */
function cashReceiptRequests(known: HostileIdContext, value: string): HostileIdRequest[] {
  const json = { 'content-type': 'application/json', accept: 'application/json' };
  const operator = { ...json, authorization: known.authorization };
  const requests: HostileIdRequest[] = [];
  const add = (request: HostileIdRequest): void => void requests.push(request);
  add({
    label: 'GET /cash-receipts ?orderId',
    field: 'orderId',
    method: 'GET',
    path: `/cash-receipts?${query({ orderId: value })}`,
    headers: { ...operator },
    code: 'INVALID_ORDER_ID',
  });
  const receipt = { type: '소득공제', customerIdentityNumber: '010-000-1234' };
  add({
    label: 'POST /cash-receipts orderId',
    field: 'orderId',
    method: 'POST',
    path: '/cash-receipts',
    headers: operator,
    body: body({ ...receipt, orderId: value }),
    code: 'INVALID_ORDER_ID',
  });
  add({
    label: 'POST /cash-receipts paymentKey',
    field: 'paymentKey',
    method: 'POST',
    path: '/cash-receipts',
    headers: operator,
    body: body({ ...receipt, paymentKey: value }),
    code: 'INVALID_PAYMENT_KEY',
  });
  add({
    label: 'POST /cash-receipts/:receiptKey/cancel',
    field: 'receiptKey',
    method: 'POST',
    path: `/cash-receipts/${encodeAnyString(value)}/cancel`,
    headers: operator,
    body: body({}),
    code: 'INVALID_RECEIPT_KEY',
  });
  return requests;
}

/** True when `text` holds what no ledger or gateway call may receive: a NUL byte or a lone surrogate. */
export function holdsUnstorableText(text: string): boolean {
  // eslint-disable-next-line no-control-regex -- the NUL byte is exactly what is looked for
  return /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

/** An UPPER_SNAKE error code. */
export const UPPER_SNAKE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;
