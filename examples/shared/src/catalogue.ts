// The shop's own catalogue: prices live here, on the server. The browser sends a cart of SKUs and
// quantities; the amount the gateway sees is always computed from this table (seed 002).
import { TosskitError } from '@tosskit/core';

export interface Product {
  sku: string;
  name: string;
  /** integer won */
  price: number;
  emoji: string;
}

export const PRODUCTS: readonly Product[] = [
  { sku: 'tee-white', name: '흰색 반팔 티셔츠', price: 19_000, emoji: '👕' },
  { sku: 'mug-blue', name: '파란 머그컵', price: 12_500, emoji: '☕' },
  { sku: 'socks-3', name: '양말 3켤레 묶음', price: 8_900, emoji: '🧦' },
  { sku: 'notebook', name: '줄노트 A5', price: 4_500, emoji: '📓' },
  { sku: 'tumbler', name: '스테인리스 텀블러', price: 27_000, emoji: '🥤' },
];

const BY_SKU = new Map(PRODUCTS.map((p) => [p.sku, p]));
const MAX_QUANTITY = 99;

/** sku → quantity, as kept in the cart cookie and sent by the checkout page */
export type Cart = Record<string, number>;

export interface PricedLine {
  sku: string;
  name: string;
  price: number;
  quantity: number;
  subtotal: number;
}

export interface PricedCart {
  lines: PricedLine[];
  amount: number;
  orderName: string;
}

/** Reads an untrusted cart (cookie or request body). Unknown SKUs and bad quantities are refused, not guessed. */
export function parseCart(raw: unknown): Cart {
  if (raw === undefined || raw === null || raw === '') return {};
  const value = typeof raw === 'string' ? safeJson(raw) : raw;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalidCart('장바구니 형식이 올바르지 않습니다');
  const cart: Cart = {};
  for (const [sku, qty] of Object.entries(value)) {
    if (!BY_SKU.has(sku)) throw invalidCart(`없는 상품입니다: ${sku}`);
    if (!Number.isSafeInteger(qty) || (qty as number) < 1 || (qty as number) > MAX_QUANTITY) {
      throw invalidCart(`수량은 1~${MAX_QUANTITY} 사이의 정수여야 합니다`);
    }
    cart[sku] = qty as number;
  }
  return cart;
}

export function priceCart(cart: Cart): PricedCart {
  const lines: PricedLine[] = [];
  let amount = 0;
  for (const [sku, quantity] of Object.entries(cart)) {
    const product = BY_SKU.get(sku);
    if (!product) throw invalidCart(`없는 상품입니다: ${sku}`);
    const subtotal = product.price * quantity;
    lines.push({ sku, name: product.name, price: product.price, quantity, subtotal });
    amount += subtotal;
  }
  if (lines.length === 0) throw new TosskitError('EMPTY_CART', 400, '장바구니가 비어 있습니다');
  const first = lines[0]!;
  const orderName = lines.length === 1 ? first.name : `${first.name} 외 ${lines.length - 1}건`;
  return { lines, amount, orderName };
}

export function findProduct(sku: string): Product | undefined {
  return BY_SKU.get(sku);
}

const won = new Intl.NumberFormat('ko-KR');
export const formatWon = (amount: number) => `${won.format(amount)}원`;

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function invalidCart(message: string) {
  return new TosskitError('INVALID_CART', 400, message);
}
