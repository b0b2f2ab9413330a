/**
 * Type test (checked by `tsc`, not run): `ShopOrder` has no index signature, so a misspelt field fails to
 * compile. Each `@ts-expect-error` line fails the typecheck if the error it expects goes away.
 */
import type { OrderLookup, ShopOrder } from './flow-context.js';

export const order: ShopOrder = { amount: 1000, orderName: '티셔츠', payable: false, customerKey: 'buyer-1' };

// @ts-expect-error a typo of `payable` is no field of ShopOrder
export const misspelt: ShopOrder = { amount: 1000, payabel: false };

// @ts-expect-error the amount is integer won, a number, never a string
export const textAmount: ShopOrder = { amount: '1000' };

// @ts-expect-error orderLookup answers a ShopOrder: an unknown field in its answer does not compile
export const lookup: OrderLookup = (): ShopOrder => ({ amount: 1000, amout: 1000 });
