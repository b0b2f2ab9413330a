// What both example shops share: the shop's data (orders, ledger), the tosskit options with the shop's
// hooks, and one function per page. The Express and Koa servers only route requests to these.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Payment, TossPaymentsOptions } from '@tosskit/core';
import { createLedger, generateEncryptionKey } from '@tosskit/ledger';
import type { PersistentLedger } from '@tosskit/ledger';
import { signAdminToken, verifyAdminToken } from './admin-token.js';
import { parseCart, priceCart } from './catalogue.js';
import { parseCookies } from './cookies.js';
import { discountFor, findCoupon } from './coupons.js';
import type { Cart } from './catalogue.js';
import { createEmulatorControlClient } from './emulator-control.js';
import type { Html } from './html.js';
import { createOrderStore } from './order-store.js';
import type { OrderStatus, OrderStore } from './order-store.js';
import { checkoutPage, windowCheckoutPage } from './checkout-pages.js';
import * as pages from './pages.js';
import { resolveShopOptions } from './shop-config.js';
import type { ResolvedShopOptions, ShopOptions } from './shop-config.js';
import { syncedWebhookLog } from './webhook-log.js';

export const COOKIES = { buyer: 'buyer', cart: 'cart', admin: 'admin_token' } as const;
const BUYER_PATTERN = /^buyer-[A-Za-z0-9_-]{16,40}$/;

export type PageResult =
  | { status: number; html: string; setCookies?: Record<string, string | null> }
  | { status: 302 | 303; redirect: string; setCookies?: Record<string, string | null> }
  | { status: number; json: unknown };

export interface RequestCookies {
  buyer?: string | undefined;
  cart?: string | undefined;
  admin?: string | undefined;
}

/** Payment statuses as the shop's order sees them. */
const ORDER_STATUS_BY_PAYMENT: Partial<Record<string, OrderStatus>> = {
  DONE: 'PAID',
  WAITING_FOR_DEPOSIT: 'WAITING_FOR_DEPOSIT',
  PARTIAL_CANCELED: 'PARTIAL_CANCELED',
  CANCELED: 'CANCELED',
  EXPIRED: 'EXPIRED',
  ABORTED: 'FAILED',
};

