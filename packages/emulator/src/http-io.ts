/** The API's wire: reading a request body, sending an answer, and the answer an error becomes. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayAnswer, gatewayError, messageOf } from './errors.js';
import type { Locale } from './errors.js';

const MAX_BODY_BYTES = 1_000_000;

/** An answer as sent (and as the idempotency store replays it). */
export interface Answer {
  status: number;
  /** serialized JSON ('' = empty body) */
  json: string;
  code: string | null;
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(
          gatewayError('INVALID_REQUEST', {
            ko: '요청 본문이 너무 큽니다.',
            en: 'The request body is too large.',
          }),
        );
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 0 ? '' : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function parseJsonBody(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw gatewayError('INVALID_REQUEST', {
      ko: '요청 본문이 올바른 JSON이 아닙니다.',
      en: 'The request body is not valid JSON.',
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw gatewayError('INVALID_REQUEST', {
      ko: '요청 본문은 JSON 객체여야 합니다.',
      en: 'The request body must be a JSON object.',
    });
  }
  return value as Record<string, unknown>;
}

export function send(res: ServerResponse, answer: Answer): void {
  if (res.headersSent || res.destroyed) return;
  if (answer.json === '') {
    res.writeHead(answer.status, { 'content-length': '0' });
    res.end();
    return;
  }
  res.writeHead(answer.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(answer.json),
  });
  res.end(answer.json);
}

export function errorAnswer(error: unknown, locale: Locale): Answer {
  if (error instanceof GatewayAnswer)
    return { status: error.status, json: JSON.stringify(error.body(locale)), code: error.code };
  return {
    status: 500,
    json: JSON.stringify({
      code: 'FAILED_INTERNAL_SYSTEM_PROCESSING',
      message: messageOf('FAILED_INTERNAL_SYSTEM_PROCESSING', locale),
    }),
    code: 'FAILED_INTERNAL_SYSTEM_PROCESSING',
  };
}
