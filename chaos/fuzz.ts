/**
 * The bad and forged requests of a chaos run, sent alongside the storm (chaos/storm.ts) at random live apps:
 * NUL bytes and lone surrogates in path and body ids, over-long ids, bad amounts, broken JSON, forged webhooks
 * (a DONE for a real order under a made-up paymentKey, NUL ids, a deposit callback with a wrong secret), and a
 * 5 MB chunked body. Each must get a 4xx (a forged webhook may get 200, and must change nothing in the books).
 */
import { request as httpRequest } from 'node:http';
import type { Rng } from './prng.js';
import { appFor, CLIENT_TIMEOUT_MS, send, type Answer, type StormContext } from './storm.js';

interface FuzzCase {
  label: string;
  /** forged webhooks are answered as the app likes (200 "ignored" is fine) but must change nothing */
  kind: 'fuzz' | 'forged-webhook';
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  contentType?: string;
}

/** The bad and forged requests sent alongside the storm; `orderId` is a real order of this run. */
function fuzzCase(rng: Rng, basePath: string, orderId: string, amount: number): FuzzCase {
  const json = (value: unknown) => JSON.stringify(value);
  const confirm = (body: string, label: string): FuzzCase => ({
    label,
    kind: 'fuzz',
    method: 'POST',
    path: `${basePath}/confirm`,
    body,
    contentType: 'application/json',
  });
  const webhook = (body: unknown, label: string): FuzzCase => ({
    label,
    kind: 'forged-webhook',
    method: 'POST',
    path: `${basePath}/webhook`,
    body: typeof body === 'string' ? body : json(body),
    contentType: 'application/json',
  });
  const cases: (() => FuzzCase)[] = [
    () => ({ label: 'NUL in path', kind: 'fuzz', method: 'GET', path: `${basePath}/payments/order%00nul` }),
    () => ({
      label: 'surrogate in path',
      kind: 'fuzz',
      method: 'GET',
      path: `${basePath}/payments/%ED%A0%80x`,
    }),
    () => confirm(json({ paymentKey: 'pk_fuzz', orderId: `${orderId}\u0000`, amount }), 'NUL in orderId'),
    () => confirm(json({ paymentKey: 'pk\u0000fuzz', orderId, amount }), 'NUL in paymentKey'),
    () =>
      confirm(json({ paymentKey: 'pk_fuzz', orderId: `\ud800${orderId}`, amount }), 'lone surrogate orderId'),
    () => confirm(json({ paymentKey: 'p'.repeat(400), orderId, amount }), 'over-long paymentKey'),
    () => confirm(json({ paymentKey: 'pk_fuzz', orderId: 'o'.repeat(200), amount }), 'over-long orderId'),
    () => confirm(json({ paymentKey: 'pk_fuzz', orderId, amount: 'NaN' }), 'amount not a number'),
    () => confirm(json([1, 2, 3]), 'array body'),
    () => confirm('{"paymentKey": ', 'truncated JSON'),
    () =>
      webhook(
        {
          eventType: 'PAYMENT_STATUS_CHANGED',
          createdAt: new Date().toISOString(),
          data: { paymentKey: `forged_${rng.int(0, 1e9)}`, orderId, status: 'DONE', totalAmount: amount },
        },
        'forged DONE for a real order',
      ),
    () =>
      webhook(
        {
          eventType: 'PAYMENT_STATUS_CHANGED',
          createdAt: new Date().toISOString(),
          data: { paymentKey: 'forged\u0000nul', orderId: `${orderId}\u0000`, status: 'CANCELED' },
        },
        'forged webhook with NUL ids',
      ),
    () =>
      webhook(
        { createdAt: new Date().toISOString(), secret: 'not-the-secret', status: 'DONE', orderId },
        'forged deposit callback',
      ),
    () => webhook({ eventType: 'PAYMENT_STATUS_CHANGED', data: null }, 'webhook without data'),
    () => webhook('not json at all', 'webhook garbage'),
  ];
  return rng.pick(cases)();
}

/** Sends one fuzz or forged request to a live app. */
export async function fuzzOnce(ctx: StormContext, rng: Rng, orderId: string, amount: number): Promise<void> {
  const slot = appFor(ctx, rng.int(0, 1000));
  if (slot === null) return;
  const c = fuzzCase(rng, ctx.basePath, orderId, amount);
  await send(
    ctx,
    slot,
    { kind: c.kind, label: c.label, orderId: null, paymentKey: null },
    c.path,
    c.body === undefined
      ? { method: c.method }
      : { method: c.method, body: c.body, headers: { 'content-type': c.contentType ?? 'application/json' } },
  );
}

/**
 * A 5 MB chunked body to the confirm route, sent with node:http as an ordinary client would: the answer
 * must be 413. An answer that comes before the upload is refused counts; a connection reset (EPIPE) with no
 * answer is a finding (issue 10 finding 7: the server must close only after its 413 is out).
 */
export function oversizedBody(ctx: StormContext): Promise<void> {
  const slot = appFor(ctx, 0);
  if (slot === null || slot.url === null) return Promise.resolve();
  const answer: Answer = {
    kind: 'fuzz',
    label: '5 MB chunked body',
    orderId: null,
    paymentKey: null,
    app: slot.name,
    generation: slot.generation,
    start: Date.now(),
    end: 0,
    status: 0,
    code: null,
    retryAfter: null,
  };
  ctx.answers.push(answer);
  const target = new URL(`${slot.url}${ctx.basePath}/confirm`);
  return new Promise<void>((resolve) => {
    const done = (error?: string) => {
      if (answer.end !== 0) return;
      answer.end = Date.now();
      if (error !== undefined && answer.status === 0) answer.error = error;
      resolve();
    };
    const req = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
        timeout: CLIENT_TIMEOUT_MS,
      },
      (res) => {
        answer.status = res.statusCode ?? 0;
        res.resume();
        res.on('end', () => done());
        res.on('error', () => done());
      },
    );
    req.on('timeout', () => {
      answer.status = answer.status === 0 ? -1 : answer.status;
      req.destroy();
      done('client timeout');
    });
    req.on('error', (error) => done(String(error)));
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const pump = () => {
      while (sent < 5 * 1024 * 1024) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      req.end();
    };
    req.write('{"pad":"');
    pump();
  });
}
