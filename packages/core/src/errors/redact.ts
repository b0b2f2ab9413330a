/**
 * Keeps secret keys out of everything an error carries. Errors are built from gateway answers, thrown causes and
 * developer messages, any of which may quote a key or an Authorization header; what reaches a response or a log
 * line must not. Two nets: the shapes every Toss secret key has (`test_sk_…`, `live_gsk_…`, legacy `test_ak_…`, a
 * Basic credential), and the exact keys a caller passes in `extra` (the emulator accepts keys of any shape).
 */
export const REDACTED = '[REDACTED]';

const SECRET_KEY_SHAPE = /\b(?:test|live)_(?:g?sk|ak)_[A-Za-z0-9_-]+/g;
const BASIC_CREDENTIAL = /\bBasic\s+[A-Za-z0-9+/=._-]{16,}/g;
// Secret keys base64-encoded with the trailing ':' of Basic auth start with these prefixes ("test_sk_" etc.).
const ENCODED_SECRET_KEY_SHAPE =
  /\b(?:dGVzdF9za1|dGVzdF9nc2tf|dGVzdF9ha1|bGl2ZV9za1|bGl2ZV9nc2tf)[A-Za-z0-9+/=]*/g;
const MIN_EXPLICIT_SECRET_LENGTH = 6;
const MAX_DEPTH = 8;

function base64(text: string): string {
  try {
    return btoa(text);
  } catch {
    // btoa only takes Latin-1; such a string is not a Toss key, and its plain form is still redacted.
    return '';
  }
}

function encodings(secret: string): string[] {
  const forms = [secret, base64(`${secret}:`), base64(secret)];
  // base64 of "key:" may end in padding; match the unpadded stem too.
  return forms.flatMap((form) => [form, form.replace(/=+$/, '')]).filter((form) => form.length > 0);
}

/** `text` with anything shaped like a Toss secret key or Basic credential (and the given secrets) replaced by REDACTED. */
export function redactSecrets(text: string, extra: readonly (string | undefined | null)[] = []): string {
  let out = text;
  for (const secret of extra) {
    if (typeof secret !== 'string' || secret.length < MIN_EXPLICIT_SECRET_LENGTH) continue;
    for (const form of encodings(secret)) out = out.split(form).join(REDACTED);
  }
  return out
    .replace(BASIC_CREDENTIAL, `Basic ${REDACTED}`)
    .replace(SECRET_KEY_SHAPE, REDACTED)
    .replace(ENCODED_SECRET_KEY_SHAPE, REDACTED);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * A copy of `value` with every string redacted. Plain objects and arrays are copied (keys too); anything else that
 * is not a primitive (class instances, functions) is dropped, because it could hide a key in a field we do not see.
 */
export function redactDeep<T>(value: T, extra: readonly (string | undefined | null)[] = [], depth = 0): T {
  if (typeof value === 'string') return redactSecrets(value, extra) as T;
  if (value === null || typeof value !== 'object') {
    return (typeof value === 'function' || typeof value === 'symbol' ? undefined : value) as T;
  }
  if (depth >= MAX_DEPTH) return undefined as T;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, extra, depth + 1)) as T;
  if (value instanceof Date) return value;
  if (!isPlainObject(value)) return undefined as T;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const cleaned = redactDeep(item, extra, depth + 1);
    if (cleaned !== undefined) copy[redactSecrets(key, extra)] = cleaned;
  }
  return copy as T;
}

/** An Error safe to keep as a `cause`: same name, redacted message, redacted stack. Non-errors are dropped. */
export function redactCause(cause: unknown, extra: readonly (string | undefined | null)[] = []): unknown {
  if (cause === undefined) return undefined;
  if (!(cause instanceof Error)) {
    return typeof cause === 'string' ? redactSecrets(cause, extra) : undefined;
  }
  const message = redactSecrets(cause.message, extra);
  const stack = cause.stack === undefined ? undefined : redactSecrets(cause.stack, extra);
  if (message === cause.message && stack === cause.stack && Object.keys(cause).length === 0) return cause;
  const safe = new Error(message);
  safe.name = cause.name;
  if (stack !== undefined)
    Object.defineProperty(safe, 'stack', {
      value: stack,
      enumerable: false,
      configurable: true,
      writable: true,
    });
  return safe;
}
