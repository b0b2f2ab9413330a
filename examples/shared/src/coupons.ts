// The shop's coupons: like the prices, they live on the server. The checkout page sends a code; the server
// re-prices the order (same orderId) and answers the new amount, which the page hands to the widget.
import { TosskitError } from '@tosskit/core';

export interface Coupon {
  code: string;
  label: string;
  /** a percentage off the subtotal, rounded down to whole won */
  percent?: number;
  /** won off the subtotal */
  off?: number;
}

export const COUPONS: readonly Coupon[] = [
  { code: 'WELCOME10', label: '첫 구매 10% 할인', percent: 10 },
  { code: 'MINUS3000', label: '3,000원 할인', off: 3_000 },
];

/** the lowest amount a coupon can bring an order to (a card payment needs at least 100 won) */
export const MIN_AMOUNT_AFTER_COUPON = 1_000;

export interface AppliedCoupon {
  code: string;
  label: string;
  /** integer won taken off the subtotal */
  discount: number;
}

/** Reads an untrusted code; an empty one means "no coupon". Unknown codes are refused, not ignored. */
export function findCoupon(raw: unknown): Coupon | null {
  const code = typeof raw === 'string' ? raw.trim().toUpperCase() : '';
  if (code === '') return null;
  const coupon = COUPONS.find((c) => c.code === code);
  if (!coupon) throw new TosskitError('COUPON_NOT_FOUND', 400, `없는 쿠폰입니다: ${code.slice(0, 20)}`);
  return coupon;
}

/** The discount of a coupon on a subtotal, in whole won; never below MIN_AMOUNT_AFTER_COUPON (or the subtotal). */
export function discountFor(coupon: Coupon, subtotal: number): number {
  const raw = coupon.percent ? Math.floor((subtotal * coupon.percent) / 100) : (coupon.off ?? 0);
  return Math.max(0, Math.min(raw, subtotal - MIN_AMOUNT_AFTER_COUPON));
}
