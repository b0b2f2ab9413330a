/**
 * @module @tosskit/express: Toss Payments for Express 4 and 5, in one line.
 *
 * `npm install @tosskit/express`
 *
 * @example
 * import express from 'express';
 * import { tossPayments } from '@tosskit/express';
 *
 * const app = express();
 * app.use(tossPayments({ secretKey: process.env.TOSS_SECRET_KEY, orderLookup }));  // routes under /payments
 * app.use('/shop', tossPayments({ secretKey, orderLookup }));                     // or under /shop/payments
 *
 * If you are writing an adapter for another framework, this file is the reference: import only from
 * `@tosskit/core` and `@tosskit/core/node`; the adapter holds no payment logic.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createPaymentHandler, type PaymentHandler, type TossPaymentsOptions } from '@tosskit/core';
import {
  exposeHandlerMembers,
  handleNodeRequest,
  type HandlerMembers,
  type MountableHandler,
} from '@tosskit/core/node';

/** What an Express app hands to a middleware, reduced to what this adapter reads (Express 4 and 5 both fit). */
export type ExpressRequestLike = IncomingMessage & { baseUrl?: string; protocol?: string; body?: unknown };

/** An Express middleware that also carries the payment handler's members (`basePath`, `on`, `reconcile`, ...). */
export type TossPaymentsMiddleware<H extends MountableHandler = PaymentHandler> = ((
  req: ExpressRequestLike,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void) &
  HandlerMembers<H>;

/** Creates the Express middleware serving tosskit's payment routes; other paths go to `next()`. */
export function tossPayments(options: TossPaymentsOptions): TossPaymentsMiddleware {
  return toExpressMiddleware(createPaymentHandler(options));
}

/** Wraps an already created payment handler (or any handler of the same shape) as Express middleware. */
export function toExpressMiddleware<H extends MountableHandler>(handler: H): TossPaymentsMiddleware<H> {
  const middleware = (
    req: ExpressRequestLike,
    res: ServerResponse,
    next: (error?: unknown) => void,
  ): void => {
    // Under app.use('/shop', ...) Express has already stripped '/shop' from req.url and put it in req.baseUrl.
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    if (!handler.handles(query === -1 ? url : url.slice(0, query))) {
      next();
      return;
    }
    handleNodeRequest(handler, req, res, { url, mountPath: req.baseUrl ?? '', protocol: req.protocol }).catch(
      next,
    );
  };
  return exposeHandlerMembers(middleware, handler);
}

export type { TossPaymentsOptions, PaymentHandler } from '@tosskit/core';
