// A body over the limit, sent whole by ordinary clients through the Node bridge to the real payment handler:
// every client gets the 413 PAYLOAD_TOO_LARGE answer, none sees EPIPE or a reset, and the connection closes.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestShop, type TestShop } from '../testing/handler-test-support.js';
import { FUZZ_ROUTES } from '../testing/adapter-fuzz.js';
import { sendLargeBody } from '../testing/adapter-harness.js';
import { handleNodeRequest } from './handle-node-request.js';
import { sendRefusalAndClose } from './send-web-response.js';

const FIVE_MB = 5 * 1024 * 1024;

let shop: TestShop;
let server: Server;
let origin: string;
let port: number;

beforeAll(async () => {
  shop = await createTestShop();
  server = createServer((req, res) => {
    handleNodeRequest(shop.handler, req, res).catch(() => res.writeHead(599).end());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await shop.close();
});

/**
 * A raw TCP client that writes the whole request at once (as curl or a proxy may) and then reads until the
 * server closes: what it read, and any socket error it met.
 */
function rawClient(request: Buffer, timeoutMs = 10_000): Promise<{ text: string; error: string | null }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let error: string | null = null;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server did not close the connection within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      error ??= e.code ?? e.message;
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text: Buffer.concat(chunks).toString('utf8'), error });
    });
    socket.write(request);
  });
}

function chunkedBody(bytes: number): Buffer {
  const parts: Buffer[] = [];
  const piece = 16 * 1024;
  for (let left = bytes; left > 0; left -= piece) {
    const size = Math.min(piece, left);
    parts.push(Buffer.from(`${size.toString(16)}\r\n`), Buffer.alloc(size, 'a'), Buffer.from('\r\n'));
  }
  parts.push(Buffer.from('0\r\n\r\n'));
  return Buffer.concat(parts);
}

function expectRefusal(status: number, body: string, connection: unknown): void {
  expect(status).toBe(413);
  expect(connection).toBe('close');
  expect(JSON.parse(body)).toEqual({
    code: 'PAYLOAD_TOO_LARGE',
    message: '요청 본문이 너무 큽니다 (최대: 65536바이트).',
    details: { limit: 65536 },
  });
}

describe('a 5 MB body through the Node bridge', () => {
  for (const chunked of [true, false]) {
    it(`node:http, ${chunked ? 'chunked' : 'Content-Length'}: the client gets 413 PAYLOAD_TOO_LARGE, no EPIPE or reset`, async () => {
      const confirmsBefore = shop.emulator.control.requests({ method: 'POST' }).length;
      const answer = await sendLargeBody(origin, '/payments/confirm', { bytes: FIVE_MB, chunked });
      expectRefusal(answer.status, answer.body, answer.headers['connection']);
      expect(answer.clientError).toBeNull();
      expect(shop.emulator.control.requests({ method: 'POST' }).length).toBe(confirmsBefore);
    });

    it(`fetch, ${chunked ? 'chunked' : 'Content-Length'}: the answer is the 413, in English on Accept-Language: en`, async () => {
      const big = Buffer.alloc(FIVE_MB, 'a');
      const body = chunked
        ? new ReadableStream<Uint8Array>({
            start(controller) {
              for (let at = 0; at < big.length; at += 65536) controller.enqueue(big.subarray(at, at + 65536));
              controller.close();
            },
          })
        : big;
      const response = await fetch(`${origin}/payments/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-language': 'en' },
        body,
        duplex: 'half',
      } as RequestInit);
      expect(response.status).toBe(413);
      expect(response.headers.get('connection')).toBe('close');
      expect(await response.json()).toEqual({
        code: 'PAYLOAD_TOO_LARGE',
        message: 'The request body is too large (limit: 65536 bytes).',
        details: { limit: 65536 },
      });
    });

    it(`raw TCP, whole request written at once, ${chunked ? 'chunked' : 'Content-Length'}: reads the 413, then a clean close`, async () => {
      const head = [
        'POST /payments/confirm HTTP/1.1',
        'Host: shop.test',
        'Content-Type: application/json',
        chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${FIVE_MB}`,
        '',
        '',
      ].join('\r\n');
      const body = chunked ? chunkedBody(FIVE_MB) : Buffer.alloc(FIVE_MB, 'a');
      const { text, error } = await rawClient(Buffer.concat([Buffer.from(head), body]));
      expect(error).toBeNull();
      const [statusLine, ...rest] = text.split('\r\n');
      expect(statusLine).toBe('HTTP/1.1 413 Payload Too Large');
      const blank = rest.indexOf('');
      const headers = Object.fromEntries(
        rest.slice(0, blank).map((line) => {
          const colon = line.indexOf(':');
          return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
        }),
      );
      expectRefusal(413, rest.slice(blank + 1).join('\r\n'), headers['connection']);
      // one answer, nothing after it: the rest of the body was not read as another request
      expect(text.match(/HTTP\/1\.1 /g)).toHaveLength(1);
    });
  }

  it('every route, chunked: POST routes answer 413, GET routes (which read no body) answer without a 5xx; no client sees EPIPE or a reset', async () => {
    const seen: string[] = [];
    for (const route of FUZZ_ROUTES) {
      const path = `/payments${route.path.replace(':key', 'tgen_well_formed_key_1')}`;
      for (const method of ['POST', 'GET'] as const) {
        const answer = await sendLargeBody(origin, path, { bytes: FIVE_MB, chunked: true, method });
        seen.push(`${method} ${route.path} ${answer.status} ${answer.clientError ?? ''}`.trim());
        expect(answer.clientError, `${method} ${route.path}`).toBeNull();
        expect(answer.status, `${method} ${route.path}`).toBeLessThan(500);
        if (method === 'POST') expect(JSON.parse(answer.body)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
      }
    }
    expect(
      seen.filter((line) => line.startsWith('POST')).every((line) => / 413$/.test(line)),
      seen.join('\n'),
    ).toBe(true);
  });

  it('the server stays up and answers the next request normally', async () => {
    const response = await fetch(`${origin}/payments/payments/tgen_nobody_knows_this_key`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { code: string }).code).toBe('PAYMENT_NOT_FOUND');
  });
});

describe('sendRefusalAndClose', () => {
  it('cuts off a client that keeps the body open past the linger time', async () => {
    const lingerServer = createServer((req, res) => {
      void sendRefusalAndClose(req, res, Response.json({ code: 'PAYLOAD_TOO_LARGE' }, { status: 413 }), {
        lingerMs: 200,
      });
    });
    lingerServer.listen(0, '127.0.0.1');
    await once(lingerServer, 'listening');
    const lingerPort = (lingerServer.address() as AddressInfo).port;
    try {
      const socket = connect(lingerPort, '127.0.0.1');
      const chunks: Buffer[] = [];
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.on('error', () => undefined);
      const started = Date.now();
      // a body announced but never finished: the server answers, waits its linger time, then closes
      socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n{"a":');
      await once(socket, 'close');
      const elapsed = Date.now() - started;
      expect(Buffer.concat(chunks).toString('utf8')).toMatch(
        /^HTTP\/1\.1 413 [^]*\r\n\r\n\{"code":"PAYLOAD_TOO_LARGE"\}$/,
      );
      expect(elapsed).toBeGreaterThanOrEqual(150);
      expect(elapsed).toBeLessThan(3_000);
    } finally {
      lingerServer.closeAllConnections();
      await new Promise((r) => lingerServer.close(r));
    }
  });
});
