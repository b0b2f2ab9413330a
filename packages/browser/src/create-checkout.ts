import { ANONYMOUS, loadTossPayments } from '@tosspayments/tosspayments-sdk';
import type { TossPaymentsSDK } from '@tosspayments/tosspayments-sdk';
import { CheckoutError } from './checkout-error.js';
import { startWidgetCheckout } from './widget-checkout.js';

// one import of the SDK's constant in the bundle, shared with widget-checkout.ts
export { ANONYMOUS };

export type PayMethod = 'CARD' | 'VIRTUAL_ACCOUNT' | 'TRANSFER' | 'MOBILE_PHONE';

export interface CheckoutOptions {
  /** where the tosskit middleware is mounted; default '/payments' */
  basePath?: string;
  /** overrides the server's clientKey (ck for pay()/billing, gck for widgets) */
  clientKey?: string;
  /** the SDK script URL; point it at the emulator in development (`<emulator>/v2/standard`) */
  sdkSrc?: string;
  fetch?: typeof fetch;
}

export interface Customer {
  name?: string;
  email?: string;
  mobilePhone?: string;
}

/** What the page sends to `${basePath}/checkout`; the server prices it from its own catalogue. */
export interface OrderInput {
  cart?: unknown;
  orderRef?: string;
  customer?: Customer;
}

export interface PayInput extends OrderInput {
  method: PayMethod;
  card?: Record<string, unknown> & {
    easyPay?: string;
    flowMode?: 'DIRECT' | 'DEFAULT';
    cardCompany?: string;
  };
  virtualAccount?: Record<string, unknown> & {
    validHours?: number;
    cashReceipt?: { type: '소득공제' | '지출증빙' | '미발행' };
  };
  transfer?: Record<string, unknown>;
  mobilePhone?: Record<string, unknown>;
  windowTarget?: 'iframe' | 'self';
}

/** The server's checkout answer (the middleware's POST /checkout). */
export interface CheckoutOrder {
  orderId: string;
  orderName: string;
  amount: number;
  customerKey?: string;
  successUrl: string;
  failUrl: string;
  clientKey?: string;
  [key: string]: unknown;
}

export interface WidgetsInput extends OrderInput {
  methodsSelector: string;
  agreementSelector: string;
  variantKey?: string;
  agreementVariantKey?: string;
}

export interface MountedWidgets {
  readonly order: CheckoutOrder;
  /** re-prices the order on the server (cart changed) and moves the widget's amount with it */
  update(input: OrderInput): Promise<CheckoutOrder>;
  requestPayment(extra?: Record<string, unknown>): Promise<unknown>;
  destroy(): Promise<void>;
}

type Family = 'ck' | 'gck';
type Sdk = TossPaymentsSDK;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

const CANCEL_CODES = ['USER_CANCEL', 'PAY_PROCESS_CANCELED'];

/** A key must be of the family the mode needs; a secret key in a page is an incident, not a typo. */
export function verifyClientKey(key: string | undefined, family: Family): string {
  if (!key) throw new CheckoutError('CLIENT_KEY_MISSING', '클라이언트 키가 없습니다 (clientKey)');
  if (/^(test|live)_(g?sk|ak)_/.test(key)) {
    throw new CheckoutError(
      'SECRET_KEY_EXPOSED',
      '시크릿 키는 브라우저에 두면 안 됩니다: 클라이언트 키를 쓰고 시크릿 키를 재발급하세요',
    );
  }
  const got = /^(test|live)_(g?ck)_/.exec(key)?.[2];
  if (got !== family) {
    throw new CheckoutError('CLIENT_KEY_WRONG_FAMILY', `이 연동에는 ${family} 키가 필요합니다`, {
      expected: family,
      received: got ?? null,
    });
  }
  return key;
}

export const absolute = (url: string) => new URL(url, location.href).href;

export function fromSdkError(error: Any, order?: CheckoutOrder): CheckoutError {
  const code: string | undefined = error?.code;
  const message: string = error?.message ?? String(error);
  if (CANCEL_CODES.includes(code as string) || error?.name === 'UserCancelError') {
    const details: Record<string, unknown> = { sdkCode: code };
    if (order) {
      const q = new URLSearchParams({
        code: 'PAY_PROCESS_CANCELED',
        message: '구매자가 결제를 취소했습니다',
        orderId: order.orderId,
      });
      details.failUrl = `${absolute(order.failUrl)}${order.failUrl.includes('?') ? '&' : '?'}${q}`;
    }
    return new CheckoutError('USER_CANCELED', '구매자가 결제창을 닫았습니다', details, { cause: error });
  }
  if (/NOT_SUPPORTED_(WIDGET|API_INDIVIDUAL)_KEY/.test(code ?? '')) {
    return new CheckoutError('CLIENT_KEY_WRONG_FAMILY', message, { sdkCode: code }, { cause: error });
  }
  return new CheckoutError('PAYMENT_REQUEST_FAILED', message, { sdkCode: code }, { cause: error });
}

