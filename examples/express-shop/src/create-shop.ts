// The Express 5 shop: tosskit mounted with one line, the shop's own pages around it.
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import { tossPayments } from '@tosskit/express';
import { browserBundle } from '../../shared/src/browser-bundle.js';
import { parseCookies, serializeCookie } from '../../shared/src/cookies.js';
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
  app: express.Express;
  core: ShopCore;
}

type ShopRequest = Request & { shopCookies: RequestCookies };
const cookiesOf = (req: Request) => (req as ShopRequest).shopCookies;

export async function createShop(options: ShopOptions): Promise<Shop> {
  const core = await createShopCore(options);
  const app = express();
  app.disable('x-powered-by');
  app.use(express.urlencoded({ extended: false, limit: '10kb' }));

  // Every visitor gets an unguessable buyer id (the Toss customerKey) in a cookie.
  app.use((req, res, next) => {
    const cookies = parseCookies(req.headers.cookie);
    const visit = readShopCookies(core, (name) => cookies[name]);
    if (visit.newBuyer)
      res.append('Set-Cookie', serializeCookie(COOKIES.buyer, visit.newBuyer, BUYER_COOKIE_MAX_AGE_SECONDS));
    (req as ShopRequest).shopCookies = visit.cookies;
    next();
  });

  // The checkout routes price the cart; who is buying comes from the cookie, not from the page.
  const parseJson = express.json({ limit: '10kb' });
  app.post(
    ['/payments/checkout', '/payments/window/checkout'],
    (req, res, next) =>
      parseJson(req, res, (error?: unknown) => (error ? res.status(400).json(INVALID_JSON) : next())),
    (req, _res, next) => {
      req.body = withBuyer(req.body, cookiesOf(req));
      next();
    },
  );
  // Two key sets, two mounts: the payment window's (sk) under /payments/window first, the widget's (gsk) under
  // /payments, which would otherwise take /payments/window/* as its own.
  app.use(tossPayments(core.windowTossOptions));
  app.use(tossPayments(core.tossOptions));

  app.get('/assets/tosskit-browser.js', async (_req, res) => {
    res
      .type('text/javascript')
      .set('Cache-Control', 'no-cache')
      .send(await browserBundle());
  });

  // The shop's pages (examples/shared/src/shop-routes.ts).
  for (const { method, path, page } of shopRoutes(core)) {
    app[method](path, async (req: Request, res: Response, next: NextFunction) => {
      try {
        send(
          res,
          await page({ cookies: cookiesOf(req), form: req.body ?? {}, query: req.query, params: req.params }),
        );
      } catch (error) {
        next(error);
      }
    });
  }

  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const { status, html } = errorPage(error, 'express-shop');
    res.status(status).type('html').send(html);
  });

  return { app, core, ...serveShop(app, core) };
}

function send(res: Response, result: PageResult): void {
  if ('setCookies' in result && result.setCookies) {
    for (const [name, value] of Object.entries(result.setCookies))
      res.append('Set-Cookie', serializeCookie(name, value));
  }
  if ('redirect' in result) return res.redirect(result.status, result.redirect);
  if ('json' in result) return void res.status(result.status).json(result.json);
  res.status(result.status).type('html').send(result.html);
}
