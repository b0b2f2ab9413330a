/**
 * Optional checkout: the shop builds the order from the cart on its server (seed 002: never the
 * browser's price), and tosskit answers what the payment window needs.
 */
import { parseAmount } from '../amount/index.js';
import { ConfigurationError } from '../errors/index.js';
import { ANONYMOUS_CUSTOMER_KEY } from '../models/index.js';
import type { FlowContext } from './flow-context.js';
import { flowError, verifyOrderId } from './flow-errors.js';

/** What the shop's `createOrder` returns: the order it priced from its own catalogue. */
export interface CreatedOrder {
  orderId: string;
  orderName: string;
  /** integer won, computed by the shop from its own prices */
  amount: number;
  customerKey?: string;
  customerEmail?: string;
  customerName?: string;
  customerMobilePhone?: string;
  [key: string]: unknown;
}

/** The shop's hook for `POST {basePath}/checkout`: build and store the order from the browser's cart. */
export type CreateOrder = (body: unknown) => Promise<CreatedOrder> | CreatedOrder;

/** The answer of `POST {basePath}/checkout`: what the payment window needs. */
export interface CheckoutAnswer {
  orderId: string;
  orderName: string;
  amount: number;
  currency: 'KRW';
  customerKey: string;
  clientKey: string | null;
  successUrl: string;
  failUrl: string;
  customerEmail?: string;
  customerName?: string;
  customerMobilePhone?: string;
}

const CUSTOMER_KEY = /^[A-Za-z0-9\-_=.@]{2,50}$/;

export async function startCheckout(
  context: FlowContext,
  createOrder: CreateOrder | undefined,
  body: unknown,
  settings: { clientKey: string | null; successUrl: string; failUrl: string },
): Promise<CheckoutAnswer> {
  if (createOrder === undefined) throw flowError('ROUTE_NOT_FOUND');
  const order = await createOrder(body);
  if (typeof order !== 'object' || order === null) {
    throw new ConfigurationError(
      'CONFIGURATION_ERROR',
      'createOrder must return { orderId, orderName, amount }',
      { option: 'createOrder' },
    );
  }
  const orderId = verifyOrderId(order.orderId);
  const amount = parseAmount(order.amount);
  const orderName =
    typeof order.orderName === 'string' && order.orderName.length > 0 ? order.orderName.slice(0, 100) : null;
  if (orderName === null) throw flowError('MISSING_PARAMETER', { parameter: 'orderName' });
  const customerKey =
    typeof order.customerKey === 'string' && CUSTOMER_KEY.test(order.customerKey)
      ? order.customerKey
      : ANONYMOUS_CUSTOMER_KEY;
  // the order must be what orderLookup will later see, or confirm would refuse it
  const known = await context.orderLookup(orderId);
  if (known !== null && known !== undefined && known.amount !== amount) {
    throw flowError('AMOUNT_MISMATCH', { expected: known.amount, received: amount });
  }
  const answer: CheckoutAnswer = {
    orderId,
    orderName,
    amount,
    currency: 'KRW',
    customerKey,
    clientKey: settings.clientKey,
    successUrl: settings.successUrl,
    failUrl: settings.failUrl,
  };
  for (const field of ['customerEmail', 'customerName', 'customerMobilePhone'] as const) {
    const value = order[field];
    if (typeof value === 'string' && value.length > 0) answer[field] = value.slice(0, 100);
  }
  return answer;
}
