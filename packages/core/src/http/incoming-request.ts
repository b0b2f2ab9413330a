/**
 * What the handler reads of a request: method, URL, headers and the body. A WHATWG `Request` is one; the
 * Node bridge makes a lighter one over the `IncomingMessage` it already read (`node/to-web-request.ts`),
 * with the body bytes in memory, so the hot routes build no `Request`, `Headers` or body stream on Node.
 *
 * The shop's own hooks (`authorizeOperator`, `identifyBuyer`, `authorizeBillingCustomer`) are promised a
 * real `Request`: `asWebRequest` gives them one, built once per request and only when a hook asks.
 */
export interface RequestHeaders {
  get(name: string): string | null;
}

export interface IncomingRequest {
  readonly method: string;
  /** absolute URL */
  readonly url: string;
  readonly headers: RequestHeaders;
  /** the body as a stream (a WHATWG Request), or null: then it is in memory (`bufferedBody`) or absent */
  readonly body: ReadableStream<Uint8Array> | null;
}

/** Registered symbols: a bridge and a handler from two installed copies of @tosskit/core agree on them. */
export const BUFFERED_BODY = Symbol.for('tosskit.bufferedBody');
export const WEB_REQUEST = Symbol.for('tosskit.webRequest');

/** The body bytes the bridge read, or undefined when the request carries its body as a stream. */
export function bufferedBody(request: IncomingRequest): Uint8Array | null | undefined {
  const bytes = (request as unknown as Record<symbol, unknown>)[BUFFERED_BODY];
  return bytes instanceof Uint8Array || bytes === null ? bytes : undefined;
}

/** `request` as a WHATWG `Request` (for the shop's hooks): itself when it is one, else the bridge's copy. */
export function asWebRequest(request: IncomingRequest): Request {
  if (request instanceof Request) return request;
  const make = (request as unknown as Record<symbol, unknown>)[WEB_REQUEST];
  if (typeof make === 'function') return (make as () => Request).call(request);
  throw new TypeError('tosskit: a request must be a WHATWG Request or come from @tosskit/core/node');
}
