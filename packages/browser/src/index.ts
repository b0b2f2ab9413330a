// @tosskit/browser: the checkout page's side of tosskit. It asks the shop's server for the order,
// loads the Toss SDK and opens the window; it never sees or needs the secret key.
export { createCheckout, verifyClientKey } from './create-checkout.js';
export type {
  Checkout,
  CheckoutOptions,
  CheckoutOrder,
  Customer,
  MountedWidgets,
  OrderInput,
  PayInput,
  PayMethod,
  WidgetsInput,
} from './create-checkout.js';
export { startWidgetCheckout } from './widget-checkout.js';
export type { ServerOrder, WidgetCheckout, WidgetCheckoutOptions } from './widget-checkout.js';
export { confirmPayment } from './confirm-payment.js';
export type { ConfirmPaymentOptions, PendingConfirm } from './confirm-payment.js';
export { CheckoutError, isCheckoutError } from './checkout-error.js';
export type { CheckoutErrorCode } from './checkout-error.js';
