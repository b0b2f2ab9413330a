/** Stable codes a checkout page can switch on; the messages are for people, the codes are for code. */
export type CheckoutErrorCode =
  /** the SDK script did not load; `details.reason` says why: 'csp' | 'offline' | 'network' | 'namespace' */
  | 'SDK_LOAD_FAILED'
  /** no client key in the options nor in the server's checkout answer */
  | 'CLIENT_KEY_MISSING'
  /** a ck key given to widgets() or a gck key given to payment() */
  | 'CLIENT_KEY_WRONG_FAMILY'
  /** a secret key (sk/gsk) reached the browser: rotate it */
  | 'SECRET_KEY_EXPOSED'
  /** the server's checkout route refused or failed; `details` carries its status and code */
  | 'CHECKOUT_FAILED'
  /** the buyer closed the payment window; `details.failUrl` leads to the server's fail route */
  | 'USER_CANCELED'
  /** the widget's required terms are not agreed yet */
  | 'AGREEMENT_REQUIRED'
  /** anything else the SDK rejected with; `details.sdkCode` keeps its code */
  | 'PAYMENT_REQUEST_FAILED'
  /** confirmPayment: the server refused the confirm (4xx); `details` has its status and code, orderId, paymentKey */
  | 'CONFIRM_FAILED'
  /**
   * confirmPayment: `timeoutMs` ran out while the server still answered "confirming" (or could not be reached);
   * the outcome is not known, the payment may still complete: show the order's status, not a failure
   */
  | 'CONFIRM_TIMEOUT'
  /** confirmPayment: the page aborted it through `signal` */
  | 'CONFIRM_ABORTED';

export class CheckoutError extends Error {
  override readonly name = 'CheckoutError';
  constructor(
    readonly code: CheckoutErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isCheckoutError(value: unknown): value is CheckoutError {
  return value instanceof CheckoutError;
}
