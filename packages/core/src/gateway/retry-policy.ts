/**
 * When to try a gateway call again, decided by the error's class and code, never by the HTTP
 * status alone (PROVIDER_ERROR is a 400 and transient; NOT_FOUND_PAYMENT is a 404 and final).
 * Every retry of a POST reuses the same Idempotency-Key, so a retry can never pay twice.
 */
export interface RetryOptions {
  /** retries after the first attempt (default 3) */
  retries?: number;
  /** first backoff in ms, doubled per attempt (default 150) */
  baseDelayMs?: number;
  /** cap of one backoff in ms (default 2000) */
  maxDelayMs?: number;
  /** FORBIDDEN_CONSECUTIVE_REQUEST: the gateway asks for "a moment" (seed 001 says 1 s); default 1000 */
  consecutiveRequestDelayMs?: number;
}

export interface ResolvedRetryOptions {
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  consecutiveRequestDelayMs: number;
}

export function resolveRetryOptions(retry: RetryOptions | false | undefined): ResolvedRetryOptions {
  if (retry === false) return { retries: 0, baseDelayMs: 0, maxDelayMs: 0, consecutiveRequestDelayMs: 1000 };
  const retries = retry?.retries ?? 3;
  return {
    retries: Number.isSafeInteger(retries) && retries >= 0 ? retries : 3,
    baseDelayMs: Math.max(0, retry?.baseDelayMs ?? 150),
    maxDelayMs: Math.max(0, retry?.maxDelayMs ?? 2000),
    // never below 1 s: the gateway refuses repeats inside that window
    consecutiveRequestDelayMs: Math.max(1000, retry?.consecutiveRequestDelayMs ?? 1000),
  };
}

/** ms to wait before retry number `attempt` (1-based), with jitter so instances do not march in step. */
export function retryDelay(
  code: string,
  attempt: number,
  options: ResolvedRetryOptions,
  random: () => number = Math.random,
): number {
  if (code === 'FORBIDDEN_CONSECUTIVE_REQUEST') {
    return options.consecutiveRequestDelayMs + Math.floor(random() * 250);
  }
  const exponential = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  // "equal jitter": at least half the backoff, at most all of it
  return Math.floor(exponential / 2 + random() * (exponential / 2));
}
