import type { IncomingMessage } from 'node:http';
import { messageFor, TosskitError } from '../errors/index.js';
import { markBodyReencoded } from '../http/body-origin.js';
import {
  BUFFERED_BODY,
  WEB_REQUEST,
  type IncomingRequest,
  type RequestHeaders,
} from '../http/incoming-request.js';

/**
 * A Node request as the frameworks hand it over: Express and the body parsers add `body`,
 * `originalUrl` and sometimes `rawBody` to the IncomingMessage.
 */
export type NodeRequest = IncomingMessage & { body?: unknown; originalUrl?: string; rawBody?: unknown };

export interface ToWebRequestOptions {
  /** Path and query to put in the URL; default `req.url` (what the framework left after stripping its mount path). */
  url?: string;
  /** `'http'` or `'https'` as the framework resolved it (Express `req.protocol`, Koa `ctx.protocol`). */
  protocol?: string;
  /** Host (and port) as the framework resolved it (Koa `ctx.host`); default the Host header. */
  host?: string;
  /**
   * Take the protocol and host from `X-Forwarded-Proto` / `X-Forwarded-Host`. Only behind your own proxy:
   * anyone can send these headers. Ignored when `protocol` / `host` are given. Default false.
   */
  trustProxy?: boolean;
  /** Largest body read from the stream, in bytes; default 1 MiB. */
  maxBodySize?: number;
  /** A body parser's result when it lives elsewhere than `req.body` (Koa: `ctx.request.body`). */
  body?: unknown;
  /** The exact body bytes when a parser kept them (Koa: `ctx.request.rawBody`). */
  rawBody?: unknown;
  signal?: AbortSignal;
}

export const DEFAULT_MAX_BODY_SIZE = 1024 * 1024;

/** Thrown when the request body is larger than `maxBodySize`. */
export class PayloadTooLargeError extends TosskitError {
  constructor(limit: number) {
    super('PAYLOAD_TOO_LARGE', 413, messageFor('PAYLOAD_TOO_LARGE', 'ko', { limit }), { limit });
  }
}

/** Thrown when the client went away before its request body arrived: there is nobody to answer. */
export class ClientClosedRequestError extends TosskitError {
  constructor() {
    super('CLIENT_CLOSED_REQUEST', 499, '응답을 받기 전에 클라이언트가 연결을 끊었습니다.');
  }
}

/** Thrown when the request cannot be expressed as a WHATWG Request (e.g. a TRACE method). */
export class UnsupportedRequestError extends TosskitError {
  constructor(status: 400 | 405, code: 'INVALID_REQUEST' | 'METHOD_NOT_ALLOWED') {
    const details = status === 405 ? { allow: 'GET, HEAD, POST' } : undefined;
    super(
      code,
      status,
      status === 405 ? messageFor(code, 'ko', details) : '요청을 해석할 수 없습니다.',
      details,
    );
  }
}

