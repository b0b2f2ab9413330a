import { describe, expect, it } from 'vitest';
import { discountFor, findCoupon } from './coupons.js';

describe('coupons', () => {
  it('finds a code however it is typed; an empty code is no coupon; an unknown one is refused', () => {
    expect(findCoupon(' welcome10 ')).toMatchObject({ code: 'WELCOME10', percent: 10 });
    expect(findCoupon('')).toBeNull();
    expect(findCoupon(undefined)).toBeNull();
    expect(() => findCoupon('FREE100')).toThrow(expect.objectContaining({ code: 'COUPON_NOT_FOUND' }));
  });

  it('discounts in whole won and never below 1,000 won', () => {
    expect(discountFor(findCoupon('WELCOME10')!, 31_500)).toBe(3_150);
    expect(discountFor(findCoupon('WELCOME10')!, 13_405)).toBe(1_340);
    expect(discountFor(findCoupon('MINUS3000')!, 27_000)).toBe(3_000);
    expect(discountFor(findCoupon('MINUS3000')!, 3_500)).toBe(2_500);
    expect(discountFor(findCoupon('MINUS3000')!, 900)).toBe(0);
  });
});
