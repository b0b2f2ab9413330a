import type { ServerResponse } from 'node:http';
import { isTosskitError, localizeError, resolveLocale, type TosskitError } from '../errors/index.js';
import { ANSWER_ENTRY, type Answer } from '../http/answer.js';
import type { IncomingRequest } from '../http/incoming-request.js';
import { sendRefusalAndClose, sendWebResponse, writeAnswer } from './send-web-response.js';
import {
  DEFAULT_MAX_BODY_SIZE,
  toIncomingRequest,
  toWebRequest,
  type NodeRequest,
  type ToWebRequestOptions,
} from './to-web-request.js';

/**
 * The shape of the core handler as an adapter sees it (`createPaymentHandler` returns one). A handler
 * that says how large a body it accepts (`bodyLimit`) has the bridge stop reading there.
 */
export type WebHandler = ((request: Request, context?: { mountPath?: string }) => Promise<Response>) & {
  readonly bodyLimit?: number;
};

type AnsweringEntry = (request: IncomingRequest, context: { mountPath: string }) => Promise<Answer>;

/** A Web handler that also says which paths are its own, so an adapter can pass the others on. */
export type MountableHandler = WebHandler & { readonly basePath: string; handles(pathname: string): boolean };

/** The members of a handler object, without its call signature (what adapters copy onto their middleware). */
export type HandlerMembers<H> = { [K in keyof H]: H[K] };

export interface HandleNodeRequestOptions extends ToWebRequestOptions {
  /** The prefix the framework stripped before the handler's routes (Express `req.baseUrl`). */
  mountPath?: string;
}

/**
 * How many body bytes the bridge reads for `handler`: `maxBodySize` when given, else the handler's own
 * `bodyLimit` (reading more would only buffer what the handler refuses anyway), else 1 MiB.
 */
export function bridgeBodyLimit(
  handler: WebHandler,
  options: Pick<ToWebRequestOptions, 'maxBodySize'> = {},
): number {
  if (options.maxBodySize !== undefined) return options.maxBodySize;
  const own = handler.bodyLimit;
  return typeof own === 'number' && Number.isSafeInteger(own) && own > 0 ? own : DEFAULT_MAX_BODY_SIZE;
}

/**
 * Runs a Web handler for one Node request: convert, call, write back. Adapters call only this.
 *
 * Problems with the request itself (a body over the handler's `bodyLimit`, a method the Fetch API cannot carry) are answered here
 * with a `{ code, message }` JSON error; a client that left is not answered at all. Anything the handler
 * throws is passed on (its contract is never to reject), so the framework's own error handling applies.
 */
export async function handleNodeRequest(
  handler: WebHandler,
  req: NodeRequest,
  res: ServerResponse,
  options: HandleNodeRequestOptions = {},
): Promise<void> {
  // a tosskit handler answers without WHATWG objects; any other Web handler gets a Request and gives a Response
  const answering = (handler as unknown as Record<symbol, unknown>)[ANSWER_ENTRY];
  const direct = typeof answering === 'function' ? (answering as AnsweringEntry) : null;
  let request: Request | IncomingRequest;
  try {
    const readOptions = { ...options, maxBodySize: bridgeBodyLimit(handler, options) };
    request =
      direct === null ? await toWebRequest(req, readOptions) : await toIncomingRequest(req, readOptions);
  } catch (error) {
    if (!isTosskitError(error)) throw error;
    if (error.code === 'CLIENT_CLOSED_REQUEST') {
      if (!res.destroyed) res.destroy();
      return;
    }
    const response = bridgeErrorResponse(error, req.headers['accept-language']);
    // The unread rest of a refused body is dropped, not buffered, and the connection closed once the
    // client has the answer: closing on unread bytes would reset the connection under the answer.
    if (error.status === 413) await sendRefusalAndClose(req, res, response);
    else await sendWebResponse(res, response);
    return;
  }
  const context = { mountPath: options.mountPath ?? '' };
  if (direct !== null) {
    writeAnswer(res, await direct(request, context));
    return;
  }
  await sendWebResponse(res, await handler(request as Request, context));
}

function bridgeErrorResponse(error: TosskitError, acceptLanguage: string | undefined): Response {
  const { status, body } = localizeError(error, resolveLocale(acceptLanguage));
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  const allow = error.details?.allow;
  if (status === 405 && typeof allow === 'string') headers.allow = allow;
  return new Response(JSON.stringify(body), { status, headers });
}

/**
 * Finds the prefix in front of the handler's routes when a router did not strip it (`@koa/router`
 * `router.use('/shop', ...)`): `hint` (the router's matched path) when it is a literal prefix, else the
 * shortest prefix after which the handler recognises the path. Returns null when the path is not the handler's.
 */
export function findMountPath(
  pathname: string,
  handler: { basePath: string; handles(pathname: string): boolean },
  hint?: string,
): string | null {
  if (hint !== undefined && /^\/[^:*?(){}[\]]*$/.test(hint)) {
    const prefix = hint.replace(/\/+$/, '');
    if (
      prefix !== '' &&
      pathname.startsWith(prefix) &&
      handler.handles(pathname.slice(prefix.length) || '/')
    ) {
      return prefix;
    }
  }
  if (handler.handles(pathname)) return '';
  const base = handler.basePath.replace(/\/+$/, '');
  if (base === '') return null;
  for (let at = pathname.indexOf(base, 1); at > 0; at = pathname.indexOf(base, at + 1)) {
    if (handler.handles(pathname.slice(at))) return pathname.slice(0, at);
  }
  return null;
}

/**
 * Copies the handler's own members (`basePath`, `handles`, `on`, `reconcile`, `charge`, `close`...) onto a
 * framework middleware, bound to the handler, so a shop reaches them through the one object it mounted.
 */
export function exposeHandlerMembers<T extends object, H extends object>(
  target: T,
  handler: H,
): T & HandlerMembers<H> {
  for (const key of Reflect.ownKeys(handler)) {
    // a function's own name/length/prototype are not members of the handler
    if (key === 'name' || key === 'length' || key === 'prototype' || key === 'caller' || key === 'arguments')
      continue;
    const descriptor = Reflect.getOwnPropertyDescriptor(handler, key);
    if (descriptor === undefined) continue;
    const value: unknown = descriptor.get ? descriptor.get.call(handler) : descriptor.value;
    Object.defineProperty(target, key, {
      value: typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(handler) : value,
      enumerable: true,
      configurable: true,
      writable: false,
    });
  }
  return target as T & HandlerMembers<H>;
}
