/**
 * What a log line may carry. `redactSecrets` keeps key shapes out of answers; a log line sees more (a shop's
 * thrown error, a gateway cause, a stack), so it gets a wider net: the handler's own secrets by value, card and
 * resident registration numbers by shape (a card number must pass the Luhn check), virtual-account secrets
 * (`ps_…`), long opaque tokens such as billing keys in free text, and fields whose name says they hold a secret.
 */
import { REDACTED, redactSecrets } from './redact.js';

/** Field names whose value is never logged, whatever it looks like (compared without case, `_` or `-`). */
const SECRET_FIELD_NAMES = new Set(
  [
    'secretKey',
    'securityKey',
    'authorization',
    'billingKey',
    'secret',
    'cardNumber',
    'cardPassword',
    'cardExpirationYear',
    'cardExpirationMonth',
    'customerIdentityNumber',
    'identityNumber',
    'registrationNumber',
    'password',
    'encryptionKey',
    'connectionString',
  ].map((name) => name.toLowerCase()),
);

const VIRTUAL_ACCOUNT_SECRET = /\bps_[A-Za-z0-9]{12,}/g;
// 6 digits (birth date), a dash or not, then the 7 digits that start with the century/sex digit; standing alone
// (not inside an id such as `order-1796410491968-1`)
const RESIDENT_NUMBER = /(?<![\w-])\d{6}-?[1-8]\d{6}(?![\w-])/g;
// 14 to 19 digits (never a 13-digit epoch-ms time), optionally in groups split by one space or dash, standing alone
const CARD_NUMBER_CANDIDATE = /(?<![\w-])\d(?:[ -]?\d){13,18}(?![\w-])/g;
// 40+ characters of a key alphabet with no path separator and not only hex (a uuid, a hash): a billing key
const OPAQUE_TOKEN = /(?<![A-Za-z0-9_=+-])(?=[A-Za-z0-9_=+-]*[g-zG-Z_=+])[A-Za-z0-9_=+-]{40,}/g;

function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export type LogSecrets = readonly (string | null | undefined)[];

/** `text` fit for a log line: key shapes and `secrets` by value, card, resident and virtual-account numbers. */
export function redactLogText(text: string, secrets: LogSecrets = []): string {
  return redactSecrets(text, secrets)
    .replace(VIRTUAL_ACCOUNT_SECRET, REDACTED)
    .replace(RESIDENT_NUMBER, REDACTED)
    .replace(CARD_NUMBER_CANDIDATE, (match) => (passesLuhn(match.replace(/\D/g, '')) ? REDACTED : match));
}

/** A thrown error's text (message, stack): also long opaque tokens, which a billing key looks like. */
export function redactCauseText(text: string, secrets: LogSecrets = []): string {
  return redactLogText(text, secrets).replace(OPAQUE_TOKEN, REDACTED);
}

export function isSecretFieldName(name: string): boolean {
  return SECRET_FIELD_NAMES.has(name.replace(/[_-]/g, '').toLowerCase());
}

const MAX_CAUSE_DEPTH = 4;

/**
 * A cause as an Error safe to log: its name, code, message and stack redacted, its own `cause` chain too. pino
 * and bunyan serialize it as `err` (type, message, stack); console prints the stack. Non-errors become an Error
 * holding their redacted text.
 */
export function loggableCause(cause: unknown, secrets: LogSecrets = [], depth = 0): Error {
  if (!(cause instanceof Error)) {
    const text = typeof cause === 'string' ? cause : safeString(cause);
    const plain = new Error(redactCauseText(text, secrets));
    plain.name = 'NonErrorThrown';
    plain.stack = `${plain.name}: ${plain.message}`;
    return plain;
  }
  const safe = new Error(redactCauseText(cause.message, secrets));
  safe.name = cause.name;
  safe.stack =
    cause.stack === undefined ? `${safe.name}: ${safe.message}` : redactCauseText(cause.stack, secrets);
  const code = (cause as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') Object.assign(safe, { code });
  if (cause.cause !== undefined && depth < MAX_CAUSE_DEPTH)
    Object.assign(safe, { cause: loggableCause(cause.cause, secrets, depth + 1) });
  return safe;
}

function safeString(value: unknown): string {
  try {
    return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

const MAX_FIELD_DEPTH = 6;
/** Fields that hold an id, a route or a code: only key shapes and the given secrets are taken out. */
const ID_FIELDS = new Set([
  'orderId',
  'paymentKey',
  'transactionKey',
  'idempotencyKey',
  'customerKey',
  'receiptKey',
  'reference',
  'route',
  'url',
  'method',
  'code',
  'hook',
  'trigger',
]);
/** Fields that hold a cause's text: redacted as a cause (long opaque tokens too). */
const CAUSE_TEXT_FIELDS = new Set(['cause', 'stack', 'reason']);

/**
 * Log fields with every string redacted and secret-named fields replaced; `err`/`cause` values become
 * `loggableCause`s. Class instances other than errors and dates are dropped (they could hide a key).
 */
export function redactLogFields(
  fields: Readonly<Record<string, unknown>>,
  secrets: LogSecrets = [],
  depth = 0,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (isSecretFieldName(name)) {
      out[name] = REDACTED;
    } else if (value instanceof Error || name === 'err') {
      out[name] = loggableCause(value, secrets);
    } else if (typeof value === 'string' && CAUSE_TEXT_FIELDS.has(name)) {
      out[name] = redactCauseText(value, secrets);
    } else if (typeof value === 'string' && ID_FIELDS.has(name)) {
      out[name] = redactSecrets(value, secrets);
    } else {
      const cleaned = redactLogValue(value, secrets, depth + 1);
      if (cleaned !== undefined) out[name] = cleaned;
    }
  }
  return out;
}

function redactLogValue(value: unknown, secrets: LogSecrets, depth: number): unknown {
  if (typeof value === 'string') return redactLogText(value, secrets);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  if (typeof value !== 'object' || depth > MAX_FIELD_DEPTH) return undefined;
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((item) => redactLogValue(item, secrets, depth + 1));
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return undefined;
  return redactLogFields(value as Record<string, unknown>, secrets, depth);
}
