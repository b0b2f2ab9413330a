// tosskit under Fastify 5 with @tosskit/fastify: one register. The plugin answers its routes in an onRequest
// hook, before Fastify parses a body, and leaves every other path to the app.
import Fastify, { type FastifyInstance } from 'fastify';
import { tossPayments, tossPaymentsFrameworkErrors } from '@tosskit/fastify';
import { browserBundle, checkoutPage, createShop, gatewaySettings, orderPage, type Shop } from './shop.js';

export async function createFastifyShop(): Promise<{ app: FastifyInstance; shop: Shop }> {
  const { secretKey, clientKey, apiBaseUrl, sdkSrc } = gatewaySettings();
  const shop = createShop();
  const app = Fastify({ frameworkErrors: tossPaymentsFrameworkErrors });
  await app.register(tossPayments, {
    secretKey,
    clientKey,
    apiBaseUrl, // the emulator; leave it out for the real gateway
    ...shop.hooks,
    redirects: { success: '/orders/:orderId', fail: '/' },
  });
  app.get('/', async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .send(checkoutPage({ basePath: '/payments', sdkSrc, assets: '/assets' })),
  );
  app.get<{ Params: { orderId: string } }>('/orders/:orderId', async (request, reply) =>
    reply.type('text/html; charset=utf-8').send(orderPage(shop.orders.get(request.params.orderId))),
  );
  app.get('/assets/tosskit-browser.js', async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').send(await browserBundle()),
  );
  return { app, shop };
}
