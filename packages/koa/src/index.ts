/**
 * @module @tosskit/koa: Toss Payments for Koa 2 and 3, in one line.
 *
 * `npm install @tosskit/koa`
 *
 * @example
 * import Koa from 'koa';
 * import { tossPayments } from '@tosskit/koa';
 *
 * const app = new Koa();
 * app.use(tossPayments({ secretKey: process.env.TOSS_SECRET_KEY, orderLookup }));  // routes under /payments
 * // or under @koa/router (which runs `use` middleware only when a route matches, so mount with `all`):
 * // router.all('/shop/payments{/*rest}', tossPayments({ secretKey, orderLookup }))
 *
 * If you are writing an adapter for another framework, this file is the reference: import only from
 * `@tosskit/core` and `@tosskit/core/node`; the adapter holds no payment logic.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createPaymentHandler, type PaymentHandler, type TossPaymentsOptions } from '@tosskit/core';
import {
  exposeHandlerMembers,
  findMountPath,
  handleNodeRequest,
  type HandlerMembers,
  type MountableHandler,
} from '@tosskit/core/node';

/** The parts of a Koa context this adapter reads (with @koa/router, koa-mount and @koa/bodyparser additions). */
export interface KoaContextLike {
  req: IncomingMessage;
  res: ServerResponse;
  path: string;
  url: string;
  protocol: string;
  host: string;
  respond?: boolean;
  request: { body?: unknown; rawBody?: unknown };
  /** set by koa-mount, which strips it from `path` */
  mountPath?: string;
  /** set by @koa/router, which does not strip it */
  routerPath?: string;
}

/** A Koa middleware that also carries the payment handler's members (`basePath`, `on`, `reconcile`, ...). */
export type TossPaymentsKoaMiddleware<H extends MountableHandler = PaymentHandler> = ((
  ctx: KoaContextLike,
  next: () => Promise<unknown>,
) => Promise<void>) &
  HandlerMembers<H>;

/** Creates the Koa middleware serving tosskit's payment routes; other paths go to `next()`. */
export function tossPayments(options: TossPaymentsOptions): TossPaymentsKoaMiddleware {
  return toKoaMiddleware(createPaymentHandler(options));
}

/** Wraps an already created payment handler (or any handler of the same shape) as Koa middleware. */
export function toKoaMiddleware<H extends MountableHandler>(handler: H): TossPaymentsKoaMiddleware<H> {
  const middleware = async (ctx: KoaContextLike, next: () => Promise<unknown>): Promise<void> => {
    // koa-mount strips its prefix (and says so in ctx.mountPath); @koa/router leaves it in ctx.path.
    const stripped = typeof ctx.mountPath === 'string' && ctx.mountPath !== '/';
    const prefix = stripped
      ? handler.handles(ctx.path)
        ? ''
        : null
      : typeof ctx.routerPath === 'string'
        ? findMountPath(ctx.path, handler, ctx.routerPath)
        : handler.handles(ctx.path)
          ? ''
          : null;
    if (prefix === null) return void (await next());
    await handleNodeRequest(handler, ctx.req, ctx.res, {
      url: ctx.url.slice(prefix.length),
      mountPath: stripped ? `${ctx.mountPath ?? ''}${prefix}` : prefix,
      protocol: ctx.protocol,
      host: ctx.host,
      body: ctx.request.body,
      rawBody: ctx.request.rawBody,
    });
    // tosskit wrote the answer itself; Koa must not send its own. (Set only now: when the handler throws,
    // Koa's error handling still has to be able to answer.)
    ctx.respond = false;
  };
  return exposeHandlerMembers(middleware, handler);
}

export type { TossPaymentsOptions, PaymentHandler } from '@tosskit/core';
