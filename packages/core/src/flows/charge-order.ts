/**
 * Charging a registered card for one of the shop's orders: the rules every entry point gives (the
 * `POST {basePath}/billing/charge` route and `handler.charge()` alike). The amount comes from the shop's
 * order, as for every payment (guarantee 1): an order `orderLookup` does not know is ORDER_NOT_FOUND and
 * another amount is AMOUNT_MISMATCH, both before the gateway is asked. Then `chargeBillingKey` charges at
 * most once per orderId.
 */
import { parseAmount, verifyOrderAmount } from '../amount/index.js';
import { chargeBillingKey, verifyCustomerKey, type ChargeInput, type ChargeResult } from './billing-flow.js';
import type { FlowContext } from './flow-context.js';
import { flowError, verifyOrderId, verifyStorableText } from './flow-errors.js';

/** What `handler.charge()` takes: `orderName` defaults to the order's own (`orderLookup(orderId).orderName`). */
export type OrderChargeInput = Omit<ChargeInput, 'orderName'> & { orderName?: unknown };

export async function chargeForOrder(context: FlowContext, input: OrderChargeInput): Promise<ChargeResult> {
  verifyCustomerKey(input.customerKey);
  const orderId = verifyOrderId(input.orderId);
  verifyStorableText('orderName', input.orderName);
  const order = await context.orderLookup(orderId);
  if (order === null || order === undefined) throw flowError('ORDER_NOT_FOUND', { orderId });
  verifyOrderAmount(parseAmount(input.amount), order.amount);
  return chargeBillingKey(context, { ...input, orderName: input.orderName ?? order.orderName });
}