/** The ledger encrypts virtual-account secrets at rest; the example keeps its key beside the data (not for production). */
function ledgerEncryptionKey(dataDir: string): string {
  const fromEnv = process.env.SHOP_LEDGER_KEY;
  if (fromEnv) return fromEnv;
  const file = join(dataDir, 'ledger.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, String(generateEncryptionKey()), { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return readFileSync(file, 'utf8').trim();
}

export interface ShopCore {
  config: ResolvedShopOptions;
  ledger: PersistentLedger;
  orders: OrderStore;
  /** what `tossPayments(...)` gets in both servers: the widget checkout (widget keys) under /payments */
  tossOptions: TossPaymentsOptions & { basePath: string };
  /** the payment-window checkout (API individual keys) under /payments/window, mounted before tossOptions */
  windowTossOptions: TossPaymentsOptions & { basePath: string };
  /** the buyer's customerKey from the cookie, or a new one to set */
  buyer(cookie: string | undefined): { key: string; isNew: boolean };
  cart(cookie: string | undefined): Cart;
  home(c: RequestCookies): PageResult;
  cartPage(c: RequestCookies): PageResult;
  addToCart(c: RequestCookies, sku: unknown): PageResult;
  removeFromCart(c: RequestCookies, sku: unknown): PageResult;
  /** the widget checkout (the default) */
  checkout(c: RequestCookies): PageResult;
  /** the payment-window checkout */
  windowCheckout(c: RequestCookies): PageResult;
  /** re-prices the buyer's pending order with a coupon code (empty: none); answers the server's new amount */
  applyCoupon(c: RequestCookies, orderId: unknown, code: unknown): PageResult;
  /** `fromPayment`: the buyer arrives from tosskit's success redirect, so the cart has been bought */
  order(c: RequestCookies, orderId: string, fromPayment?: boolean): Promise<PageResult>;
  orderStatus(c: RequestCookies, orderId: string): PageResult;
  fail(c: RequestCookies, query: Record<string, unknown>): Promise<PageResult>;
  myOrders(c: RequestCookies): PageResult;
  admin(c: RequestCookies): Promise<PageResult>;
  adminLogin(): Promise<PageResult>;
  webhooks(c: RequestCookies): Promise<PageResult>;
  simulateDeposit(orderId: string): Promise<PageResult>;
  close(): Promise<void>;
}

export async function createShopCore(options: ShopOptions): Promise<ShopCore> {
  const config = resolveShopOptions(options);
  const orders = createOrderStore(config.dataDir);
  const ledger = await createLedger({
    dataDir: join(config.dataDir, 'ledger'),
    encryptionKey: ledgerEncryptionKey(config.dataDir),
  });
  const emulator = config.dev && config.emulatorUrl ? createEmulatorControlClient(config.emulatorUrl) : null;
  // /admin/webhooks: the emulator's deliveries, copied into the data folder (survives restarts)
  const webhookLog = syncedWebhookLog(config.dataDir, emulator && (() => emulator.deliveries()));

  // Every hook lands here: the order follows its payment, never the other way round.
  const applyPayment = (payment: Payment) => {
    webhookLog.syncSoon();
    const status = ORDER_STATUS_BY_PAYMENT[payment.status];
    if (!status) return;
    orders.update(payment.orderId, {
      status,
      paymentKey: payment.paymentKey,
      method: payment.method ?? null,
    });
  };

  // Everything but the keys and the base path is the same for both checkouts; `checkout` marks the order.
  const optionsFor = (checkout: 'widget' | 'window'): TossPaymentsOptions & { basePath: string } => ({
    secretKey: checkout === 'widget' ? config.widgetSecretKey : config.secretKey,
    clientKey: checkout === 'widget' ? config.widgetClientKey : config.clientKey,
    ...(config.apiBaseUrl ? { apiBaseUrl: config.apiBaseUrl } : {}),
    basePath: checkout === 'widget' ? pages.BASE_PATH : pages.WINDOW_BASE_PATH,
    ledger,
    // POST /payments/checkout: the browser sends a cart; the price comes from the catalogue (seed 002).
    // The servers put the buyer's cookie into `customerKey` before this runs, so the page cannot choose it.
    createOrder: async (raw) => {
      const body = (raw ?? {}) as Record<string, unknown>;
      const priced = priceCart(parseCart(body.cart));
      const customer = (body.customer ?? {}) as { name?: unknown };
      const customerKey =
        typeof body.customerKey === 'string' && BUYER_PATTERN.test(body.customerKey)
          ? body.customerKey
          : newBuyerKey();
      const name = typeof customer.name === 'string' ? customer.name.trim().slice(0, 50) : '';
      const order = orders.create({
        orderName: priced.orderName,
        lines: priced.lines,
        amount: priced.amount,
        subtotal: priced.amount,
        checkout,
        customerKey,
        customerName: name || null,
      });
      return {
        orderId: order.orderId,
        orderName: order.orderName,
        amount: order.amount,
        customerKey,
        customerName: order.customerName ?? undefined,
      };
    },
    // what the success route checks the window's amount against
    orderLookup: async (orderId: string) => {
      const order = orders.get(orderId);
      return (
        order && {
          amount: order.amount,
          orderName: order.orderName,
          payable: order.status === 'PENDING',
          customerKey: order.customerKey,
        }
      );
    },
    // GET /payments/payments/:paymentKey answers only the order's buyer (or an operator's token): the buyer
    // cookie names the customerKey that orderLookup returns for the buyer's own orders
    identifyBuyer: (request) => {
      const key = parseCookies(request.headers.get('cookie') ?? undefined)[COOKIES.buyer];
      return key !== undefined && BUYER_PATTERN.test(key) ? { customerKey: key } : null;
    },
    onPaymentConfirmed: applyPayment,
    onVirtualAccountIssued: applyPayment,
    onDepositReceived: applyPayment,
    onPaymentCanceled: applyPayment,
    onPaymentFailed: (failure) => {
      const order = orders.get(failure.orderId);
      if (order?.status === 'PENDING')
        orders.update(failure.orderId, {
          status: 'FAILED',
          failure: { code: failure.code, message: failure.message },
        });
    },
    redirects: { success: '/orders/:orderId', fail: '/checkout/fail' },
    jwt: { secret: config.jwtSecret },
  });
  const tossOptions = optionsFor('widget');
  const windowTossOptions = optionsFor('window');

  const cartOf = (cookie: string | undefined): Cart => {
    try {
      return parseCart(cookie ? decodeURIComponent(cookie) : undefined);
    } catch {
      return {}; // a stale or edited cookie: start over rather than fail the page
    }
  };
  const count = (cart: Cart) => Object.values(cart).reduce((a, b) => a + b, 0);
  const page = (c: RequestCookies, title: string, body: Html, status = 200): PageResult => ({
    status,
    html: pages.layout(title, body, { cartCount: count(cartOf(c.cart)), dev: config.dev }),
  });
  const saveCart = (cart: Cart, to = '/cart'): PageResult => ({
    status: 303,
    redirect: to,
    setCookies: {
      [COOKIES.cart]: Object.keys(cart).length ? encodeURIComponent(JSON.stringify(cart)) : null,
    },
  });
  // an order page is the buyer's own: another browser with the URL sees nothing
  const ownOrder = (c: RequestCookies, orderId: string) => {
    const order = orders.get(orderId);
    return order && order.customerKey === c.buyer ? order : null;
  };
  const adminRole = (c: RequestCookies) => verifyAdminToken(config.jwtSecret, c.admin);

  return {
    config,
    ledger,
    orders,
    tossOptions,
    windowTossOptions,
    buyer(cookie) {
      return cookie && BUYER_PATTERN.test(cookie)
        ? { key: cookie, isNew: false }
        : { key: newBuyerKey(), isNew: true };
    },
    cart: cartOf,
    home: (c) => page(c, '상품', pages.homePage()),
    cartPage(c) {
      const cart = cartOf(c.cart);
      return page(c, '장바구니', pages.cartPage(count(cart) ? priceCart(cart) : null));
    },
    addToCart(c, sku) {
      const cart = cartOf(c.cart);
      if (typeof sku !== 'string') return saveCart(cart);
      try {
        return saveCart(parseCart({ ...cart, [sku]: Math.min((cart[sku] ?? 0) + 1, 99) }));
      } catch {
        return saveCart(cart);
      }
    },
    removeFromCart(c, sku) {
      const cart = { ...cartOf(c.cart) };
      if (typeof sku === 'string') delete cart[sku];
      return saveCart(cart);
    },
    checkout(c) {
      const cart = cartOf(c.cart);
      if (!count(cart)) return { status: 303, redirect: '/cart' };
      return page(c, '주문/결제', checkoutPage({ priced: priceCart(cart), cart, sdkSrc: config.sdkSrc }));
    },
    windowCheckout(c) {
      const cart = cartOf(c.cart);
      if (!count(cart)) return { status: 303, redirect: '/cart' };
      return page(
        c,
        '주문/결제 (결제창)',
        windowCheckoutPage({ priced: priceCart(cart), cart, sdkSrc: config.sdkSrc }),
      );
    },
    applyCoupon(c, orderId, code) {
      const order = typeof orderId === 'string' ? ownOrder(c, orderId) : null;
      if (!order) return { status: 404, json: { code: 'ORDER_NOT_FOUND', message: '없는 주문입니다' } };
      if (order.status !== 'PENDING')
        return { status: 409, json: { code: 'ORDER_NOT_PAYABLE', message: '이미 결제를 마친 주문입니다' } };
      let coupon;
      try {
        coupon = findCoupon(code);
      } catch (error) {
        return { status: 400, json: { code: 'COUPON_NOT_FOUND', message: (error as Error).message } };
      }
      // the discount is always taken off the catalogue's subtotal: applying a code twice changes nothing
      const subtotal = order.subtotal ?? order.amount;
      const discount = coupon ? discountFor(coupon, subtotal) : 0;
      const applied = coupon ? { code: coupon.code, label: coupon.label, discount } : null;
      const updated = orders.update(order.orderId, {
        subtotal,
        amount: subtotal - discount,
        coupon: applied,
      })!;
      return {
        status: 200,
        json: {
          orderId: updated.orderId,
          orderName: updated.orderName,
          amount: updated.amount,
          subtotal,
          coupon: applied,
        },
      };
    },
    async order(c, orderId, fromPayment = false) {
      const order = ownOrder(c, orderId);
      if (!order) return page(c, '주문을 찾을 수 없습니다', pages.notFoundPage(), 404);
      const record = await ledger.getPaymentByOrderId(orderId);
      const title =
        order.status === 'WAITING_FOR_DEPOSIT'
          ? '입금을 기다리고 있습니다'
          : order.status === 'PAID'
            ? '결제가 완료되었습니다'
            : '주문 상세';
      // just paid: the cart is done (and the header must not count it any more)
      const paid = fromPayment && (order.status === 'PAID' || order.status === 'WAITING_FOR_DEPOSIT');
      const result = page(
        paid ? { ...c, cart: undefined } : c,
        title,
        pages.orderPage({ order, record, dev: config.dev }),
      );
      return paid && 'html' in result ? { ...result, setCookies: { [COOKIES.cart]: null } } : result;
    },
    orderStatus(c, orderId) {
      const order = ownOrder(c, orderId);
      return order
        ? { status: 200, json: { orderId, status: order.status } }
        : { status: 404, json: { code: 'ORDER_NOT_FOUND', message: '없는 주문입니다' } };
    },
    async fail(c, query) {
      const text = (v: unknown) => (typeof v === 'string' && v ? v.slice(0, 300) : null);
      const orderId = text(query.orderId);
      // tosskit redirects with the code; the reason it recorded (the window's message) is in the ledger
      const recorded = orderId
        ? ((await ledger.getOrderFailure(orderId)) ?? orders.get(orderId)?.failure ?? null)
        : null;
      return page(
        c,
        '결제 실패',
        pages.failPage({
          code: text(query.code) ?? recorded?.code ?? 'UNKNOWN',
          message: text(query.message) ?? recorded?.message ?? '알 수 없는 이유로 결제가 완료되지 않았습니다',
          orderId,
        }),
      );
    },
    myOrders(c) {
      const buyer = c.buyer && BUYER_PATTERN.test(c.buyer) ? c.buyer : null;
      // every checkout visit makes an order for the widget; one that was never paid is not worth listing
      const listed = buyer ? orders.listByCustomer(buyer).filter((o) => o.status !== 'PENDING') : [];
      return page(c, '내 주문', pages.myOrdersPage(listed));
    },
    async admin(c) {
      const role = await adminRole(c);
      if (!role) return page(c, '관리자 로그인', pages.adminLoginPage(config.dev), 401);
      const records = await ledger.listPayments({ limit: 100 });
      const rows = await Promise.all(
        records.map(async (record) => ({
          record,
          transactions: await ledger.listTransactions(record.paymentKey),
          order: orders.get(record.orderId),
        })),
      );
      return page(c, '관리자: 결제 목록', pages.adminPage({ rows, token: c.admin!, role }));
    },
    async adminLogin() {
      if (!config.dev) return { status: 404, json: { code: 'NOT_FOUND', message: '없는 페이지입니다' } };
      return {
        status: 303,
        redirect: '/admin',
        setCookies: { [COOKIES.admin]: await signAdminToken(config.jwtSecret, 'owner') },
      };
    },
    async webhooks(c) {
      if (!emulator || !(await adminRole(c))) return { status: 303, redirect: '/admin' };
      try {
        return page(c, '웹훅 수신 기록', pages.webhooksPage(await webhookLog.sync(), null));
      } catch (error) {
        return page(c, '웹훅 수신 기록', pages.webhooksPage(webhookLog.list(), (error as Error).message));
      }
    },
    async simulateDeposit(orderId) {
      if (!emulator)
        return { status: 404, json: { code: 'NOT_FOUND', message: '개발 모드에서만 쓸 수 있습니다' } };
      const order = orders.get(orderId);
      if (!order) return { status: 404, json: { code: 'ORDER_NOT_FOUND', message: '없는 주문입니다' } };
      await emulator.deposit(orderId);
      return { status: 303, redirect: `/orders/${encodeURIComponent(orderId)}` };
    },
    async close() {
      await webhookLog.close(); // what the emulator sent last
      await ledger.close();
    },
  };
}

function newBuyerKey(): string {
  return `buyer-${randomBytes(18).toString('base64url')}`;
}
