/**
 * The one error hierarchy of tosskit. Every error has a stable UPPER_SNAKE `code` and the HTTP
 * status it becomes when it reaches a response (the http layer is the only place that does that).
 *
 * `message` is the Korean default; `messageFor(code, locale)` gives the localized text from the catalogue.
 * Nothing in here may ever hold a secret key: `details` is copied into JSON responses, so the constructor
 * redacts anything shaped like a Toss secret key or a Basic credential from the message and the details.
 */
import { errorMessageFor } from './message-for.js';
import { redactCause, redactDeep, redactSecrets } from './redact.js';

/** The languages of tosskit's messages: Korean (default) and English. */
export type Locale = 'ko' | 'en';

/** Structured facts of an error, copied into its JSON answer (secrets redacted). */
export interface ErrorDetails {
  [key: string]: unknown;
}

/**
 * The brand every tosskit error carries, registered by name (`Symbol.for`), so an error made by another copy
 * of @tosskit/core in the same process (ESM beside CJS, two versions in node_modules) is still recognised:
 * `instanceof` is not, and tosskit's own code never uses it on errors.
 */
export const TOSSKIT_ERROR_BRAND: unique symbol = Symbol.for('tosskit.error') as never;

/** The base of every tosskit error: a stable UPPER_SNAKE `code`, the HTTP `status` and `details`. Recognise it with `isTosskitError` (works across copies of the package). */
export class TosskitError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: ErrorDetails | undefined;

  constructor(
    code: string,
    status: number,
    message: string,
    details?: ErrorDetails,
    options?: { cause?: unknown },
  ) {
    const cause = options?.cause === undefined ? undefined : redactCause(options.cause);
    super(redactSecrets(message), cause === undefined ? undefined : { cause });
    this.name = new.target.name;
    this.code = code;
    this.status = status;
    this.details = details === undefined ? undefined : redactDeep(details);
  }

  /** What a client may see: code, message, and details (never a stack). */
  toJSON(): { code: string; message: string; details?: ErrorDetails } {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

Object.defineProperty(TosskitError.prototype, TOSSKIT_ERROR_BRAND, { value: true });

/**
 * True for a tosskit error from any copy of the package: it carries the `Symbol.for('tosskit.error')` brand and
 * a string `code` and a numeric `status`. Use it (not `instanceof TosskitError`) to tell tosskit's errors apart.
 */
export function isTosskitError(value: unknown): value is TosskitError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { [TOSSKIT_ERROR_BRAND]?: unknown; code?: unknown; status?: unknown };
  return (
    candidate[TOSSKIT_ERROR_BRAND] === true &&
    typeof candidate.code === 'string' &&
    typeof candidate.status === 'number'
  );
}

const CODE_SHAPE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;

interface ReadArgs {
  code: string;
  message: string;
  details: ErrorDetails | undefined;
}

/**
 * Subclasses take `(code?, message?, details?)` like the base class, and also `(message, details?)`: a first
 * argument that is an UPPER_SNAKE word is a code, anything else is a message. A missing message is the
 * catalogue's Korean text for the code, filled from the details.
 */
function readArgs(
  defaultCode: string,
  first: string | undefined,
  second: string | ErrorDetails | undefined,
  third: ErrorDetails | undefined,
): ReadArgs {
  let code = defaultCode;
  let message: string | undefined;
  let details: ErrorDetails | undefined;
  if (first !== undefined && CODE_SHAPE.test(first)) {
    code = first;
    if (typeof second === 'string') {
      message = second;
      details = third;
    } else {
      details = second ?? third;
    }
  } else {
    message = first;
    details = typeof second === 'string' ? third : (second ?? third);
  }
  return { code, message: message ?? errorMessageFor(code, 'ko', details), details };
}

/** Thrown at start-up when an option is missing or wrong; the message names the option and the fix. Status 500. */
export class ConfigurationError extends TosskitError {
  constructor(
    code?: string,
    message?: string | ErrorDetails,
    details?: ErrorDetails,
    options?: { cause?: unknown },
  ) {
    const args = readArgs('CONFIGURATION_ERROR', code, message, details);
    super(args.code, 500, args.message, args.details, options);
  }
}

/** One field that failed validation. */
export interface ValidationIssue {
  /** Dotted path of the offending field, e.g. `refundReceiveAccount.accountNumber` or `items[0].amount`. */
  path: string;
  message: string;
}

/** The details of a ValidationError: every field that failed. */
export interface ValidationErrorDetails extends ErrorDetails {
  issues: ValidationIssue[];
}

/** Bad input from a request: 400, default code `VALIDATION_ERROR`, `details.issues` always an array. */
export class ValidationError extends TosskitError {
  declare readonly details: ValidationErrorDetails;