const HOST_PATTERN = /^(?:[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?|\[[0-9a-f:.]{2,45}\])(?::\d{1,5})?$/i;
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

/**
 * Converts a Node request into a WHATWG `Request`.
 *
 * The body is read from the stream up to `maxBodySize`. When a framework body parser already consumed the
 * stream (`express.json()`, `@koa/bodyparser`), the body is rebuilt from what it kept: the raw bytes when
 * available, else the parsed value (JSON re-serialized, urlencoded re-encoded, strings and buffers as is).
 * A re-encoded body carries the same values but not necessarily the same bytes (whitespace, escapes, number
 * forms, duplicate keys), so such a request is marked (`isBodyReencoded`): the unsigned payment webhooks and
 * the JSON routes work with it, but the signed payout and seller webhooks cannot be verified from it, and the
 * handler answers them `RAW_BODY_REQUIRED` with the fix instead of blaming the security key.
 *
 * @throws {PayloadTooLargeError} the body is larger than `maxBodySize`
 * @throws {ClientClosedRequestError} the client disconnected while sending its body
 * @throws {UnsupportedRequestError} the method cannot be expressed (CONNECT, TRACE, TRACK)
 */
export async function toWebRequest(req: NodeRequest, options: ToWebRequestOptions = {}): Promise<Request> {
  const parts = await readNodeRequest(req, options);
  const init: RequestInit = { method: parts.method, headers: copyHeaders(req, parts.reparsed) };
  if (parts.body !== undefined && parts.body.byteLength > 0) init.body = parts.body as BodyInit;
  if (options.signal) init.signal = options.signal;
  try {
    const request = new Request(parts.url, init);
    return parts.reencoded ? markBodyReencoded(request) : request;
  } catch {
    throw new UnsupportedRequestError(400, 'INVALID_REQUEST');
  }
}

/**
 * Reads a Node request for a tosskit handler without the WHATWG objects: the same checks, URL and body as
 * `toWebRequest`, but the headers are read from `req.headers` when asked and the body stays in memory. The
 * handler makes a real `Request` of it only when one of the shop's hooks asks for one.
 *
 * @throws the same as `toWebRequest`
 */
export async function toIncomingRequest(
  req: NodeRequest,
  options: ToWebRequestOptions = {},
): Promise<IncomingRequest> {
  const parts = await readNodeRequest(req, options);
  const request = new NodeIncomingRequest(req, parts);
  return parts.reencoded ? markBodyReencoded(request) : request;
}

interface NodeRequestParts {
  method: string;
  url: string;
  body: Uint8Array | undefined;
  /** the body was rebuilt from a parser's result: its framing headers no longer apply */
  reparsed: boolean;
  /** and not as the bytes the client sent (a JSON value re-serialized) */
  reencoded: boolean;
}

async function readNodeRequest(req: NodeRequest, options: ToWebRequestOptions): Promise<NodeRequestParts> {
  const method = (req.method ?? 'GET').toUpperCase();
  if (FORBIDDEN_METHODS.has(method)) throw new UnsupportedRequestError(405, 'METHOD_NOT_ALLOWED');
  const url = requestUrl(req, options);
  const parts: NodeRequestParts = { method, url, body: undefined, reparsed: false, reencoded: false };
  // GET and HEAD cannot carry a body in the Fetch API.
  if (method === 'GET' || method === 'HEAD') return parts;
  const limit = options.maxBodySize ?? DEFAULT_MAX_BODY_SIZE;
  const raw = options.rawBody ?? req.rawBody;
  if (typeof raw === 'string' || raw instanceof Uint8Array || wasConsumed(req)) {
    let body: Uint8Array | string | undefined;
    if (typeof raw === 'string' || raw instanceof Uint8Array) {
      body = raw;
    } else {
      const parsed = options.body !== undefined ? options.body : req.body;
      body = encodeParsedBody(parsed, req.headers['content-type'] ?? null);
      // a parser's value, not the bytes as sent (a string or buffer parser keeps them as they came)
      parts.reencoded = !(parsed === undefined || typeof parsed === 'string' || parsed instanceof Uint8Array);
    }
    // A parser may have inflated, decoded or re-encoded the body: the original framing headers no longer apply.
    parts.reparsed = true;
    parts.body = typeof body === 'string' ? Buffer.from(body) : body;
  } else {
    parts.body = await readBody(req, limit);
  }
  if (parts.body !== undefined && parts.body.byteLength > limit) throw new PayloadTooLargeError(limit);
  return parts;
}

const FRAMING_HEADERS = new Set(['content-length', 'content-encoding', 'transfer-encoding']);

/** The bridge's request: headers read from the IncomingMessage on demand, the body bytes in memory. */
class NodeIncomingRequest implements IncomingRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: RequestHeaders;
  readonly body = null;
  readonly [BUFFERED_BODY]: Uint8Array | null;
  #web: Request | undefined;

  constructor(
    private readonly req: NodeRequest,
    private readonly parts: NodeRequestParts,
  ) {
    this.method = parts.method;
    this.url = parts.url;
    this[BUFFERED_BODY] = parts.body ?? null;
    const source = req.headers;
    const reparsed = parts.reparsed;
    this.headers = {
      get(name: string): string | null {
        const key = name.toLowerCase();
        if (reparsed && FRAMING_HEADERS.has(key)) return null;
        const value = source[key];
        if (value === undefined) return null;
        return Array.isArray(value) ? value.join(', ') : value;
      },
    };
  }

  /** a WHATWG copy, for the shop's hooks; made once */
  [WEB_REQUEST](): Request {
    if (this.#web === undefined) {
      const init: RequestInit = { method: this.method, headers: copyHeaders(this.req, this.parts.reparsed) };
      const body = this.parts.body;
      if (body !== undefined && body.byteLength > 0) init.body = body.slice() as BodyInit;
      this.#web = new Request(this.url, init);
      if (this.parts.reencoded) markBodyReencoded(this.#web);
    }
    return this.#web;
  }
}

function requestUrl(req: NodeRequest, options: ToWebRequestOptions): string {
  const forwarded = options.trustProxy === true;
  let protocol = options.protocol ?? (forwarded ? firstValue(req.headers['x-forwarded-proto']) : undefined);
  if (protocol !== 'http' && protocol !== 'https') {
    protocol = (req.socket as { encrypted?: boolean } | undefined)?.encrypted ? 'https' : 'http';
  }
  let host =
    options.host ??
    (forwarded ? firstValue(req.headers['x-forwarded-host']) : undefined) ??
    req.headers.host ??
    firstValue(req.headers[':authority']);
  // A Host header is attacker-controlled text: anything that is not a plain host[:port] becomes localhost
  // rather than a URL that points elsewhere or fails to parse.
  if (host === undefined || !HOST_PATTERN.test(host)) host = 'localhost';

  let path = options.url ?? req.url ?? '/';
  if (!path.startsWith('/')) {
    // absolute-form targets (`GET http://host/x`) keep only their path; `*` and the like become `/`.
    try {
      const absolute = new URL(path);
      path = absolute.pathname + absolute.search;
    } catch {
      path = '/';
    }
  }
  // Concatenation, not `new URL(path, base)`: a path like `//evil.example/x` must stay a path.
  const candidate = `${protocol}://${host}${path}`;
  try {
    return new URL(candidate).href;
  } catch {
    return `${protocol}://localhost/`;
  }
}

function firstValue(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined) return undefined;
  const first = text.split(',')[0]?.trim();
  return first === '' ? undefined : first;
}

