import { z } from 'zod';
import { cancelSchema } from './cancel.js';
import { openEnum } from './common.js';
import { PAYOUT_STATUSES, SELLER_STATUSES } from './enums.js';
import { billingKeySchema, orderIdSchema, paymentKeySchema, transactionKeySchema } from './fields.js';
import { paymentSchema, paymentStatusSchema, type Payment } from './payment.js';
import { modelValidationError } from './validation.js';

// Webhook bodies of spec §8.2. Payment events carry no signature; only payout.changed and
// seller.changed are signed (verified elsewhere, over the raw body).
//
// A webhook body is input like any request: the ids and the other values tosskit looks up, sends to the
// gateway or keeps as a dedupe key (payment and order ids, transaction and billing keys, the event's
// createdAt and statuses) follow the gateway's field rules (fields.ts), so a NUL byte, a lone surrogate or
// a 10,000-character id is a 400 INVALID_WEBHOOK_BODY before any ledger or gateway call.

/** The event time (`yyyy-MM-dd'T'HH:mm:ss.SSSSSS`, v2 events with an offset): printable ASCII, bounded. */
const webhookTimeSchema = z
  .string()
  .regex(/^[\x20-\x7e]{1,64}$/, { error: '웹훅 createdAt은 64자 이하의 날짜·시각 문자열이어야 합니다.' });

/** An UPPER_SNAKE status as the gateway writes them (a cancel's cancelStatus). */
const webhookStatusSchema = z
  .string()
  .regex(/^[A-Z0-9_]{1,64}$/, { error: '웹훅 상태 값은 64자 이하의 영문 대문자, 숫자, _ 여야 합니다.' });

/**
 * `data` of PAYMENT_STATUS_CHANGED. The gateway sends a whole Payment, but older deliveries (seed 004)
 * carried only `{ paymentKey, orderId, status }`: those three are required, the rest is checked when
 * present. `parseWebhookBody` says whether the data is a complete Payment.
 */
export const webhookPaymentSchema = paymentSchema.partial().extend({
  paymentKey: paymentKeySchema,
  orderId: orderIdSchema,
  status: paymentStatusSchema,
  lastTransactionKey: transactionKeySchema.nullish(),
  transactionKey: transactionKeySchema.nullish(),
});
export type WebhookPayment = z.infer<typeof webhookPaymentSchema>;

/** `{ eventType, createdAt, data: Payment }`; createdAt is `yyyy-MM-dd'T'HH:mm:ss.SSSSSS` with no offset (KST). */
export const paymentStatusChangedWebhookSchema = z.looseObject({
  eventType: z.literal('PAYMENT_STATUS_CHANGED'),
  createdAt: webhookTimeSchema.optional(),
  data: webhookPaymentSchema,
});
export type PaymentStatusChangedWebhook = z.infer<typeof paymentStatusChangedWebhookSchema>;

/**
 * Virtual-account callback: a FLAT body `{ createdAt, secret, status, transactionKey, orderId }`,
 * no `eventType`, no `data`. `secret` must equal the payment's stored secret. Older deliveries lack
 * createdAt and transactionKey.
 */
export const depositCallbackWebhookSchema = z.looseObject({
  eventType: z.literal('DEPOSIT_CALLBACK').optional(),
  createdAt: webhookTimeSchema.optional(),
  secret: z.string().min(1),
  status: paymentStatusSchema,
  transactionKey: transactionKeySchema.nullish(),
  orderId: orderIdSchema,
});
export type DepositCallbackWebhook = z.infer<typeof depositCallbackWebhookSchema>;

/** Foreign easy pay cancel finished or failed: `{ eventType, createdAt, data: Cancel }`. */
export const cancelStatusChangedWebhookSchema = z.looseObject({
  eventType: z.literal('CANCEL_STATUS_CHANGED'),
  createdAt: webhookTimeSchema.optional(),
  data: cancelSchema.extend({
    transactionKey: transactionKeySchema,
    cancelStatus: webhookStatusSchema.optional(),
    /** Sent by the gateway with the cancel; tosskit re-fetches the payment by it. */
    paymentKey: paymentKeySchema.optional(),
  }),
});
export type CancelStatusChangedWebhook = z.infer<typeof cancelStatusChangedWebhookSchema>;

export const billingDeletedWebhookSchema = z.looseObject({
  eventType: z.literal('BILLING_DELETED'),
  createdAt: webhookTimeSchema.optional(),
  data: z.looseObject({
    billingKey: billingKeySchema,
    /** e.g. "삭제 API 요청". */
    reason: z.string().nullish(),
  }),
});
export type BillingDeletedWebhook = z.infer<typeof billingDeletedWebhookSchema>;

/** Payout of the v2 payouts API, as carried by payout.changed. */
export const payoutSchema = z.looseObject({
  id: z.string(),
  refPayoutId: z.string().nullish(),
  destination: z.string().nullish(),
  scheduleType: z.string().nullish(),
  payoutDate: z.string().nullish(),
  amount: z.looseObject({ currency: z.string(), value: z.number() }).nullish(),
  transactionDescription: z.string().nullish(),
  requestedAt: z.string().nullish(),
  status: openEnum(PAYOUT_STATUSES),
  error: z.looseObject({ code: z.string().optional(), message: z.string().optional() }).nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
});
/** A payout, as the `payout.changed` webhook reports it. */
export type Payout = z.infer<typeof payoutSchema>;

/** Seller of the v2 payouts API, as carried by seller.changed. */
export const sellerSchema = z.looseObject({
  id: z.string(),
  refSellerId: z.string().nullish(),
  businessType: z.string().nullish(),
  status: openEnum(SELLER_STATUSES),
  metadata: z.record(z.string(), z.unknown()).nullish(),
});
/** A seller, as the `seller.changed` webhook reports it. */
export type Seller = z.infer<typeof sellerSchema>;

