// tosskit under Hono (node-server). The handler takes the Web Request Hono already holds (`c.req.raw`) and
// answers a Web Response, so nothing needs converting. Two ways to mount it:
//   createHonoApp()          routes at /payments/* on the app itself
//   createHonoApp('/shop')   the shop is a sub-app under /shop (app.route): the handler gets the full URL, so it
//                            is told the mount path and serves /shop/payments/*
import { Hono } from 'hono';
import { createPaymentHandler, type PaymentHandler } from '@tosskit/core';
import { browserBundle, checkoutPage, createShop, gatewaySettings, orderPage, type Shop } from './shop.js';

export function createHonoApp(mountPath = ''): { app: Hono; payments: PaymentHandler; shop: Shop } {
  const { secretKey, clientKey, apiBaseUrl, sdkSrc } = gatewaySettings();
  const shop = createShop();
  const payments = createPaymentHandler({
    secretKey,
    clientKey,
    apiBaseUrl, // the emulator; leave it out for the real gateway
    ...shop.hooks,
    redirects: { success: '/orders/:orderId', fail: '/' }, // relative: the mount path is put in front
  });

  const routes = new Hono();
  // every method: the success and fail URLs are GETs, checkout, confirm and the webhook POSTs
  routes.all('/payments/*', (c) => payments(c.req.raw, { mountPath }));
  routes.get('/', (c) =>
    c.html(checkoutPage({ basePath: `${mountPath}/payments`, sdkSrc, assets: `${mountPath}/assets` })),
  );
  routes.get('/orders/:orderId', (c) => c.html(orderPage(shop.orders.get(c.req.param('orderId')))));
  routes.get('/assets/tosskit-browser.js', async (c) =>
    c.body(await browserBundle(), 200, { 'content-type': 'text/javascript; charset=utf-8' }),
  );

  if (mountPath === '') return { app: routes, payments, shop };
  const app = new Hono();
  app.route(mountPath, routes);
  return { app, payments, shop };
}
