import { z } from 'zod';
import { ANONYMOUS_CUSTOMER_KEY } from './enums.js';

// Field rules of spec §9. Messages are Korean (tosskit's default language) and name the field.

/**
 * The gateway's rule for each id tosskit takes from a request (a path, a query or a body, webhooks
 * included), checked before the id reaches the ledger or the gateway: orderId and customerKey have a
 * documented alphabet (spec §9, §1); the keys the gateway issues have only a documented length
 * (paymentKey, billingKey ≤200, authKey ≤300, transactionKey ≤64, receiptKey ≤200) and are printable
 * ASCII without spaces, which is what tosskit accepts: they go into URL paths, idempotency keys and
 * database text (which cannot hold a NUL; a lone UTF-16 surrogate cannot be URL-encoded).
 */
export const ID_PATTERNS = Object.freeze({
  orderId: /^[A-Za-z0-9_=-]{6,64}$/,
  customerKey: /^[A-Za-z0-9_=.@-]{2,50}$/,
  paymentKey: /^[\x21-\x7e]{1,200}$/,
  billingKey: /^[\x21-\x7e]{1,200}$/,
  authKey: /^[\x21-\x7e]{1,300}$/,
  transactionKey: /^[\x21-\x7e]{1,64}$/,
  receiptKey: /^[\x21-\x7e]{1,200}$/,
});
export type IdField = keyof typeof ID_PATTERNS;

/**
 * Text both the gateway and the ledger can keep: no NUL byte (PostgreSQL text and jsonb cannot hold one)
 * and no lone UTF-16 surrogate (not encodable as UTF-8). A cancel reason with a NUL was refunded by the
 * gateway and then could not be recorded: free text from a request is checked before anything is sent.
 */
export function isStorableText(text: string): boolean {
  // eslint-disable-next-line no-control-regex -- the NUL byte is exactly what is refused
  return !/\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

const storable = (field: string) =>
  [isStorableText, { error: `${field}에는 NUL 문자나 짝이 없는 서로게이트 문자를 쓸 수 없습니다.` }] as const;

/** Printable ASCII without spaces: the alphabet of the keys the gateway issues. */
const GATEWAY_KEY_ALPHABET = /^[\x21-\x7e]*$/;

/** 6–64 of `A-Z a-z 0-9 _ = -` (`=` is allowed by the v2 SDK and the English INVALID_ORDER_ID text). */
export const orderIdSchema = z
  .string({ error: 'orderId는 문자열이어야 합니다.' })
  .min(6, { error: 'orderId는 6자 이상이어야 합니다.' })
  .max(64, { error: 'orderId는 64자 이하여야 합니다.' })
  .regex(/^[A-Za-z0-9_=-]+$/, { error: 'orderId에는 영문 대소문자, 숫자, -, _, = 만 쓸 수 있습니다.' });

export const orderNameSchema = z
  .string({ error: 'orderName은 문자열이어야 합니다.' })
  .min(1, { error: 'orderName은 비어 있을 수 없습니다.' })
  .max(100, { error: 'orderName은 100자 이하여야 합니다.' })
  .refine(...storable('orderName'));

/**
 * 2–50 of `A-Z a-z 0-9 - _ = . @` (50 is the strictest of the documented limits), or
 * `@@ANONYMOUS` for a non-member widget payment (which the same rule already admits).
 */
export const customerKeySchema = z
  .string({ error: 'customerKey는 문자열이어야 합니다.' })
  .min(2, { error: 'customerKey는 2자 이상이어야 합니다.' })
  .max(50, { error: 'customerKey는 50자 이하여야 합니다.' })
  .regex(/^[A-Za-z0-9_=.@-]+$/, {
    error: 'customerKey에는 영문 대소문자, 숫자, -, _, =, ., @ 만 쓸 수 있습니다.',
  });

export const anonymousCustomerKeySchema = z.literal(ANONYMOUS_CUSTOMER_KEY);

export const paymentKeySchema = z
  .string({ error: 'paymentKey는 문자열이어야 합니다.' })
  .min(1, { error: 'paymentKey는 비어 있을 수 없습니다.' })
  .max(200, { error: 'paymentKey는 200자 이하여야 합니다.' })
  .regex(GATEWAY_KEY_ALPHABET, { error: 'paymentKey에는 공백 없는 영문, 숫자, 기호만 쓸 수 있습니다.' });

export const billingKeySchema = z
  .string({ error: 'billingKey는 문자열이어야 합니다.' })
  .min(1, { error: 'billingKey는 비어 있을 수 없습니다.' })
  .max(200, { error: 'billingKey는 200자 이하여야 합니다.' })
  .regex(GATEWAY_KEY_ALPHABET, { error: 'billingKey에는 공백 없는 영문, 숫자, 기호만 쓸 수 있습니다.' });

export const authKeySchema = z
  .string({ error: 'authKey는 문자열이어야 합니다.' })
  .min(1, { error: 'authKey는 비어 있을 수 없습니다.' })
  .max(300, { error: 'authKey는 300자 이하여야 합니다.' })
  .regex(GATEWAY_KEY_ALPHABET, { error: 'authKey에는 공백 없는 영문, 숫자, 기호만 쓸 수 있습니다.' });

/** The key of one approval or cancel transaction (`lastTransactionKey`, a cancel's `transactionKey`): ≤64. */
export const transactionKeySchema = z
  .string({ error: 'transactionKey는 문자열이어야 합니다.' })
  .min(1, { error: 'transactionKey는 비어 있을 수 없습니다.' })
  .max(64, { error: 'transactionKey는 64자 이하여야 합니다.' })
  .regex(GATEWAY_KEY_ALPHABET, {
    error: 'transactionKey에는 공백 없는 영문, 숫자, 기호만 쓸 수 있습니다.',
  });

/** Idempotency-Key header value: at most 300 characters (spec §5). */
export const idempotencyKeySchema = z
  .string()
  .min(1, { error: 'Idempotency-Key는 비어 있을 수 없습니다.' })
  .max(300, { error: 'Idempotency-Key는 300자 이하여야 합니다.' });

export const METADATA_MAX_KEYS = 5;
export const METADATA_KEY_MAX_LENGTH = 40;
export const METADATA_VALUE_MAX_LENGTH = 2000;

/** ≤5 pairs; key ≤40 chars without `[` or `]`; value ≤2000 chars. */
export const metadataSchema = z
  .record(
    z
      .string()
      .max(METADATA_KEY_MAX_LENGTH, { error: `metadata 키는 ${METADATA_KEY_MAX_LENGTH}자 이하여야 합니다.` })
      .regex(/^[^[\]]*$/, { error: 'metadata 키에는 [ 와 ] 를 쓸 수 없습니다.' }),
    z.string().max(METADATA_VALUE_MAX_LENGTH, {
      error: `metadata 값은 ${METADATA_VALUE_MAX_LENGTH}자 이하여야 합니다.`,
    }),
  )
  .refine((m) => Object.keys(m).length <= METADATA_MAX_KEYS, {
    error: `metadata는 ${METADATA_MAX_KEYS}개 이하의 키만 가질 수 있습니다.`,
  });
export type Metadata = z.infer<typeof metadataSchema>;

/** 8–15 digits, no `-`. */
export const customerMobilePhoneSchema = z
  .string()
  .regex(/^[0-9]{8,15}$/, { error: 'customerMobilePhone은 - 없이 숫자 8~15자리여야 합니다.' });

export const customerEmailSchema = z
  .string()
  .max(100, { error: 'customerEmail은 100자 이하여야 합니다.' })
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, { error: 'customerEmail 형식이 올바르지 않습니다.' });

