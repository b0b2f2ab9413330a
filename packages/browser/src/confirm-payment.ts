import { CheckoutError, type CheckoutErrorCode } from './checkout-error.js';

export interface ConfirmPaymentOptions {
  /** the middleware's confirm route; default '/payments/confirm' */
  endpoint?: string;
  paymentKey: string;
  orderId: string;
  amount: number;
  /** how long to keep asking while the server answers "confirming"; default 60 000 ms */
  timeoutMs?: number;
  /** the longest wait between two asks, whatever the server suggests; default 10 000 ms */
  maxDelayMs?: number;
  signal?: AbortSignal;
  /** called on each "confirming" answer (show "결제 확인 중…"), before the wait */
  onPending?: (pending: PendingConfirm) => void;
  fetch?: typeof fetch;
}

/** One "confirming" answer: the outcome is not known yet; the same confirm is sent again after `delayMs`. */
export interface PendingConfirm {
  /** 1 for the first "confirming" answer */
  attempt: number;
  /** how long the helper waits before asking again (the server's retryAfterMs, backed off, capped) */
  delayMs: number;
  /** the server's code ('PAYMENT_CONFIRMING', 'CONFIRM_IN_PROGRESS', a 5xx's), or 'SERVER_UNAVAILABLE' for no answer */
  code: string;
  message: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

const MIN_DELAY_MS = 500;

/**
 * Confirms a payment with the middleware (`POST {basePath}/confirm`), the promise-mode success page's one call.
 * While the server does not know the outcome yet it answers `202 PAYMENT_CONFIRMING` with `retryAfterMs`:
 * the helper waits that long (at least 0.5 s, doubling from one answer to the next, at most `maxDelayMs`) and
 * sends the same confirm again (the route is idempotent), until a 200 (resolves with the payment) or a 4xx
 * (rejects with `CONFIRM_FAILED`, the server's code in `details.code`). A 5xx, a lost connection and
 * `409 CONFIRM_IN_PROGRESS` (another confirm of the order still running) leave the outcome open too and are
 * asked again the same way. When `timeoutMs` runs out first it rejects with
 * `CONFIRM_TIMEOUT`: the payment may still complete (the server's reconciler finishes it), so show the order's
 * status page, not "payment failed". An aborted `signal` rejects with `CONFIRM_ABORTED`.
 */
export async function confirmPayment(options: ConfirmPaymentOptions): Promise<Record<string, unknown>> {
  const { paymentKey, orderId, amount, signal, onPending } = options;
  const doFetch = options.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  const fail = (code: CheckoutErrorCode, message: string, details: object = {}) =>
    new CheckoutError(code, message, { orderId, paymentKey, ...details }, { cause: signal?.reason });
  let details: object | undefined;

  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw fail('CONFIRM_ABORTED', '결제 확인을 중단했습니다');
    let status = 0;
    let body: Any = {};
    let hint = 0;
    try {
      const res = await doFetch(options.endpoint ?? '/payments/confirm', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify({ paymentKey, orderId, amount }),
        signal,
      });
      status = res.status;
      body = await res.json().catch(() => ({}));
      hint = Number(body.retryAfterMs ?? Number(res.headers.get('retry-after')) * 1000) || 0;
    } catch {
      // no answer: the outcome is open, unless the page aborted (the loop's first line rejects then)
      if (signal?.aborted) continue;
    }
    if (status === 200 && typeof body.paymentKey === 'string') return body;
    // open: "confirming", another confirm of the order still running, a 5xx, no answer
    const pending = status === 202 || status === 0 || status > 499 || body.code === 'CONFIRM_IN_PROGRESS';
    details = {
      status,
      code: body.code ?? (status === 202 ? 'PAYMENT_CONFIRMING' : pending ? 'SERVER_UNAVAILABLE' : null),
    };
    if (!pending) throw fail('CONFIRM_FAILED', body.message ?? '결제를 승인하지 못했습니다', details);
    const delayMs = Math.min(
      deadline - Date.now(),
      options.maxDelayMs ?? 10_000,
      Math.max(hint, MIN_DELAY_MS * 2 ** (attempt - 1)),
    );
    if (delayMs <= 0) break;
    onPending?.({ attempt, delayMs, code: (details as Any).code, message: body.message ?? '' });
    // the wait ends early on abort; the loop's first line then rejects
    await new Promise((resolve) => {
      const timer = setTimeout(resolve, delayMs);
      signal?.addEventListener('abort', () => resolve(clearTimeout(timer)), { once: true });
    });
  }
  throw fail('CONFIRM_TIMEOUT', '결제 확인이 끝나지 않았습니다', details);
}
