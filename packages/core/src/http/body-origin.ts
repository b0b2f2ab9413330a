/**
 * Whether a request's body is the bytes the client sent. The Node bridge (`toWebRequest`) rebuilds the body
 * from a framework parser's result when the parser consumed the stream and kept no raw bytes (`express.json()`
 * without `verify`, a Koa parser without `rawBody`); it marks such a request, and the handler reads the mark
 * where exact bytes matter: the signed payout and seller webhooks, whose signature covers the body as sent.
 *
 * The mark is a property under a registered symbol, not a header: a client cannot send it, and a second copy
 * of @tosskit/core (bridge and handler from different installs) still agrees on it.
 */
const REENCODED_BODY = Symbol.for('tosskit.reencodedBody');

/** Marks `request` as carrying a re-encoded body (a parser's result, not the bytes as sent). */
export function markBodyReencoded<R extends object>(request: R): R {
  Object.defineProperty(request, REENCODED_BODY, { value: true, enumerable: false });
  return request;
}

/** True when the bridge rebuilt `request`'s body from a framework parser's result. */
export function isBodyReencoded(request: object): boolean {
  return (request as unknown as Record<symbol, unknown>)[REENCODED_BODY] === true;
}
