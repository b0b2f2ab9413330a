/**
 * Turning what the gateway (or the network) said into a typed `GatewayError`, and the two
 * questions every caller asks of one: may I try again, and did the gateway maybe act anyway?
 */
import {
  classifyGatewayCode,
  GatewayError,
  isGatewayError,
  isTosskitError,
  redactSecrets,
} from '../errors/index.js';

/** Codes tosskit uses when no gateway answer arrived or it could not be read. */
export const LOST_ANSWER_CODES = [
  'NETWORK_ERROR',
  'GATEWAY_TIMEOUT',
  'INVALID_GATEWAY_RESPONSE',
  'REQUEST_ABORTED',
] as const;
export type LostAnswerCode = (typeof LOST_ANSWER_CODES)[number];

/** A non-2xx answer: the gateway's `{ code, message }` (v1) or the v2 `{ error: { code, message } }`. */
export function createGatewayError(status: number, body: unknown, secrets: readonly string[]): GatewayError {
  let code: string | null = null;
  let message: string | undefined;
  if (typeof body === 'object' && body !== null) {
    const record = body as Record<string, unknown>;
    const inner =
      typeof record['error'] === 'object' && record['error'] !== null
        ? (record['error'] as Record<string, unknown>)
        : record;
    if (typeof inner['code'] === 'string' && inner['code'].length > 0) code = inner['code'].slice(0, 100);
    if (typeof inner['message'] === 'string') message = inner['message'].slice(0, 1000);
  }
  // no readable code: a proxy or load balancer answered
  code ??= status >= 500 || status === 429 ? 'GATEWAY_UNAVAILABLE' : 'INVALID_GATEWAY_RESPONSE';
  return new GatewayError({
    code,
    status,
    ...(message === undefined ? {} : { message }),
    errorClass: status === 429 ? 'transient' : classifyGatewayCode(code, status),
    redact: secrets,
  });
}

/**
 * No usable answer: the request may or may not have been executed by the gateway. The transport
 * error is kept as the cause only after redaction (it can quote request details).
 */
export function createLostAnswerError(
  code: LostAnswerCode,
  cause: unknown,
  secrets: readonly string[],
  status?: number,
): GatewayError {
  let summary: Error | undefined;
  if (cause instanceof Error) summary = new Error(redactSecrets(`${cause.name}: ${cause.message}`, secrets));
  else if (cause !== undefined) summary = new Error(redactSecrets(String(cause), secrets));
  const retryable = code === 'NETWORK_ERROR' || code === 'GATEWAY_TIMEOUT';
  return new GatewayError({
    code,
    status: status ?? (code === 'GATEWAY_TIMEOUT' ? 504 : 502),
    errorClass: retryable ? 'transient' : 'fatal',
    redact: secrets,
    ...(summary === undefined ? {} : { cause: summary }),
  });
}

/** True for a gateway error that may be retried (transient: a timeout, a 5xx, a network error). */
export function isRetryableGatewayError(error: unknown): boolean {
  return isGatewayError(error) && error.retryable;
}

/**
 * True when the gateway may have acted although we got no definite answer: no response, a
 * timeout, an unreadable answer, or a 5xx. A confirm that ends this way must be settled by looking
 * the payment up, never reported as failed (seed 001). A 4xx with a code is a definite refusal.
 */
export function isAnswerLost(error: unknown): boolean {
  if (!isGatewayError(error)) return !isTosskitError(error);
  if ((LOST_ANSWER_CODES as readonly string[]).includes(error.code)) return true;
  return (
    error.status >= 500 ||
    error.code === 'IDEMPOTENT_REQUEST_PROCESSING' ||
    error.code === 'GATEWAY_UNAVAILABLE'
  );
}
