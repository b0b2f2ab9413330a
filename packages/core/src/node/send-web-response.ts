import type { ServerResponse } from 'node:http';

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