export const customerNameSchema = z
  .string()
  .min(1, { error: 'customerName은 비어 있을 수 없습니다.' })
  .max(100, { error: 'customerName은 100자 이하여야 합니다.' })
  .refine(...storable('customerName'));

export const cancelReasonSchema = z
  .string({ error: 'cancelReason은 문자열이어야 합니다.' })
  .min(1, { error: 'cancelReason은 비어 있을 수 없습니다.' })
  .max(200, { error: 'cancelReason은 200자 이하여야 합니다.' })
  .refine(...storable('cancelReason'));

/** A bank given as a code (`06`) or a name (`국민`): requests accept both. */
export const bankSchema = z
  .string({ error: 'bank는 문자열이어야 합니다.' })
  .min(1, { error: 'bank는 비어 있을 수 없습니다.' })
  .max(20, { error: 'bank는 20자 이하여야 합니다.' })
  .refine(...storable('bank'));

export const accountNumberSchema = z
  .string({ error: 'accountNumber는 문자열이어야 합니다.' })
  .regex(/^[0-9]{1,20}$/, { error: 'accountNumber는 - 없이 숫자 20자리 이하여야 합니다.' });

export const holderNameSchema = z
  .string({ error: 'holderName은 문자열이어야 합니다.' })
  .min(1, { error: 'holderName은 비어 있을 수 없습니다.' })
  .max(60, { error: 'holderName은 60자 이하여야 합니다.' })
  .refine(...storable('holderName'));

export const cardNumberSchema = z
  .string()
  .regex(/^[0-9]{1,20}$/, { error: 'cardNumber는 숫자 20자리 이하여야 합니다.' });
export const cardExpirationYearSchema = z
  .string()
  .regex(/^[0-9]{2}$/, { error: 'cardExpirationYear는 숫자 2자리(YY)여야 합니다.' });
export const cardExpirationMonthSchema = z
  .string()
  .regex(/^(0[1-9]|1[0-2])$/, { error: 'cardExpirationMonth는 01~12의 숫자 2자리여야 합니다.' });
export const cardPasswordSchema = z
  .string()
  .regex(/^[0-9]{2}$/, { error: 'cardPassword는 비밀번호 앞 2자리 숫자여야 합니다.' });
/** Birth date `YYMMDD` or a 10-digit business registration number. */
export const cardCustomerIdentityNumberSchema = z.string().regex(/^([0-9]{6}|[0-9]{10})$/, {
  error: 'customerIdentityNumber는 생년월일 6자리 또는 사업자등록번호 10자리여야 합니다.',
});
/** 0 (lump sum) or 2–12 months. */
export const cardInstallmentPlanSchema = z
  .int()
  .refine((n) => n === 0 || (n >= 2 && n <= 12), { error: 'cardInstallmentPlan은 0 또는 2~12여야 합니다.' });
