import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Answer } from '../http/answer.js';

/**
 * Writes a WHATWG `Response` to a Node `ServerResponse`: status, headers (each `Set-Cookie` on its own line),
 * then the body, streamed with backpressure.
 *
 * A client that disconnects mid-response is not an error: the body stream is cancelled and the promise
 * resolves.
 *
 * @remarks never rejects
 */
export async function sendWebResponse(res: ServerResponse, response: Response): Promise<void> {
  const body = response.body;
  if (res.headersSent || res.writableEnded || res.destroyed) {
    await cancelQuietly(body);
    return;
  }
  // One writeHead with a flat [name, value, ...] list is cheaper than a setHeader per header. Set-Cookie goes
  // apart, as an array: Headers joins repeated cookies with ", " (which breaks cookies with dates in them) and
  // writeHead would keep only the last one when the framework already set a header (Express' X-Powered-By).
  const raw: string[] = [];
  for (const [name, value] of response.headers) if (name !== 'set-cookie') raw.push(name, value);
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) {
    try {
      res.setHeader('set-cookie', cookies);
    } catch {
      // an invalid cookie is dropped, not fatal
    }
  }
  const status = response.status;
  const sized = response.headers.has('content-length') || response.headers.has('transfer-encoding');

  if (body === null || res.req?.method === 'HEAD' || status === 204 || status === 304) {
    await cancelQuietly(body);
    writeHeadQuietly(res, status, raw);
    endQuietly(res);
    return;
  }

  const reader = body.getReader();
  const onClose = (): void => {
    reader.cancel().catch(() => undefined);
  };
  res.once('close', onClose);
  try {
    const first = await reader.read();
    if (first.done) {
      if (!sized) raw.push('content-length', '0');
      writeHeadQuietly(res, status, raw);
      endQuietly(res);
      return;
    }
    const second = await reader.read();
    if (second.done) {
      // The whole body came in one chunk (every JSON answer does): send it with a length, in one write.
      if (!sized) raw.push('content-length', String(first.value.byteLength));
      writeHeadQuietly(res, status, raw);
      endQuietly(res, first.value);
      return;
    }
    writeHeadQuietly(res, status, raw);
    if (!(await writeChunk(res, first.value)) || !(await writeChunk(res, second.value))) return;
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      if (!(await writeChunk(res, next.value))) return;
    }
    endQuietly(res);
  } catch {
    // The body stream failed half-way: the status line may be gone, so the only honest signal is a cut connection.
    if (!res.destroyed) res.destroy();
  } finally {
    res.off('close', onClose);
  }
}

/**
 * Writes a tosskit handler's answer (status, headers, a text body) without WHATWG objects: one `writeHead`
 * with the body's length, then the body as text, which Node sends in the same packet as the headers.
 *
 * @remarks never throws; a client that left is not written to
 */
export function writeAnswer(res: ServerResponse, answer: Answer): void {
  if (res.headersSent || res.writableEnded || res.destroyed) return;
  const raw: string[] = [];
  const headers = answer.headers;
  for (const name in headers) raw.push(name, headers[name]!);
  const status = answer.status;
  if (res.req?.method === 'HEAD' || status === 204 || status === 304) {
    writeHeadQuietly(res, status, raw);
    endQuietly(res);
    return;
  }
  const body = answer.body ?? '';
  raw.push('content-length', String(Buffer.byteLength(body)));
  writeHeadQuietly(res, status, raw);
  if (res.destroyed || res.writableEnded) return;
  res.end(body, 'utf8');
}

async function writeChunk(res: ServerResponse, chunk: Uint8Array): Promise<boolean> {
  if (res.destroyed || res.writableEnded) return false;
  if (res.write(chunk)) return true;
  return new Promise((resolve) => {
    const done = (ok: boolean) => () => {
      res.off('drain', onDrain);
      res.off('close', onGone);
      resolve(ok);
    };
    const onDrain = done(true);
    const onGone = done(false);
    res.once('drain', onDrain);
    res.once('close', onGone);
  });
}

function endQuietly(res: ServerResponse, chunk?: Uint8Array): void {
  if (res.destroyed || res.writableEnded) return;
  if (chunk === undefined) res.end();
  else res.end(chunk);
}

function writeHeadQuietly(res: ServerResponse, status: number, raw: string[]): void {
  if (res.destroyed || res.headersSent) return;
  try {
    res.writeHead(status, raw);
  } catch {
    // An invalid header from a handler must not take the process down: send the valid ones, drop the rest.
    for (let i = 0; i < raw.length; i += 2) {
      try {
        res.appendHeader(raw[i]!, raw[i + 1]!);
      } catch {
        // dropped
      }
    }
    res.writeHead(status);
  }
}

async function cancelQuietly(body: ReadableStream<Uint8Array> | null): Promise<void> {
  if (body === null) return;
  try {
    await body.cancel();
  } catch {
    // nothing to do: the body is discarded either way
  }
}

/** How long a refused body is still read (and dropped) after the answer, at most. */
export const REFUSED_BODY_LINGER_MS = 5_000;
/** How many bytes of a refused body are read (and dropped) after the answer, at most. */
export const REFUSED_BODY_LINGER_BYTES = 32 * 1024 * 1024;

/**
 * Answers a request whose body is refused unread (413) and closes the connection so that the client gets
 * the answer, not a reset.
 *
 * Closing a socket with unread bytes in it makes the kernel send a TCP reset, which can destroy the answer
 * still on its way and shows up at the client as EPIPE / ECONNRESET. So the answer goes out whole first,
 * with `Connection: close` and its length; then the rest of the body is read and dropped (never buffered),
 * and only once the client has finished sending it is the connection closed, cleanly. A client that keeps
 * sending past `lingerMs` or `lingerBytes` is cut off then.
 *
 * @remarks never rejects; resolves when the connection is done with
 */
export async function sendRefusalAndClose(
  req: IncomingMessage,
  res: ServerResponse,
  response: Response,
  options: { lingerMs?: number; lingerBytes?: number } = {},
): Promise<void> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch {
    bytes = new Uint8Array(0);
  }
  if (res.headersSent || res.writableEnded || res.destroyed) return;
  const raw: string[] = [];
  for (const [name, value] of response.headers) {
    if (name !== 'content-length' && name !== 'connection' && name !== 'transfer-encoding')
      raw.push(name, value);
  }
  raw.push('content-length', String(bytes.byteLength), 'connection', 'close');
  writeHeadQuietly(res, response.status, raw);
  if (req.readableEnded || req.destroyed) {
    endQuietly(res, bytes);
    return;
  }
  // the whole answer now: the client can read it while it is still sending
  res.write(bytes);
  const lingerMs = options.lingerMs ?? REFUSED_BODY_LINGER_MS;
  const lingerBytes = options.lingerBytes ?? REFUSED_BODY_LINGER_BYTES;
  await new Promise<void>((resolve) => {
    let dropped = 0;
    const done = (clean: boolean): void => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onGone);
      req.off('close', onGone);
      res.off('close', onGone);
      // nothing unread is left after a clean end: the close that follows is a FIN, not a reset
      if (clean) endQuietly(res);
      else if (!res.destroyed) res.destroy();
      resolve();
    };
    const onData = (chunk: Buffer): void => {
      dropped += chunk.length;
      if (dropped > lingerBytes) done(false);
    };
    const onEnd = (): void => done(true);
    const onGone = (): void => done(false);
    const timer = setTimeout(() => done(false), lingerMs);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onGone);
    req.on('close', onGone);
    res.on('close', onGone);
    req.resume();
  });
}
