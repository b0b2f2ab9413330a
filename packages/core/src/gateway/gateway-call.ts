/**
 * One call to the gateway: Basic auth with the trailing colon, an Idempotency-Key on every POST (one key for
 * the call and all its retries), a per-call timeout, retries by error class, the answer parsed with a core
 * schema, and typed `GatewayError`s. The secret key lives only in this closure, as the ready-made
 * Authorization header: never a field, never part of an error, never logged.
 */
import { randomUUID, toBase64, toHex, unrefTimer, utf8 } from '../platform/bytes.js';
import { sha256 } from '../platform/sha256.js';
import type { GatewayError } from '../errors/index.js';
import { createGatewayError, createLostAnswerError, isRetryableGatewayError } from './gateway-errors.js';
import type {
  CallOptions,
  GatewayClientOptions,
  GatewayRequestInfo,
  GatewayResponseInfo,
} from './gateway-types.js';
import { resolveRetryOptions, retryDelay, type ResolvedRetryOptions } from './retry-policy.js';
import type { GatewayMethod, GatewayTransport } from './transport.js';

/** Idempotency keys longer than this are refused by the gateway (INVALID_IDEMPOTENCY_KEY). */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 300;

interface Parser<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: unknown };
}

export interface RequestSpec<T> {
  method: GatewayMethod;
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  parser: Parser<T> | null;
  long?: boolean;
  options?: CallOptions | undefined;
  paymentKey?: string | null;
  orderId?: string | null;
  /** the path reported to onRetry when the real one holds a secret (a billing key) */
  logPath?: string;
  /** the route template reported to onRequest/onResponse (default: logPath, else path) */
  route?: string;
}

export type GatewayCall = <T>(spec: RequestSpec<T>) => Promise<T>;

/** Strip what copy-paste adds around a key (a UTF-8 BOM, whitespace): the docs warn about the BOM. */
export function normalizeSecretKey(secretKey: string): string {
  return secretKey.replace(/^\uFEFF/, '').trim();
}

/** `Basic base64(secretKey + ':')`: the secret is the user name, the password is empty. */
export function basicAuthorization(secretKey: string): string {
  return `Basic ${toBase64(utf8(`${normalizeSecretKey(secretKey)}:`))}`;
}

/**
 * A key the gateway accepts: at most 300 characters. Longer keys are hashed, so a caller may
 * build keys from long ids and still get the same key on every retry.
 */
export function normalizeIdempotencyKey(key: string): string {
  if (key.length <= MAX_IDEMPOTENCY_KEY_LENGTH) return key;
  return `sha256:${toHex(sha256(utf8(key)))}`;
}

