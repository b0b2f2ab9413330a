/**
 * The arbitraries of the adapter fuzz suite (fast-check): request bodies, and methods, path keys, queries and
 * headers, biased towards the known ids of the fuzzed shop so the routes get past their first checks.
 */
type FastCheck = typeof import('fast-check');

/** Any generated value as text (fast-check may build objects without a prototype, which String() refuses). */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return '';
  }
}

/** The ids of the fuzzed shop: known orders, payments and receipts. */
export interface FuzzPools {
  orderIds: string[];
  paymentKeys: string[];
  receiptKeys: string[];
}

/** Texts, amounts, field names and bodies (JSON, webhook-shaped, form-encoded, raw bytes). */
export function bodyArbitraries(fc: FastCheck, { orderIds, paymentKeys, receiptKeys }: FuzzPools) {
  const text = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.constantFrom(
      ...orderIds,
      ...paymentKeys,
      ...receiptKeys,
      '',
      ' ',
      '0',
      '-1',
      '1e3',
      '15000.5',
      'NaN',
      '9'.repeat(30),
      '%',
      '../',
      '<script>',
      '소득공제',
      '지출증빙',
      '010-000-1234',
    ),
  );
  // never the true amount of a known order: a fuzzed request must not be a valid confirm
  const amount = fc.oneof(
    fc.integer().filter((n) => n !== 15_000),
    fc.double(),
    fc.constantFrom('15000원', '1,5000', '0x3a98', null, [], {}),
  );
  const value = fc.oneof(text, amount, fc.boolean(), fc.constant(null));
  const field = fc.constantFrom(
    'paymentKey',
    'orderId',
    'amount',
    'code',
    'message',
    'cancelReason',
    'cancelAmount',
    'eventType',
    'data',
    'secret',
    'status',
    'transactionKey',
    'createdAt',
    'authKey',
    'customerKey',
    'paymentType',
    'orderName',
    'refundReceiveAccount',
    'type',
    'customerIdentityNumber',
    'taxFreeAmount',
    '__proto__',
    'constructor',
  );
  const object = fc.dictionary(
    fc.oneof(field, fc.string({ maxLength: 10 })),
    fc.oneof(value, fc.dictionary(field, value, { maxKeys: 4 })),
    {
      maxKeys: 8,
    },
  );
  const webhookObject = fc.record({
    eventType: fc.constantFrom(
      'PAYMENT_STATUS_CHANGED',
      'DEPOSIT_CALLBACK',
      'CANCEL_STATUS_CHANGED',
      'BILLING_DELETED',
      'UNKNOWN_EVENT',
    ),
    createdAt: text,
    data: fc.oneof(object, fc.record({ paymentKey: text, status: text, orderId: text, secret: text })),
  });
  const body = fc.oneof(
    fc.constant(undefined),
    object.map((o) => JSON.stringify(o)),
    webhookObject.map((o) => JSON.stringify(o)),
    fc
      .record({ secret: text, status: text, orderId: text, transactionKey: text, createdAt: text })
      .map((o) => JSON.stringify(o)),
    object.map((o) => new URLSearchParams(Object.entries(o).map(([k, v]) => [k, asText(v)])).toString()),
    fc.string({ maxLength: 200 }),
    fc.uint8Array({ maxLength: 200 }),
  );
  return { text, amount, field, body };
}

/** Methods (mostly the route's own), path keys, query strings and headers. */
export function requestArbitraries(
  fc: FastCheck,
  routeMethod: string,
  pathKeys: string[],
  { text, amount, field }: Pick<ReturnType<typeof bodyArbitraries>, 'text' | 'amount' | 'field'>,
) {
  const headerValue = fc.stringMatching(/^[\x20-\x7e]{0,60}$/);
  const headers = fc.record(
    {
      'content-type': fc.oneof(
        fc.constantFrom(
          'application/json',
          'application/json; charset=utf-8',
          'application/x-www-form-urlencoded',
          'text/plain',
          'multipart/form-data; boundary=x',
          'application/octet-stream',
          'application/json; charset=euc-kr',
          '*/*',
        ),
        headerValue,
      ),
      'accept-language': fc.oneof(
        fc.constantFrom('en', 'ko-KR', 'en-US,en;q=0.9', '*', 'en;q=abc'),
        headerValue,
      ),
      accept: fc.oneof(fc.constantFrom('application/json', 'text/html', '*/*'), headerValue),
      authorization: fc.oneof(
        fc.constant('Bearer '),
        headerValue.map((v) => `Bearer ${v}`),
        headerValue,
      ),
      'idempotency-key': headerValue,
      'x-forwarded-proto': headerValue,
      'x-forwarded-host': headerValue,
      host: fc.oneof(
        fc.constant('shop.example'),
        headerValue.filter((v) => v.trim() !== ''),
      ),
    },
    { requiredKeys: [] },
  );
  const method = fc.oneof(
    { weight: 3, arbitrary: fc.constant(routeMethod) },
    {
      weight: 2,
      arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'TRACE'),
    },
  );
  const key = fc.oneof(fc.constantFrom(...pathKeys), fc.stringMatching(/^[A-Za-z0-9_%.~-]{0,300}$/));
  const query = fc.dictionary(
    fc.oneof(field, fc.string({ maxLength: 8 })),
    fc.oneof(text, amount.map(asText)),
    { maxKeys: 6 },
  );

  return { method, key, query, headers };
}