const v2EnvelopeShape = {
  /** With an offset (`±hh:mm`), unlike the payment events. */
  createdAt: z.string(),
  version: z.string().optional(),
  eventId: z.string().optional(),
};

export const payoutChangedWebhookSchema = z.looseObject({
  eventType: z.literal('payout.changed'),
  ...v2EnvelopeShape,
  entityType: z.literal('payout'),
  entityBody: payoutSchema,
});
/** The signed `payout.changed` webhook body. */
export type PayoutChangedWebhook = z.infer<typeof payoutChangedWebhookSchema>;

export const sellerChangedWebhookSchema = z.looseObject({
  eventType: z.literal('seller.changed'),
  ...v2EnvelopeShape,
  entityType: z.literal('seller'),
  entityBody: sellerSchema,
});
/** The signed `seller.changed` webhook body. */
export type SellerChangedWebhook = z.infer<typeof sellerChangedWebhookSchema>;

export type WebhookKind =
  | 'PAYMENT_STATUS_CHANGED'
  | 'DEPOSIT_CALLBACK'
  | 'CANCEL_STATUS_CHANGED'
  | 'BILLING_DELETED'
  | 'PAYOUT_CHANGED'
  | 'SELLER_CHANGED'
  | 'UNKNOWN';

/** A webhook body recognised by parseWebhookBody: its kind and its parsed data. */
export type ParsedWebhook =
  | {
      kind: 'PAYMENT_STATUS_CHANGED';
      body: PaymentStatusChangedWebhook;
      /** The data as a complete Payment, or null when the delivery carried only part of one (re-fetch it). */
      payment: Payment | null;
    }
  | { kind: 'DEPOSIT_CALLBACK'; body: DepositCallbackWebhook }
  | { kind: 'CANCEL_STATUS_CHANGED'; body: CancelStatusChangedWebhook }
  | { kind: 'BILLING_DELETED'; body: BillingDeletedWebhook }
  | { kind: 'PAYOUT_CHANGED'; body: PayoutChangedWebhook }
  | { kind: 'SELLER_CHANGED'; body: SellerChangedWebhook }
  | {
      kind: 'UNKNOWN';
      body: Record<string, unknown>;
      /** The eventType as sent (e.g. METHOD_UPDATED), or null when the body has none. */
      eventType: string | null;
    };

/** Error code of a malformed webhook body (a ValidationError, status 400). */
export const INVALID_WEBHOOK_BODY = 'INVALID_WEBHOOK_BODY';

function invalid(error: z.ZodError): never {
  throw modelValidationError(error, INVALID_WEBHOOK_BODY);
}

function parseWith<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body);
  if (!result.success) invalid(result.error);
  return result.data;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Recognise and validate a webhook body (an object, or its JSON text).
 *
 * Recognition: `eventType` names the event; a body without `eventType` that has any of
 * `secret`/`transactionKey`/`status` is a DEPOSIT_CALLBACK (the only flat event). Events tosskit
 * does not model (METHOD_UPDATED, CUSTOMER_STATUS_CHANGED, anything new) come back as `UNKNOWN`
 * with the body untouched.
 *
 * THROWS (does not return an error result) when the body is not a JSON object or a known event
 * is malformed: a `ValidationError` (400) with code `INVALID_WEBHOOK_BODY` and
 * `details.issues: {path, message}[]` with paths such as `data.status`. Unknown fields are kept.
 */
export function parseWebhookBody(body: unknown): ParsedWebhook {
  let value = body;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      invalid(
        new z.ZodError([{ code: 'custom', path: [], message: '웹훅 본문이 JSON이 아닙니다.', input: body }]),
      );
    }
  }
  if (!isPlainObject(value)) {
    invalid(
      new z.ZodError([
        { code: 'custom', path: [], message: '웹훅 본문은 JSON 객체여야 합니다.', input: value },
      ]),
    );
  }

  const eventType = value['eventType'];
  switch (eventType) {
    case 'PAYMENT_STATUS_CHANGED': {
      const parsed = parseWith(paymentStatusChangedWebhookSchema, value);
      const full = paymentSchema.safeParse(value['data']);
      return { kind: 'PAYMENT_STATUS_CHANGED', body: parsed, payment: full.success ? full.data : null };
    }
    case 'DEPOSIT_CALLBACK':
      return { kind: 'DEPOSIT_CALLBACK', body: parseWith(depositCallbackWebhookSchema, value) };
    case 'CANCEL_STATUS_CHANGED':
      return { kind: 'CANCEL_STATUS_CHANGED', body: parseWith(cancelStatusChangedWebhookSchema, value) };
    case 'BILLING_DELETED':
      return { kind: 'BILLING_DELETED', body: parseWith(billingDeletedWebhookSchema, value) };
    case 'payout.changed':
      return { kind: 'PAYOUT_CHANGED', body: parseWith(payoutChangedWebhookSchema, value) };
    case 'seller.changed':
      return { kind: 'SELLER_CHANGED', body: parseWith(sellerChangedWebhookSchema, value) };
    case undefined:
      if ('secret' in value || 'transactionKey' in value || 'status' in value) {
        return { kind: 'DEPOSIT_CALLBACK', body: parseWith(depositCallbackWebhookSchema, value) };
      }
      return { kind: 'UNKNOWN', body: value, eventType: null };
    default:
      return {
        kind: 'UNKNOWN',
        body: value,
        eventType: typeof eventType === 'string' ? eventType : String(eventType),
      };
  }
}
