// The shop's pages as one table that both servers mount, plus the plumbing around them that has nothing to do
// with the framework (which cookies mean what, the error page, listening and closing). Each server only turns
// its framework's request into a RouteInput and a PageResult into its framework's response.
import { createServer } from 'node:http';
import type { RequestListener, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { escapeHtml } from './html.js';
import { COOKIES } from './shop-core.js';
import type { PageResult, RequestCookies, ShopCore } from './shop-core.js';

export interface RouteInput {
  cookies: RequestCookies;
  /** the url-encoded form body of a POST (empty for a GET) */
  form: Record<string, unknown>;
  query: Record<string, unknown>;
  params: Record<string, unknown>;
}

export interface ShopRoute {
  method: 'get' | 'post';
  /** Express and @koa/router read `:name` parameters the same way */
  path: string;
  page(input: RouteInput): PageResult | Promise<PageResult>;
}

const orderIdOf = (r: RouteInput) => String(r.params.orderId ?? '');

export function shopRoutes(core: ShopCore): readonly ShopRoute[] {
  const get = (path: string, page: ShopRoute['page']): ShopRoute => ({ method: 'get', path, page });
  const post = (path: string, page: ShopRoute['page']): ShopRoute => ({ method: 'post', path, page });
  return [
    get('/', (r) => core.home(r.cookies)),
    get('/cart', (r) => core.cartPage(r.cookies)),
    post('/cart/add', (r) => core.addToCart(r.cookies, r.form.sku)),
    post('/cart/remove', (r) => core.removeFromCart(r.cookies, r.form.sku)),
    get('/checkout', (r) => core.checkout(r.cookies)),
    get('/checkout/window', (r) => core.windowCheckout(r.cookies)),
    post('/checkout/coupon', (r) => core.applyCoupon(r.cookies, r.form.orderId, r.form.code)),
    get('/checkout/fail', (r) => core.fail(r.cookies, r.query)),
    get('/orders', (r) => core.myOrders(r.cookies)),
    // a paymentKey in the query: tosskit's success redirect brought the buyer here
    get('/orders/:orderId', (r) =>
      core.order(r.cookies, orderIdOf(r), typeof r.query.paymentKey === 'string'),
    ),
    get('/orders/:orderId/status', (r) => core.orderStatus(r.cookies, orderIdOf(r))),
    get('/admin', (r) => core.admin(r.cookies)),
    post('/admin/login', () => core.adminLogin()),
    post('/admin/logout', () => ({ status: 303, redirect: '/admin', setCookies: { [COOKIES.admin]: null } })),
    get('/admin/webhooks', (r) => core.webhooks(r.cookies)),
    post('/dev/deposit/:orderId', (r) => core.simulateDeposit(orderIdOf(r))),
  ];
}

/**
 * The shop's cookies of one request. `newBuyer` is set on a first visit (or after a tampered cookie): every
 * visitor gets an unguessable buyer id (the Toss customerKey), which the response must store in a cookie.
 */
export function readShopCookies(
  core: ShopCore,
  cookie: (name: string) => string | undefined,
): { cookies: RequestCookies; newBuyer: string | null } {
  const buyer = core.buyer(cookie(COOKIES.buyer));
  return {
    cookies: { buyer: buyer.key, cart: cookie(COOKIES.cart), admin: cookie(COOKIES.admin) },
    newBuyer: buyer.isNew ? buyer.key : null,
  };
}

export const BUYER_COOKIE_MAX_AGE_SECONDS = 60 * 60 * 24 * 365;

/** The checkout body with the buyer from the cookie: the page cannot choose who is paying. */
export function withBuyer(body: unknown, cookies: RequestCookies): Record<string, unknown> {
  return { ...(typeof body === 'object' && body ? body : {}), customerKey: cookies.buyer };
}

export const INVALID_JSON = { code: 'INVALID_JSON', message: '요청 본문이 올바른 JSON이 아닙니다' } as const;

/** The shop's own errors: a Korean page, never a stack trace (a 5xx is logged, its text is not shown). */
export function errorPage(error: unknown, logTag: string): { status: number; html: string } {
  const status =
    typeof (error as { status?: unknown }).status === 'number' ? (error as { status: number }).status : 500;
  if (status >= 500) console.error(`[${logTag}]`, error);
  const message = status < 500 ? (error as Error).message : '잠시 후 다시 시도해 주세요';
  return {
    status,
    html: `<!doctype html><meta charset="utf-8"><p>문제가 생겼습니다: ${escapeHtml(message)}</p><a href="/">처음으로</a>`,
  };
}

export interface ShopServer {
  /** starts listening (port 0 = any free port) and resolves with the shop's base URL */
  listen(port?: number, host?: string): Promise<string>;
  /** stops the server (open keep-alive connections too) and closes the shop's ledger */
  close(): Promise<void>;
}

/** What `app.listen` does in both frameworks, kept so that close() can end keep-alive connections. */
export function serveShop(listener: RequestListener, core: ShopCore): ShopServer {
  let server: Server | undefined;
  return {
    listen(port = 0, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        const started = createServer(listener);
        server = started;
        started.once('error', reject);
        started.listen(port, host, () =>
          resolve(`http://${host}:${(started.address() as AddressInfo).port}`),
        );
      });
    },
    async close() {
      if (server) {
        const current = server;
        const closed = new Promise<void>((resolve) => current.close(() => resolve()));
        current.closeAllConnections();
        await closed;
      }
      await core.close();
    },
  };
}