/** Refusals that say the request was not executed at all: asked to slow down. */
function refusedBeforeExecution(error: GatewayError): boolean {
  return error.code === 'FORBIDDEN_CONSECUTIVE_REQUEST' || error.status === 429;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** What a client's calls share: its base url, its transport and its options. */
export interface CallSetup {
  options: GatewayClientOptions;
  baseUrl: string;
  transport: GatewayTransport;
}

/** The answer's JSON, or undefined when it has none (or it does not parse). */
function parseBody(body: string): { ok: boolean; json: unknown } {
  if (body.length === 0) return { ok: false, json: undefined };
  try {
    return { ok: true, json: JSON.parse(body) };
  } catch {
    return { ok: false, json: undefined };
  }
}

/** What one attempt needs besides the request: where to send it, how long to wait, what to redact. */
interface AttemptSetup {
  transport: GatewayTransport;
  secrets: string[];
  timeoutMs: number;
  longTimeoutMs: number;
}

/** One attempt of a call: sent, timed out, or answered and parsed. */
async function attempt<T>(
  { transport, secrets, timeoutMs, longTimeoutMs }: AttemptSetup,
  spec: RequestSpec<T>,
  url: string,
  headers: Record<string, string>,
  body: string | undefined,
): Promise<{ value: T; status: number }> {
  const callTimeout = spec.options?.timeoutMs ?? (spec.long === true ? longTimeoutMs : timeoutMs);
  // A timer cleared when the answer is in, not AbortSignal.timeout: that one lives (with its signal) until it
  // fires, so a busy server would hold a call's worth of timers and signals for every confirm of the last 15 s.
  const timeout = new AbortController();
  const timer = setTimeout(
    () => timeout.abort(new DOMException('gateway call timed out', 'TimeoutError')),
    callTimeout,
  );
  unrefTimer(timer);
  const signal =
    spec.options?.signal !== undefined
      ? AbortSignal.any([spec.options.signal, timeout.signal])
      : timeout.signal;
  let response;
  try {
    const request = { method: spec.method, url, headers, signal, ...(body === undefined ? {} : { body }) };
    response = await transport.send(request);
  } catch (error) {
    if (spec.options?.signal?.aborted === true && !timeout.signal.aborted) {
      throw createLostAnswerError('REQUEST_ABORTED', error, secrets);
    }
    throw createLostAnswerError(timeout.signal.aborted ? 'GATEWAY_TIMEOUT' : 'NETWORK_ERROR', error, secrets);
  } finally {
    clearTimeout(timer);
  }
  const { ok: jsonOk, json } = parseBody(response.body);
  if (response.status < 200 || response.status >= 300) {
    throw createGatewayError(response.status, jsonOk ? json : undefined, secrets);
  }
  if (spec.parser === null) return { value: undefined as T, status: response.status };
  if (!jsonOk) throw createLostAnswerError('INVALID_GATEWAY_RESPONSE', undefined, secrets, response.status);
  const parsed = spec.parser.safeParse(json);
  if (!parsed.success)
    throw createLostAnswerError('INVALID_GATEWAY_RESPONSE', undefined, secrets, response.status);
  return { value: parsed.data, status: response.status };
}

/** A path the URL parser leaves as it is: no dot segment, no character it would encode, no query. */
const PLAIN_PATH = /^(?:\/(?!(?:\.|%2[eE]){1,2}(?:\/|$))[A-Za-z0-9\-._~!$&'()*+,;=:@%]*)+$/;

/** Codes of an attempt that got no answer at all: its status is null in `onResponse`. */
const UNANSWERED = new Set(['NETWORK_ERROR', 'GATEWAY_TIMEOUT', 'REQUEST_ABORTED']);

/** Tell an observer; what it throws must not change the payment's course. */
function observe<I>(observer: ((info: I) => void) | undefined, info: I): void {
  try {
    observer?.(info);
  } catch {
    // ignored
  }
}

/** The end of one attempt, told to `onResponse`: answered (its status) or lost (status null). */
function reportResponse(
  { options, baseUrl }: Pick<CallSetup, 'options' | 'baseUrl'>,
  info: GatewayRequestInfo,
  started: number,
  status: number | null,
  error: GatewayError | null,
): void {
  const response: GatewayResponseInfo = {
    method: info.method,
    route: info.route,
    attempt: info.attempt,
    idempotencyKey: info.idempotencyKey,
    replayed: info.replayed,
    paymentKey: info.paymentKey,
    orderId: info.orderId,
    url: baseUrl + info.route,
    status: error === null ? status : UNANSWERED.has(error.code) ? null : error.status,
    code: error === null ? null : error.code,
    durationMs: performance.now() - started,
    error,
  };
  observe(options.onResponse, response);
}

export function createGatewayCall({ options, baseUrl, transport }: CallSetup): GatewayCall {
  const secretKey = normalizeSecretKey(options.secretKey);
  const authorization = basicAuthorization(secretKey);
  const secrets = [secretKey, authorization.slice('Basic '.length)];
  const timeoutMs = options.timeoutMs ?? 15_000;
  const longTimeoutMs = options.longTimeoutMs ?? 60_000;
  const retry: ResolvedRetryOptions = resolveRetryOptions(options.retry);
  const sleep = options.sleep ?? defaultSleep;
  const attemptSetup: AttemptSetup = { transport, secrets, timeoutMs, longTimeoutMs };
  const setup = { options, baseUrl };

  // The URL of a call: a plain path (ids are percent-encoded segments) is appended to the normalised base as
  // it is, which is what the URL parser would make of it; a query or a dot segment goes through the parser.
  const base = new URL(baseUrl).href.replace(/\/$/, '');
  function requestUrl(spec: RequestSpec<unknown>): string {
    if (spec.query === undefined && PLAIN_PATH.test(spec.path)) return base + spec.path;
    const url = new URL(baseUrl + spec.path);
    for (const [name, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    return url.href;
  }

  function requestHeaders(spec: RequestSpec<unknown>): Record<string, string> {
    const headers: Record<string, string> = { authorization, accept: 'application/json' };
    const language = spec.options?.acceptLanguage ?? options.acceptLanguage;
    if (language !== undefined) headers['accept-language'] = language;
    if (spec.options?.testCode !== undefined) headers['tosspayments-test-code'] = spec.options.testCode;
    return headers;
  }

  function reportRetry(
    spec: RequestSpec<unknown>,
    error: GatewayError,
    retryNumber: number,
    delayMs: number,
    idempotencyKey: string | null,
  ): void {
    try {
      options.onRetry?.({
        method: spec.method,
        path: spec.logPath ?? spec.path,
        attempt: retryNumber,
        delayMs,
        code: error.code,
        status: error.status,
        idempotencyKey,
        paymentKey: spec.paymentKey ?? null,
        orderId: spec.orderId ?? null,
      });
    } catch {
      // an observer's failure must not change the payment's course
    }
  }

  return async function call<T>(spec: RequestSpec<T>): Promise<T> {
    const url = requestUrl(spec);
    const headers = requestHeaders(spec);
    let idempotencyKey: string | null = null;
    let baseKey = '';
    let body: string | undefined;
    if (spec.method === 'POST') {
      // one key for the whole call, all retries included: the gateway replays instead of re-executing
      baseKey = spec.options?.idempotencyKey ?? `tosskit-${randomUUID()}`;
      idempotencyKey = normalizeIdempotencyKey(baseKey);
      headers['idempotency-key'] = idempotencyKey;
      headers['content-type'] = 'application/json';
      body = JSON.stringify(spec.body ?? {});
    }
    const observed = options.onRequest !== undefined || options.onResponse !== undefined;
    const route = spec.route ?? spec.logPath ?? spec.path;
    // the keys already sent, for `replayed` (only an observer reads it)
    let sentKeys: Set<string> | null = null;
    for (let retryNumber = 0; ; retryNumber += 1) {
      let info: GatewayRequestInfo | null = null;
      if (observed) {
        info = {
          method: spec.method,
          route,
          attempt: retryNumber + 1,
          idempotencyKey,
          replayed: idempotencyKey !== null && sentKeys !== null && sentKeys.has(idempotencyKey),
          paymentKey: spec.paymentKey ?? null,
          orderId: spec.orderId ?? null,
        };
        if (idempotencyKey !== null) (sentKeys ??= new Set()).add(idempotencyKey);
        observe(options.onRequest, info);
      }
      const started = observed ? performance.now() : 0;
      try {
        const answered = await attempt(attemptSetup, spec, url, headers, body);
        if (info !== null) reportResponse(setup, info, started, answered.status, null);
        return answered.value;
      } catch (error) {
        const gatewayError = error as GatewayError;
        if (info !== null) reportResponse(setup, info, started, null, gatewayError);
        if (
          retryNumber >= retry.retries ||
          !isRetryableGatewayError(gatewayError) ||
          spec.options?.signal?.aborted === true
        ) {
          throw gatewayError;
        }
        const delayMs = retryDelay(gatewayError.code, retryNumber + 1, retry);
        reportRetry(spec, gatewayError, retryNumber + 1, delayMs, idempotencyKey);
        await sleep(delayMs);
        if (idempotencyKey !== null && refusedBeforeExecution(gatewayError)) {
          // The gateway refused without executing, and it may have stored that refusal under the key
          // (it replays error answers too): the retry needs a key of its own. Derived, not random, so
          // every caller retrying the same call lands on the same key and still executes it once.
          idempotencyKey = normalizeIdempotencyKey(`${baseKey}:retry-${retryNumber + 1}`);
          headers['idempotency-key'] = idempotencyKey;
        }
      }
    }
  };
}
