import type { ErrorClass } from './error-class.js';
import { GATEWAY_ERRORS } from './gateway-errors.js';
import { messageFor, statusFor } from './message-for.js';
import { redactCause, redactDeep, redactSecrets } from './redact.js';
import { isTosskitError, TosskitError, type ErrorDetails } from './tosskit-error.js';

// tosskit's own codes for a call that never got a gateway answer.
const TRANSPORT_CODES: Readonly<Record<string, number>> = {
  NETWORK_ERROR: 502,
  GATEWAY_TIMEOUT: 504,
  GATEWAY_UNAVAILABLE: 503,
  TOO_MANY_REQUESTS: 429,
};

/**
 * How to react to a gateway error code. The code decides, not the HTTP status: PROVIDER_ERROR and
 * CARD_PROCESSING_ERROR are 400s that go away on retry, FORBIDDEN_CONSECUTIVE_REQUEST is a 403 that asks for a
 * pause, ALREADY_PROCESSED_PAYMENT is a 400 that means "read the payment, it may be done". Codes the catalogue does
 * not know are `fatal`, unless the gateway answered 5xx or 429 (`transient`): an unknown 4xx repeated gives the same 4xx.
 */
export function classifyGatewayCode(code: string, status?: number): ErrorClass {
  if (Object.hasOwn(GATEWAY_ERRORS, code)) return GATEWAY_ERRORS[code]!.errorClass;
  if (Object.hasOwn(TRANSPORT_CODES, code)) return 'transient';
  if (status !== undefined && (status >= 500 || status === 429)) return 'transient';
  return 'fatal';
}

export interface GatewayErrorInit {
  /** The gateway's code (`REJECT_CARD_COMPANY`...) or tosskit's transport code (`NETWORK_ERROR`, `GATEWAY_TIMEOUT`). */
  code: string;
  /** The gateway's HTTP status; defaults to the catalogued status, else 502. */
  status?: number;
  /** The gateway's own `message`, as received. */
  message?: string;
  /** Overrides the class derived from the code (e.g. a transport layer that knows better). */
  errorClass?: ErrorClass;
  details?: ErrorDetails;
  cause?: unknown;
  /**
   * Secrets to scrub from the message, details and cause, e.g. the secret key used for the call. They are used
   * here and not kept.
   */
  redact?: readonly (string | undefined | null)[];
}

/** A failed call to the gateway: its answer (code, status, message) or a transport failure, with a retry class. */
export class GatewayError extends TosskitError {
  readonly errorClass: ErrorClass;
  readonly retryable: boolean;
  /** The message the gateway sent (redacted), if it sent one. */
  readonly gatewayMessage: string | undefined;

  constructor(init: GatewayErrorInit);
  constructor(
    code: string,
    status?: number,
    gatewayMessage?: string,
    options?: Omit<GatewayErrorInit, 'code' | 'status' | 'message'>,
  );
  constructor(
    initOrCode: GatewayErrorInit | string,
    status?: number,
    gatewayMessage?: string,
    options?: Omit<GatewayErrorInit, 'code' | 'status' | 'message'>,
  ) {
    const init: GatewayErrorInit =
      typeof initOrCode === 'string'
        ? {
            ...options,
            code: initOrCode,
            ...(status === undefined ? {} : { status }),
            ...(gatewayMessage === undefined ? {} : { message: gatewayMessage }),
          }
        : initOrCode;
    const redact = init.redact ?? [];
    const code = init.code;
    const httpStatus = init.status ?? TRANSPORT_CODES[code] ?? statusFor(code) ?? 502;
    const received = init.message === undefined ? undefined : redactSecrets(init.message, redact);
    const details = init.details === undefined ? undefined : redactDeep(init.details, redact);
    const cause = redactCause(init.cause, redact);
    super(
      code,
      httpStatus,
      received !== undefined && received.length > 0 ? received : messageFor(code, 'ko', details),
      details,
      cause === undefined ? undefined : { cause },
    );
    this.errorClass = init.errorClass ?? classifyGatewayCode(code, httpStatus);
    this.retryable = this.errorClass === 'transient';
    this.gatewayMessage = received;
  }
}

/** The brand of a gateway error, by name like `TOSSKIT_ERROR_BRAND`: recognised across copies of the package. */
export const GATEWAY_ERROR_BRAND: unique symbol = Symbol.for('tosskit.gatewayError') as never;
Object.defineProperty(GatewayError.prototype, GATEWAY_ERROR_BRAND, { value: true });

/** True for a gateway error from any copy of the package (a branded tosskit error, not `instanceof`). */
export function isGatewayError(value: unknown): value is GatewayError {
  return (
    isTosskitError(value) && (value as { [GATEWAY_ERROR_BRAND]?: unknown })[GATEWAY_ERROR_BRAND] === true
  );
}
