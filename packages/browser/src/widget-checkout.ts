// The order-form widget (결제위젯) on an order the server already made: the payment methods and the agreement
// rendered into the page at the server's amount; setAmount takes the server's next answer (a coupon applied,
// the cart changed), never a number the page made up.
import { CheckoutError } from './checkout-error.js';
import {
  ANONYMOUS,
  absolute,
  customerFields,
  fromSdkError,
  loadSdk,
  verifyClientKey,
} from './create-checkout.js';
import type { CheckoutOrder, Customer } from './create-checkout.js';

export interface WidgetCheckoutOptions {
  /** the server's order: the answer of `${basePath}/checkout` (orderId, orderName, amount, URLs, clientKey) */
  order: CheckoutOrder;
  /** where the widget renders the payment methods and the agreement */
  selectors: { methods: string; agreement: string };
  /** a gck key; default the order's clientKey */
  clientKey?: string;
  /** default the order's customerKey, else ANONYMOUS */
  customerKey?: string;
  customer?: Customer;
  /** the SDK script URL (the emulator's `/v2/standard` in development) */
  sdkSrc?: string;
  variantKey?: string;
  agreementVariantKey?: string;
}

/** The server's (re-)priced order; an orderId of its own replaces the order (a new one for a changed cart). */
export type ServerOrder = Pick<CheckoutOrder, 'amount'> & Partial<CheckoutOrder>;

export interface WidgetCheckout {
  readonly order: CheckoutOrder;
  /** moves the widget's amount to the server's answer (the SDK refuses anything but whole won) and keeps that order for pay() */
  setAmount(order: ServerOrder): Promise<CheckoutOrder>;
  /** requestPayment with the order's id, name and URLs; the widget pays the amount it was set to */
  pay(extra?: Record<string, unknown> & { customer?: Customer }): Promise<unknown>;
  destroy(): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

export async function startWidgetCheckout(options: WidgetCheckoutOptions): Promise<WidgetCheckout> {
  const { selectors, customer } = options;
  let current = options.order;
  const sdk = await loadSdk(verifyClientKey(options.clientKey ?? current.clientKey, 'gck'), options.sdkSrc);
  let widgets: Any;
  const setAmount = async (next: ServerOrder) => {
    await widgets.setAmount({ currency: 'KRW', value: next.amount });
    return (current = { ...current, ...next });
  };
  try {
    widgets = sdk.widgets({ customerKey: options.customerKey ?? current.customerKey ?? ANONYMOUS });
    await setAmount(current);
  } catch (error) {
    throw fromSdkError(error);
  }
  const [methods, agreement] = await Promise.all([
    widgets.renderPaymentMethods({ selector: selectors.methods, variantKey: options.variantKey }),
    widgets.renderAgreement({ selector: selectors.agreement, variantKey: options.agreementVariantKey }),
  ]);
  let agreed = true;
  agreement.on('agreementStatusChange', (s: Any) => (agreed = !!s.agreedRequiredTerms));
  return {
    get order() {
      return current;
    },
    setAmount,
    async pay({ customer: who = customer, ...extra } = {}) {
      if (!agreed) throw new CheckoutError('AGREEMENT_REQUIRED', '필수 약관에 동의해 주세요');
      try {
        return await widgets.requestPayment({
          ...extra,
          orderId: current.orderId,
          orderName: current.orderName,
          successUrl: absolute(current.successUrl),
          failUrl: absolute(current.failUrl),
          ...customerFields(who, current),
        });
      } catch (error) {
        throw fromSdkError(error, current);
      }
    },
    async destroy() {
      await methods.destroy();
      await agreement.destroy();
    },
  };
}
