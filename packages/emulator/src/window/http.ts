// The window's HTTP plumbing: bounded body reads, answers with the headers every window route sends, and the
// safe description of a thrown error.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WindowContext } from './index.js';

export const MAX_JSON_BODY = 256 * 1024;
export const MAX_FORM_BODY = 16 * 1024;

export const CORS_HEADERS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, HEAD, POST, OPTIONS',
  'access-control-allow-headers': 'content-type',
  'access-control-max-age': '600',
};

export class BodyTooLargeError extends Error {}

export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLargeError());
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': type,
    'content-length': String(Buffer.byteLength(body)),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(res.req?.method === 'HEAD' ? undefined : body);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body), CORS_HEADERS);
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  send(res, status, 'text/html; charset=utf-8', html, { 'referrer-policy': 'no-referrer' });
}

export function methodNotAllowed(res: ServerResponse, allow: string): void {
  send(
    res,
    405,
    'application/json; charset=utf-8',
    JSON.stringify({ code: 'METHOD_NOT_ALLOWED', message: '허용되지 않은 메서드입니다.' }),
    {
      allow,
      ...CORS_HEADERS,
    },
  );
}

export const clock = (ctx: WindowContext): number => (ctx.now ? ctx.now() : Date.now());

/** A code and message safe to show: the thrown value's own `code`/`message`, never a stack. */
export function describeError(error: unknown): { code: string; message: string } {
  const e = error as { code?: unknown; message?: unknown } | null;
  const code =
    typeof e?.code === 'string' && /^[A-Z][A-Z0-9_]{1,80}$/.test(e.code) ? e.code : 'PAY_PROCESS_ABORTED';
  const message =
    code !== 'PAY_PROCESS_ABORTED' &&
    typeof e?.message === 'string' &&
    e.message.length > 0 &&
    e.message.length < 500
      ? e.message
      : '결제를 처리하지 못했습니다. 잠시 후 다시 시도해주세요.';
  return { code, message };
}

export function withQuery(base: string, params: [string, string][]): string {
  const url = new URL(base);
  for (const [k, v] of params) url.searchParams.set(k, v);
  return url.href;
}

export function preflight(res: ServerResponse): true {
  res.writeHead(204, {
    ...CORS_HEADERS,
    'access-control-allow-private-network': 'true',
    'content-length': '0',
  });
  res.end();
  return true;
}
