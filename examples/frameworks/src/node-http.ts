// tosskit under plain node:http: `handles(path)` says which requests are tosskit's, and `handleNodeRequest` from
// @tosskit/core/node converts the Node request to a Web Request, runs the handler and writes the answer back
// (body limit, clients that leave and refused bodies included).
import { createServer, type Server } from 'node:http';
import { createPaymentHandler, type PaymentHandler } from '@tosskit/core';
import { handleNodeRequest } from '@tosskit/core/node';
import { browserBundle, checkoutPage, createShop, gatewaySettings, orderPage, type Shop } from './shop.js';

export function createNodeHttpShop(): { server: Server; payments: PaymentHandler; shop: Shop } {
  const { secretKey, clientKey, apiBaseUrl, sdkSrc } = gatewaySettings();
  const shop = createShop();
  const payments = createPaymentHandler({
    secretKey,
    clientKey,
    apiBaseUrl, // the emulator; leave it out for the real gateway
    ...shop.hooks,
    redirects: { success: '/orders/:orderId', fail: '/' },
  });

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (payments.handles(path)) {
      handleNodeRequest(payments, req, res).catch(() => res.destroy());
      return;
    }
    const html = (body: string) =>
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
    if (req.method === 'GET' && path === '/')
      return html(checkoutPage({ basePath: '/payments', sdkSrc, assets: '/assets' }));
    const order = /^\/orders\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && order) return html(orderPage(shop.orders.get(decodeURIComponent(order[1]!))));
    if (req.method === 'GET' && path === '/assets/tosskit-browser.js') {
      browserBundle().then(
        (js) => res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(js),
        () => res.writeHead(500).end(),
      );
      return;
    }
    res.writeHead(404).end();
  });
  return { server, payments, shop };
}
