import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createOrderStore, newOrderId } from './order-store.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'order-store-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

it('keeps orders across a restart, in one file with no temp files left behind', () => {
  const dir = tempDir();
  const store = createOrderStore(dir);
  const order = store.create({
    orderName: '머그컵',
    lines: [],
    amount: 12_500,
    customerKey: 'buyer-a',
    customerName: null,
  });
  store.update(order.orderId, { status: 'PAID', paymentKey: 'pk_1', method: '카드' });
  store.create({
    orderName: '양말',
    lines: [],
    amount: 8_900,
    customerKey: 'buyer-b',
    customerName: '김토스',
  });

  const reopened = createOrderStore(dir);
  expect(reopened.get(order.orderId)).toMatchObject({ status: 'PAID', paymentKey: 'pk_1', amount: 12_500 });
  expect(reopened.listByCustomer('buyer-a').map((o) => o.orderId)).toEqual([order.orderId]);
  expect(reopened.list()).toHaveLength(2);
  expect(readdirSync(dir)).toEqual(['shop-orders.json']);
});

it('answers null for an unknown order and does not create it on update', () => {
  const store = createOrderStore(tempDir());
  expect(store.get('order-missing')).toBeNull();
  expect(store.update('order-missing', { status: 'PAID' })).toBeNull();
  expect(store.list()).toEqual([]);
});

it('makes order ids the gateway accepts (6-64 chars of [A-Za-z0-9-_=]) and never twice', () => {
  const ids = new Set(Array.from({ length: 500 }, () => newOrderId()));
  expect(ids.size).toBe(500);
  for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_=-]{6,64}$/);
});
