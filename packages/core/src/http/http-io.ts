/**
 * Reading requests and shaping answers for the handler: bounded JSON bodies, content types,
 * JSON answers and redirects. Every error answer is built in `errorAnswer`, the one place
 * errors become HTTP.
 */
import {
  isLedgerUnavailable,
  ledgerRetryAfterSeconds,
  localizeError,
  resolveLocale,
  TosskitError,
} from '../errors/index.js';
import { flowError } from '../flows/index.js';
import { nodeEnv } from '../platform/bytes.js';
import type { Answer } from './answer.js';
import { bufferedBody, type IncomingRequest } from './incoming-request.js';

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

export function jsonAnswer(status: number, body: unknown, headers?: Record<string, string>): Answer {
  return {
    status,
    headers: headers === undefined ? JSON_HEADERS : { ...JSON_HEADERS, ...headers },
    body: JSON.stringify(body),
  };
}

export function redirectAnswer(location: string): Answer {
  return { status: 303, headers: { location, 'cache-control': 'no-store' }, body: null };
}

/**
 * The one place an error becomes an HTTP answer: `message` is the buyer's text; outside production a `detail`
 * carries the developer's (the numbers and the fix). A ledger that cannot answer (`LEDGER_UNAVAILABLE`, whatever
 * route it came from) is a 503 with `Retry-After` in seconds: a browser may retry, the gateway redelivers a
 * webhook later.
 */
export function errorAnswer(
  error: unknown,
  request: IncomingRequest,
  headers: Record<string, string> = {},
): Answer {
  const { status, body } = localizeError(error, resolveLocale(request.headers.get('accept-language')), {
    // the developer's hint (expected amounts, the option to fix) stays out of production answers
    developerDetail: nodeEnv() !== 'production',
  });
  if (isLedgerUnavailable(error)) {
    return jsonAnswer(status, body, { ...headers, 'retry-after': String(ledgerRetryAfterSeconds(error)) });
  }
  return jsonAnswer(status, body, headers);
}

/** How long a buyer's page waits before asking again while a payment is being confirmed. */
export const CONFIRMING_RETRY_MS = 2000;

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * The success URL's answer while the outcome is not known and the shop has no `redirects.pending`: a 202
 * page that says so and opens the same URL again after the delay (the confirm is idempotent).
 */
export function confirmingPage(
  again: string,
  message: string,
  locale: 'ko' | 'en',
  headers: Record<string, string>,
): Answer {
  const seconds = Math.ceil(CONFIRMING_RETRY_MS / 1000);
  const title = locale === 'en' ? 'Confirming your payment' : '결제 승인 확인 중';
  const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta http-equiv="refresh" content="${seconds};url=${escapeHtml(again)}"><title>${title}</title></head><body><h1>${title}</h1><p>${escapeHtml(message)}</p></body></html>`;
  return {
    status: 202,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers },
    body: html,
  };
}

/** The browser page asked for JSON (fetch with Accept: application/json), not a page. */
export function wantsJson(request: IncomingRequest): boolean {
  const accept = request.headers.get('accept') ?? '';
  return /application\/json/i.test(accept) && !/text\/html/i.test(accept);
}

function isJsonContentType(value: string | null): boolean {
  if (value === null) return false;
  const type = value.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || /^application\/[a-z0-9.+-]*\+json$/.test(type);
}

/**
 * The request body as JSON, at most `limit` bytes. `allowMissingType` accepts a body without a
 * Content-Type (webhook senders are not all careful); any other non-JSON type is a 415.
 */
export async function readJsonBody(
  request: IncomingRequest,
  limit: number,
  options: { allowMissingType?: boolean } = {},
): Promise<unknown> {
  return parseJsonText(await readJsonText(request, limit, options));
}

/** A JSON request's body as text, exactly as sent (a signature covers these bytes), checked but not parsed. */
export async function readJsonText(
  request: IncomingRequest,
  limit: number,
  options: { allowMissingType?: boolean } = {},
): Promise<string> {
  const type = request.headers.get('content-type');
  if (!isJsonContentType(type) && !(type === null && options.allowMissingType === true)) {
    throw flowError('UNSUPPORTED_MEDIA_TYPE');
  }
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > limit) throw flowError('PAYLOAD_TOO_LARGE', { limit });
  const bytes = await readLimited(request, limit);
  let text: string;
  try {
    text = STRICT_UTF8.decode(bytes);
  } catch {
    throw invalidJson('본문이 UTF-8이 아닙니다.');
  }
  if (text.trim().length === 0) throw invalidJson('본문이 비어 있습니다.');
  return text;
}

export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalidJson('본문이 올바른 JSON이 아닙니다.');
  }
}

function invalidJson(message: string): TosskitError {
  return flowError('VALIDATION_ERROR', { issues: [{ path: '', message }] });
}

async function readLimited(request: IncomingRequest, limit: number): Promise<Uint8Array> {
  const buffered = bufferedBody(request);
  if (buffered !== undefined) {
    // the bridge read it already, under the same limit
    if (buffered !== null && buffered.byteLength > limit) throw flowError('PAYLOAD_TOO_LARGE', { limit });
    return buffered ?? new Uint8Array(0);
  }
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw flowError('PAYLOAD_TOO_LARGE', { limit });
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
