// The shop's own orders (not the payments: those are in the tosskit ledger). A small JSON file in the
// data directory is enough for an example and survives restarts; writes go to a temp file first and are
// renamed over the old one, so a crash never leaves half a file.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PricedLine } from './catalogue.js';

export type OrderStatus =
  | 'PENDING'
  | 'WAITING_FOR_DEPOSIT'
  | 'PAID'
  | 'PARTIAL_CANCELED'
  | 'CANCELED'
  | 'FAILED'
  | 'EXPIRED';

export interface ShopOrder {
  orderId: string;
  orderName: string;
  lines: PricedLine[];
  /** integer won: the catalogue's subtotal, less the coupon's discount */
  amount: number;
  /** which checkout made it: the widget (widget keys) or the payment window (API individual keys) */
  checkout?: 'widget' | 'window';
  /** the catalogue's price of the lines, before the coupon */
  subtotal?: number;
  coupon?: { code: string; label: string; discount: number } | null;
  customerKey: string;
  customerName: string | null;
  status: OrderStatus;
  paymentKey: string | null;
  method: string | null;
  failure: { code: string; message: string } | null;
  createdAt: string;
  updatedAt: string;
}

export interface OrderStore {
  create(
    input: Pick<ShopOrder, 'orderName' | 'lines' | 'amount' | 'customerKey' | 'customerName'> &
      Partial<Pick<ShopOrder, 'checkout' | 'subtotal'>>,
  ): ShopOrder;
  get(orderId: string): ShopOrder | null;
  update(orderId: string, patch: Partial<Omit<ShopOrder, 'orderId'>>): ShopOrder | null;
  listByCustomer(customerKey: string): ShopOrder[];
  list(): ShopOrder[];
}

/** orderId: 6–64 chars of [A-Za-z0-9-_=]; unguessable, and sortable by time for people reading logs */
export function newOrderId(now = Date.now()): string {
  return `order-${now.toString(36)}-${randomBytes(9).toString('base64url')}`;
}

export function createOrderStore(dataDir: string): OrderStore {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'shop-orders.json');
  const orders = new Map<string, ShopOrder>();
  try {
    for (const order of JSON.parse(readFileSync(file, 'utf8')) as ShopOrder[])
      orders.set(order.orderId, order);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }

  const save = () => {
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify([...orders.values()], null, 1));
    renameSync(tmp, file);
  };
  const newestFirst = (a: ShopOrder, b: ShopOrder) => b.createdAt.localeCompare(a.createdAt);

  return {
    create(input) {
      const now = new Date().toISOString();
      const order: ShopOrder = {
        ...input,
        orderId: newOrderId(),
        status: 'PENDING',
        paymentKey: null,
        method: null,
        failure: null,
        createdAt: now,
        updatedAt: now,
      };
      orders.set(order.orderId, order);
      save();
      return order;
    },
    get: (orderId) => orders.get(orderId) ?? null,
    update(orderId, patch) {
      const order = orders.get(orderId);
      if (!order) return null;
      const next = { ...order, ...patch, updatedAt: new Date().toISOString() };
      orders.set(orderId, next);
      save();
      return next;
    },
    listByCustomer: (customerKey) =>
      [...orders.values()].filter((o) => o.customerKey === customerKey).sort(newestFirst),
    list: () => [...orders.values()].sort(newestFirst),
  };
}
