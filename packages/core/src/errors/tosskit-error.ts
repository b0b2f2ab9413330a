/**
 * The one error hierarchy of tosskit. Every error has a stable UPPER_SNAKE `code` and the HTTP
 * status it becomes when it reaches a response (the http layer is the only place that does that).
 *
 * `message` is the Korean default; `messageFor(code, locale)` gives the localized text from the catalogue.
 * Nothing in here may ever hold a secret key: `details` is copied into JSON responses, so the constructor
 * redacts anything shaped like a Toss secret key or a Basic credential from the message and the details.
 */
import { messageFor } from './message-for.js';
import { redactCause, redactDeep, redactSecrets } from './redact.js';

export type Locale = 'ko' | 'en';

export interface ErrorDetails {
  [key: string]: unknown;
}

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

export function isTosskitError(value: unknown): value is TosskitError {
  return value instanceof TosskitError;
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
  return { code, message: message ?? messageFor(code, 'ko', details), details };
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

export interface ValidationIssue {
  /** Dotted path of the offending field, e.g. `refundReceiveAccount.accountNumber` or `items[0].amount`. */
  path: string;
  message: string;
}

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
    super('AMOUNT_MISMATCH', 400, message ?? messageFor('AMOUNT_MISMATCH', 'ko', details), details);
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
      message ?? messageFor('INVALID_STATE_TRANSITION', 'ko', details),
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
