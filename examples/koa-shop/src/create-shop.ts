// The Koa 3 shop: tosskit mounted with one line, the shop's own pages on @koa/router around it.
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import Koa from 'koa';
import type { Context } from 'koa';
import { tossPayments } from '@tosskit/koa';
import { browserBundle } from '../../shared/src/browser-bundle.js';
import { COOKIES, createShopCore } from '../../shared/src/shop-core.js';
import type { PageResult, RequestCookies, ShopCore } from '../../shared/src/shop-core.js';
import type { ShopOptions } from '../../shared/src/shop-config.js';
import {
  BUYER_COOKIE_MAX_AGE_SECONDS,
  INVALID_JSON,
  errorPage,
  readShopCookies,
  serveShop,
  shopRoutes,
  withBuyer,
} from '../../shared/src/shop-routes.js';
import type { ShopServer } from '../../shared/src/shop-routes.js';

export type { ShopOptions };

export interface Shop extends ShopServer {
  app: Koa;
  core: ShopCore;
}

const COOKIE_OPTIONS = { httpOnly: true, sameSite: 'lax', path: '/', overwrite: true } as const;
const cookiesOf = (ctx: Context): RequestCookies => ctx.state.shopCookies;
const CHECKOUT_ROUTES = ['/payments/checkout', '/payments/window/checkout'];

export async function createShop(options: ShopOptions): Promise<Shop> {
  const core = await createShopCore(options);
  const app = new Koa();

  // The shop's own errors: a Korean page, never a stack trace.
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const { status, html } = errorPage(error, 'koa-shop');
      ctx.status = status;
      ctx.type = 'html';
      ctx.body = html;
    }
  });

  // Every visitor gets an unguessable buyer id (the Toss customerKey) in a cookie.
  app.use(async (ctx, next) => {
    const visit = readShopCookies(core, (name) => ctx.cookies.get(name));
    if (visit.newBuyer)
      ctx.cookies.set(COOKIES.buyer, visit.newBuyer, {
        ...COOKIE_OPTIONS,
        maxAge: BUYER_COOKIE_MAX_AGE_SECONDS * 1000,
      });
    ctx.state.shopCookies = visit.cookies;
    await next();
  });

  // The checkout routes price the cart; who is buying comes from the cookie, not from the page.
  const parseJson = bodyParser({ enableTypes: ['json'], jsonLimit: '10kb' });
  app.use(async (ctx, next) => {
    if (ctx.method !== 'POST' || !CHECKOUT_ROUTES.includes(ctx.path)) return next();
    try {
      await parseJson(ctx, async () => {});
    } catch {
      ctx.status = 400;
      ctx.body = INVALID_JSON;
      return;
    }
    ctx.request.body = withBuyer(ctx.request.body, cookiesOf(ctx));
    // tosskit prefers the raw bytes when a parser kept them; these no longer carry the buyer
    (ctx.request as { rawBody?: unknown }).rawBody = undefined;
    await next();
  });
  // Two key sets, two mounts: the payment window's (sk) under /payments/window first, the widget's (gsk) under
  // /payments, which would otherwise take /payments/window/* as its own.
  app.use(tossPayments(core.windowTossOptions));
  app.use(tossPayments(core.tossOptions));
  app.use(bodyParser({ enableTypes: ['form'], formLimit: '10kb' }));

  const router = new Router();
  router.get('/assets/tosskit-browser.js', async (ctx) => {
    ctx.type = 'text/javascript';
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = await browserBundle();
  });
  // The shop's pages (examples/shared/src/shop-routes.ts).
  for (const { method, path, page } of shopRoutes(core)) {
    router[method](path, async (ctx: Context) => {
      const form = (ctx.request.body ?? {}) as Record<string, unknown>;
      send(ctx, await page({ cookies: cookiesOf(ctx), form, query: ctx.query, params: ctx.params }));
    });
  }
  app.use(router.routes()).use(router.allowedMethods());

  return { app, core, ...serveShop(app.callback(), core) };
}

function send(ctx: Context, result: PageResult): void {
  if ('setCookies' in result && result.setCookies) {
    for (const [name, value] of Object.entries(result.setCookies)) {
      ctx.cookies.set(
        name,
        value,
        value === null ? { ...COOKIE_OPTIONS, maxAge: 0 } : { ...COOKIE_OPTIONS, maxAge: 30 * 24 * 3600_000 },
      );
    }
  }
  ctx.status = result.status;
  if ('redirect' in result) return ctx.redirect(result.redirect);
  if ('json' in result) return void (ctx.body = result.json);
  ctx.type = 'html';
  ctx.body = result.html;
}