/** Loads the SDK; a script that does not load says why (csp, offline, namespace, network). */
export async function loadSdk(key: string, src: string | undefined): Promise<Sdk> {
  let csp = false;
  const onViolation = () => (csp = true);
  document.addEventListener?.('securitypolicyviolation', onViolation);
  try {
    return await loadTossPayments(key, src ? { src } : undefined);
  } catch (error: Any) {
    if (!/ScriptLoadFailed|NamespaceNotAvailable/.test(error?.name)) throw fromSdkError(error);
    // the violation event is queued as its own task: let it arrive before deciding why
    await new Promise((r) => setTimeout(r, 0));
    const reason = csp
      ? 'csp'
      : navigator.onLine === false
        ? 'offline'
        : /Namespace/.test(error.name)
          ? 'namespace'
          : 'network';
    throw new CheckoutError(
      'SDK_LOAD_FAILED',
      `토스페이먼츠 SDK를 불러오지 못했습니다 (${reason})`,
      { reason, src },
      { cause: error },
    );
  } finally {
    document.removeEventListener?.('securitypolicyviolation', onViolation);
  }
}

/** Prices the order on the server (the middleware's POST /checkout under `base`). */
async function postOrder(
  doFetch: typeof fetch,
  base: string,
  input: OrderInput & { method?: string },
): Promise<CheckoutOrder> {
  let res: Response;
  try {
    res = await doFetch(`${base}/checkout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify(input),
    });
  } catch (error) {
    throw new CheckoutError(
      'CHECKOUT_FAILED',
      '주문 서버에 연결하지 못했습니다',
      { status: 0 },
      { cause: error },
    );
  }
  const body: Any = await res.json().catch(() => ({}));
  if (!res.ok || !Number.isSafeInteger(body.amount)) {
    throw new CheckoutError('CHECKOUT_FAILED', body.message ?? '주문을 만들지 못했습니다', {
      status: res.status,
      code: body.code,
    });
  }
  return body;
}

export const customerFields = (c: Customer = {}, o: CheckoutOrder) => ({
  customerName: c.name ?? o.customerName,
  customerEmail: c.email ?? o.customerEmail,
  customerMobilePhone: c.mobilePhone ?? o.customerMobilePhone,
});

export function createCheckout(options: CheckoutOptions = {}) {
  const base = (options.basePath ?? '/payments').replace(/\/$/, '');
  const doFetch = options.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
  const load = (key: string) => loadSdk(key, options.sdkSrc);
  const order = (input: OrderInput & { method?: string }) => postOrder(doFetch, base, input);

  return {
    order,

    /** Prices the order on the server, then opens the payment window (redirects to the middleware's success/fail routes). */
    async pay(input: PayInput): Promise<unknown> {
      const { method, cart, orderRef, customer, card, ...methodOptions } = input;
      const o = await order({ cart, orderRef, customer, method });
      const sdk = await load(verifyClientKey(options.clientKey ?? o.clientKey, 'ck'));
      const request = {
        ...methodOptions,
        method,
        // an easy-pay app opens only in the direct flow
        card: card && { flowMode: card.easyPay ? 'DIRECT' : undefined, ...card },
        amount: { currency: 'KRW', value: o.amount },
        orderId: o.orderId,
        orderName: o.orderName,
        successUrl: absolute(o.successUrl),
        failUrl: absolute(o.failUrl),
        ...customerFields(customer, o),
      };
      try {
        return await (sdk.payment({ customerKey: o.customerKey ?? ANONYMOUS }).requestPayment as Any)(
          request,
        );
      } catch (error) {
        throw fromSdkError(error, o);
      }
    },

    /** Card or transfer registration for billing (자동결제); the middleware issues the billing key. */
    async requestBillingAuth(
      input: { customerKey: string; method?: 'CARD' | 'TRANSFER'; customer?: Customer } & Record<
        string,
        unknown
      >,
    ) {
      const { customerKey, method = 'CARD', customer = {}, ...rest } = input;
      const sdk = await load(verifyClientKey(options.clientKey, 'ck'));
      try {
        return await (sdk.payment({ customerKey }).requestBillingAuth as Any)({
          ...rest,
          method,
          successUrl: absolute(`${base}/billing/success`),
          failUrl: absolute(`${base}/billing/fail`),
          customerName: customer.name,
          customerEmail: customer.email,
        });
      } catch (error) {
        throw fromSdkError(error);
      }
    },

    /** The order-form widget on a fresh server order: startWidgetCheckout, plus update() to re-price the cart. */
    async mountWidgets(input: WidgetsInput): Promise<MountedWidgets> {
      const { methodsSelector: methods, agreementSelector: agreement, cart, orderRef, ...rest } = input;
      const w: Any = await startWidgetCheckout({
        ...rest,
        ...options,
        selectors: { methods, agreement },
        order: await order({ cart, orderRef, customer: rest.customer }),
      });
      w.update = async (next: OrderInput) => w.setAmount(await order(next));
      w.requestPayment = w.pay;
      return w;
    },
  };
}

export type Checkout = ReturnType<typeof createCheckout>;
