/**
 * @module @tosskit/fastify: Toss Payments for Fastify 5, in one line.
 *
 * `npm install @tosskit/fastify`
 *
 * @example
 * import Fastify from 'fastify';
 * import { tossPayments } from '@tosskit/fastify';
 *
 * const app = Fastify();
 * await app.register(tossPayments, { secretKey: process.env.TOSS_SECRET_KEY, orderLookup }); // under /payments
 * // or under /shop/payments:
 * // await app.register(tossPayments, { prefix: '/shop', secretKey, orderLookup });
 * app.tossPayments.on('payment.confirmed', ...);  // the handler's members (reconcile, on, ledger, ...)
 *
 * The plugin answers tosskit's routes in an `onRequest` hook, before Fastify parses the body, so a webhook's
 * exact bytes reach the signature check whatever content-type parsers the app registers. Other paths go on
 * through Fastify as usual. Like the Express and Koa adapters it holds no payment logic: it only hands the
 * request to `@tosskit/core/node`.
 */
import { createPaymentHandler, type PaymentHandler, type TossPaymentsOptions } from '@tosskit/core';
import { handleNodeRequest, type MountableHandler } from '@tosskit/core/node';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Options Fastify itself reads from `register(plugin, options)`: never handed to tosskit. */
interface RegisterOptions {
  /** Serve the routes under this prefix (`'/shop'` → `/shop/payments/...`), as `register` does for routes. */
  prefix?: string;
  logLevel?: unknown;
  logSerializers?: unknown;
}

/** The plugin's options: tosskit's, plus Fastify's own `prefix`. */
export type TossPaymentsPluginOptions = TossPaymentsOptions & RegisterOptions;

/** A Fastify plugin (`app.register(plugin, options)`). */
export type FastifyPlugin<O> = ((app: FastifyInstance, options: O) => Promise<void>) & {
  [key: symbol]: unknown;
};

declare module 'fastify' {
  interface FastifyInstance {
    /** The payment handler registered by `@tosskit/fastify` (its `on`, `reconcile`, `ledger`, ...). */
    tossPayments: PaymentHandler;
  }
}

function normalizePrefix(prefix: string | undefined): string {
  if (prefix === undefined || prefix === '' || prefix === '/') return '';
  const withSlash = prefix.startsWith('/') ? prefix : `/${prefix}`;
  return withSlash.endsWith('/') ? withSlash.slice(0, -1) : withSlash;
}

/** The request's path below `prefix`, or null when the request is not under it. */
function below(url: string, prefix: string): string | null {
  if (prefix === '') return url;
  if (url !== prefix && !url.startsWith(`${prefix}/`) && !url.startsWith(`${prefix}?`)) return null;
  return url.slice(prefix.length) || '/';
}

/** What the plugin serves on an app, for `tossPaymentsFrameworkErrors` (which gets only the request). */
const served = new WeakMap<object, { handler: MountableHandler; prefix: string }>();

/** The path below the prefix when it is one of the handler's routes, else null. */
function ownUrl(request: FastifyRequest, handler: MountableHandler, prefix: string): string | null {
  const url = below(request.raw.url ?? request.url, prefix);
  if (url === null) return null;
  const query = url.indexOf('?');
  return handler.handles(query === -1 ? url : url.slice(0, query)) ? url : null;
}

async function handOver(
  request: FastifyRequest,
  reply: FastifyReply,
  handler: MountableHandler,
  prefix: string,
  url: string,
): Promise<void> {
  // tosskit writes the answer on the raw response; Fastify must neither parse the body nor answer
  reply.hijack();
  try {
    await handleNodeRequest(handler, request.raw, reply.raw, {
      url,
      mountPath: prefix,
      protocol: request.protocol,
      host: request.host,
    });
  } catch (error) {
    // the handler's contract is never to reject; if it does, the client gets a bare 500, never a stack
    request.log.error({ err: error }, 'tosskit handler failed');
    if (!reply.raw.headersSent) reply.raw.writeHead(500, { 'content-type': 'text/plain' });
    reply.raw.end();
  }
}

function serve(app: FastifyInstance, handler: MountableHandler, prefix: string): void {
  served.set(app, { handler, prefix });
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const url = ownUrl(request, handler, prefix);
    if (url !== null) await handOver(request, reply, handler, prefix, url);
  });
}

/**
 * Fastify refuses some URLs before any hook runs (a percent-encoding that is not UTF-8: FST_ERR_BAD_URL).
 * Pass this as the app's `frameworkErrors` option so such a request on a payment route is answered by
 * tosskit like on every other framework (400 with the field's code, e.g. INVALID_PAYMENT_KEY); other
 * requests get Fastify's usual 400.
 *
 * @example
 * const app = Fastify({ frameworkErrors: tossPaymentsFrameworkErrors });
 */
export function tossPaymentsFrameworkErrors(
  error: { code?: string; message: string; statusCode?: number },
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const own = served.get(request.server);
  const url = own === undefined ? null : ownUrl(request, own.handler, own.prefix);
  if (own !== undefined && url !== null) {
    void handOver(request, reply, own.handler, own.prefix, url);
    return;
  }
  void reply
    .code(error.statusCode ?? 400)
    .send({ code: error.code ?? 'FST_ERR_BAD_URL', message: error.message });
}

/**
 * Wraps an already created payment handler as a Fastify plugin. The hook sees every request of the app
 * (the plugin is not encapsulated), so its routes answer wherever Fastify has no route of its own.
 */
export function toFastifyPlugin(handler: MountableHandler): FastifyPlugin<RegisterOptions> {
  const plugin = async (app: FastifyInstance, options: RegisterOptions): Promise<void> => {
    app.decorate('tossPayments', handler as PaymentHandler);
    serve(app, handler, normalizePrefix(options?.prefix));
  };
  // as fastify-plugin does: the hook and the decoration belong to the app, not to a child context
  return Object.assign(plugin, { [Symbol.for('skip-override')]: true });
}

/** The plugin: `app.register(tossPayments, { secretKey, orderLookup, prefix? })`. */
export const tossPayments: FastifyPlugin<TossPaymentsPluginOptions> = Object.assign(
  async (app: FastifyInstance, options: TossPaymentsPluginOptions): Promise<void> => {
    const { prefix, logLevel: _logLevel, logSerializers: _logSerializers, ...payments } = options;
    await toFastifyPlugin(createPaymentHandler(payments))(app, { prefix });
  },
  { [Symbol.for('skip-override')]: true },
);

export type { TossPaymentsOptions, PaymentHandler } from '@tosskit/core';
