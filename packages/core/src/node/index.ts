/**
 * `@tosskit/core/node`: the Node `IncomingMessage`/`ServerResponse` <-> WHATWG `Request`/`Response` bridge,
 * written once and shared by every Node framework adapter (`@tosskit/express`, `@tosskit/koa`).
 *
 * If you are writing an adapter for another Node framework, `handleNodeRequest` is all you need:
 * check `handler.handles(pathname)`, then hand the request over with the prefix your framework stripped.
 *
 * @example
 * import { createServer } from 'node:http';
 * import { createPaymentHandler } from '@tosskit/core';
 * import { handleNodeRequest } from '@tosskit/core/node';
 *
 * const handler = createPaymentHandler({ secretKey, orderLookup });
 * createServer((req, res) => {
 *   if (!handler.handles(new URL(req.url ?? '/', 'http://x').pathname)) return void res.writeHead(404).end();
 *   handleNodeRequest(handler, req, res).catch(() => res.destroy());
 * }).listen(3000);
 */
export {
  toWebRequest,
  DEFAULT_MAX_BODY_SIZE,
  PayloadTooLargeError,
  ClientClosedRequestError,
  UnsupportedRequestError,
  type NodeRequest,
  type ToWebRequestOptions,
} from './to-web-request.js';
export { sendWebResponse } from './send-web-response.js';
export { isBodyReencoded, markBodyReencoded } from '../http/body-origin.js';
export {
  handleNodeRequest,
  bridgeBodyLimit,
  findMountPath,
  exposeHandlerMembers,
  type WebHandler,
  type MountableHandler,
  type HandlerMembers,
  type HandleNodeRequestOptions,
} from './handle-node-request.js';
