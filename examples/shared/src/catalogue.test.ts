import { describe, expect, it } from 'vitest';
import { formatWon, parseCart, priceCart } from './catalogue.js';

describe('the catalogue prices carts on the server', () => {
  it('sums integer prices from the table and names the order after its first line', () => {
    const priced = priceCart(parseCart(JSON.stringify({ 'tee-white': 2, 'mug-blue': 1 })));
    expect(priced.amount).toBe(2 * 19_000 + 12_500);
    expect(priced.orderName).toBe('흰색 반팔 티셔츠 외 1건');
    expect(priced.lines.map((l) => l.subtotal)).toEqual([38_000, 12_500]);
    expect(priceCart({ notebook: 1 }).orderName).toBe('줄노트 A5');
  });

  it('ignores any price the browser sends: only SKUs and quantities count', () => {
    expect(() => parseCart({ 'tee-white': 1, price: 1 })).toThrow(
      expect.objectContaining({ code: 'INVALID_CART' }),
    );
  });

  it.each([
    [{ 'no-such-sku': 1 }],
    [{ 'tee-white': 0 }],
    [{ 'tee-white': 1.5 }],
    [{ 'tee-white': 100 }],
    [{ 'tee-white': '2' }],
    [[{ sku: 'tee-white' }]],
    ['not json'],
  ])('refuses %j with a 400 INVALID_CART', (raw) => {
    expect(() => parseCart(raw)).toThrow(expect.objectContaining({ code: 'INVALID_CART', status: 400 }));
  });

  it('refuses an empty cart at pricing time', () => {
    expect(() => priceCart(parseCart(undefined))).toThrow(
      expect.objectContaining({ code: 'EMPTY_CART', status: 400 }),
    );
  });

  it('formats won with thousands separators', () => {
    expect(formatWon(1_234_500)).toBe('1,234,500원');
  });
});