function copyHeaders(req: NodeRequest, reparsed: boolean): Headers {
  const headers = new Headers();
  const source = req.headers;
  for (const name in source) {
    // HTTP/2 pseudo-headers (:method, :path...) are not headers in the Fetch sense.
    if (name.startsWith(':')) continue;
    if (reparsed && FRAMING_HEADERS.has(name)) continue;
    const value = source[name];
    if (value === undefined) continue;
    try {
      if (Array.isArray(value)) for (const item of value) headers.append(name, item);
      else headers.append(name, value);
    } catch {
      // A value Node accepted but the Fetch API refuses is dropped, not fatal.
    }
  }
  return headers;
}

/** True when someone (a body parser) already read the request stream. */
function wasConsumed(req: NodeRequest): boolean {
  return req.readableEnded || req.readableDidRead || (req as { _body?: unknown })._body === true;
}

function encodeParsedBody(value: unknown, contentType: string | null): Uint8Array | string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' || value instanceof Uint8Array) return value;
  if (typeof value !== 'object') return JSON.stringify(value);
  if (contentType !== null && /^\s*application\/x-www-form-urlencoded\b/i.test(contentType)) {
    return encodeForm(value as Record<string, unknown>);
  }
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

function encodeForm(value: Record<string, unknown>): string {
  const form = new URLSearchParams();
  const add = (key: string, item: unknown): void => {
    if (item === undefined || item === null) return;
    if (Array.isArray(item)) for (const element of item) add(key, element);
    else if (typeof item === 'object')
      for (const [sub, inner] of Object.entries(item)) add(`${key}[${sub}]`, inner);
    else form.append(key, String(item));
  };
  for (const [key, item] of Object.entries(value)) add(key, item);
  return form.toString();
}

function readBody(req: NodeRequest, limit: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(new PayloadTooLargeError(limit));
  if (req.readableEnded) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        // stop reading; the 413 answer closes the connection, so the rest is never buffered
        req.pause();
        reject(new PayloadTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(
        chunks.length === 0 ? undefined : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size),
      );
    };
    const onError = (): void => {
      cleanup();
      reject(new ClientClosedRequestError());
    };
    const onClose = (): void => {
      if (req.readableEnded) return;
      cleanup();
      reject(new ClientClosedRequestError());
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}