  constructor(
    code?: string,
    message?: string | ErrorDetails,
    details?: ErrorDetails,
    options?: { cause?: unknown },
  ) {
    const args = readArgs('VALIDATION_ERROR', code, message, details);
    const issues = Array.isArray(args.details?.['issues'])
      ? (args.details['issues'] as ValidationIssue[])
      : [];
    super(args.code, 400, args.message, { ...args.details, issues }, options);
  }

  get issues(): ValidationIssue[] {
    return this.details.issues;
  }
}

/** The details of AMOUNT_MISMATCH: the order's amount and the amount received. */
export interface AmountMismatchDetails extends ErrorDetails {
  expected: number;
  received: unknown;
}

/** The amount a browser sent is not the order's amount: 400 `AMOUNT_MISMATCH` with `{ expected, received }`. */
export class AmountMismatchError extends TosskitError {
  declare readonly details: AmountMismatchDetails;

  constructor(
    expected: number | { expected: number; received: unknown },
    received?: unknown,
    message?: string,
  ) {
    const details: AmountMismatchDetails =
      typeof expected === 'object'
        ? { expected: expected.expected, received: expected.received }
        : { expected, received };
    super('AMOUNT_MISMATCH', 400, message ?? errorMessageFor('AMOUNT_MISMATCH', 'ko', details), details);
  }
}

/** A status change the machine does not allow: 409 `INVALID_STATE_TRANSITION` with `{ from, to }`. */
export class InvalidStateTransitionError extends TosskitError {
  declare readonly details: { from: string; to: string };

  constructor(from: string, to: string, message?: string) {
    const details = { from, to };
    super(
      'INVALID_STATE_TRANSITION',
      409,
      message ?? errorMessageFor('INVALID_STATE_TRANSITION', 'ko', details),
      details,
    );
  }
}

/** Something looked up does not exist: 404 with a code such as `ORDER_NOT_FOUND` or `PAYMENT_NOT_FOUND`. */
export class NotFoundError extends TosskitError {
  constructor(
    code?: string,
    message?: string | ErrorDetails,
    details?: ErrorDetails,
    options?: { cause?: unknown },
  ) {
    const args = readArgs('NOT_FOUND', code, message, details);
    super(args.code, 404, args.message, args.details, options);
  }
}

/** Why a ledger could not answer; for logs and metrics, never shown to a client. */
export type LedgerUnavailableReason =
  | 'connect_timeout'
  | 'query_timeout'
  | 'statement_timeout'
  | 'connection_lost'
  | 'connection_refused'
  | 'server_unavailable';

/** The Retry-After (seconds) a `LEDGER_UNAVAILABLE` answer carries when the error does not say otherwise. */
export const LEDGER_RETRY_AFTER_SECONDS = 2;

/**
 * The ledger's database cannot answer right now (connection refused or lost, a connect, query or statement
 * timeout): 503 `LEDGER_UNAVAILABLE`, answered on every route with a `Retry-After` header, never a 500 and
 * never a hang. Nothing about the database (host, SQL, driver message) reaches the client: the driver's
 * error is the `cause`, for the logs.
 *
 * Ledgers outside core (e.g. `@tosskit/ledger`'s PostgreSQL ledger) throw it; the handler recognises it by its
 * code, so a copy of this class from another build of core is answered the same way.
 */
export class LedgerUnavailableError extends TosskitError {
  readonly reason: LedgerUnavailableReason;
  /** seconds a client should wait before retrying (the `Retry-After` header) */
  readonly retryAfterSeconds: number;

  constructor(
    options: { reason?: LedgerUnavailableReason; retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(
      'LEDGER_UNAVAILABLE',
      503,
      errorMessageFor('LEDGER_UNAVAILABLE', 'ko'),
      undefined,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.reason = options.reason ?? 'connection_lost';
    const retryAfter = options.retryAfterSeconds;
    this.retryAfterSeconds =
      retryAfter !== undefined && Number.isInteger(retryAfter) && retryAfter > 0
        ? retryAfter
        : LEDGER_RETRY_AFTER_SECONDS;
  }
}

/**
 * A ledger that cannot answer, by code (not `instanceof`): the error may come from another copy of core
 * (ESM and CJS builds side by side) or from a ledger that throws its own error with this code.
 */
export function isLedgerUnavailable(value: unknown): value is { code: 'LEDGER_UNAVAILABLE' } {
  return (
    typeof value === 'object' && value !== null && (value as { code?: unknown }).code === 'LEDGER_UNAVAILABLE'
  );
}

/** The `Retry-After` seconds for a `LEDGER_UNAVAILABLE` error: its own positive integer, else the default. */
export function ledgerRetryAfterSeconds(value: unknown): number {
  const seconds = (value as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
  return typeof seconds === 'number' && Number.isInteger(seconds) && seconds > 0 && seconds <= 3600
    ? seconds
    : LEDGER_RETRY_AFTER_SECONDS;
}
