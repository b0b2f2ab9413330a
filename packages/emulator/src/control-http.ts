/**
 * The control API over HTTP, under /__emulator/ (mirrors `control`; used by the CLI and by tests in
 * other processes). No auth: the emulator binds to 127.0.0.1.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorControl } from './emulator.js';
import { GatewayAnswer } from './errors.js';
import type { FaultSpec } from './faults.js';

export interface ControlContext {
  control: EmulatorControl;
  path: string;
  search: string;
  method: string;
  url: string;
  keys: Record<string, string>;
}

function json(res: ServerResponse, status: number, value: unknown): void {
  const text = value === undefined ? '' : JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  const value = JSON.parse(text) as unknown;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new TypeError('the body must be a JSON object');
  return value as Record<string, unknown>;
}

export async function handleControlRequest(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ControlContext,
): Promise<void> {
  const parts = ctx.path
    .split('/')
    .filter((p) => p !== '')
    .slice(1)
    .map((p) => decodeURIComponent(p));
  const call: ControlCall = {
    req,
    ctx,
    parts,
    query: new URLSearchParams(ctx.search),
    reply: (status, value) => {
      json(res, status, value);
      return true;
    },
  };
  try {
    if ((await paymentRoutes(call)) || (await inspectionRoutes(call))) return;
    return json(res, 404, { code: 'NOT_FOUND', message: `no control route ${ctx.method} ${ctx.path}` });
  } catch (error) {
    if (error instanceof GatewayAnswer)
      return json(res, error.status, { code: error.code, message: error.message });
    const message = error instanceof Error ? error.message : String(error);
    return json(res, 400, { code: 'INVALID_REQUEST', message });
  }
}

interface ControlCall {
  req: IncomingMessage;
  ctx: ControlContext;
  parts: string[];
  query: URLSearchParams;
  /** answers and returns true (the route took the request) */
  reply: (status: number, value: unknown) => true;
}

/** The emulator's identity, payments and what the buyer or the bank would do, the clock. */
async function paymentRoutes({ req, ctx, parts, reply }: ControlCall): Promise<boolean> {
  const { control, method } = ctx;
  const [a, b, c] = parts;
  if (a === undefined && method === 'GET') {
    return reply(200, {
      url: ctx.url,
      keys: ctx.keys,
      webhookEndpoints: control.webhookEndpoints(),
      now: control.now(),
    });
  }
  if (a === 'payments') {
    if (method === 'GET' && b === undefined) return reply(200, control.payments());
    if (method === 'GET' && b !== undefined && c === undefined) {
      const p = control.getPayment(b);
      return p ? reply(200, p) : reply(404, { code: 'NOT_FOUND_PAYMENT', message: `no payment ${b}` });
    }
    if (method === 'POST' && b !== undefined) {
      if (c === 'deposit') return reply(200, await control.deposit(b));
      if (c === 'deposit-error') return reply(200, await control.depositError(b));
      if (c === 'expire') return reply(200, await control.expire(b));
      if (c === 'cancel') return reply(200, await control.cancel(b, await body(req)));
    }
  }
  if (a === 'authorize' && method === 'POST')
    return reply(200, await control.authorizePayment((await body(req)) as never));
  if (a === 'open' && method === 'POST')
    return reply(200, await control.openPayment((await body(req)) as never));
  if (a === 'authorize-billing' && method === 'POST')
    return reply(200, await control.authorizeBilling((await body(req)) as never));
  if (a === 'clock') {
    if (method === 'POST') {
      const input = await body(req);
      const ms = Number(input['advanceMs'] ?? 0);
      control.advanceClock(ms);
    }
    if (method === 'GET' || method === 'POST')
      return reply(200, { now: control.now(), iso: new Date(control.now()).toISOString() });
  }
  return false;
}

/** Deliveries, the request log, transactions, reset, faults, webhook endpoints, promotions. */
async function inspectionRoutes({ req, ctx, parts, query, reply }: ControlCall): Promise<boolean> {
  const { control, method } = ctx;
  const [a, b] = parts;
  if (a === 'deliveries' && method === 'GET') {
    const after = Number(query.get('after') ?? '0');
    return reply(
      200,
      control
        .deliveries()
        .filter((d) => d.id > after || d.attempts.some((t) => t.at > Number(query.get('since') ?? Infinity))),
    );
  }
  if (a === 'requests' && method === 'GET') {
    const filter: Record<string, string> = {};
    for (const k of ['method', 'path', 'route']) {
      const v = query.get(k);
      if (v !== null) filter[k] = v;
    }
    return reply(200, control.requests(filter));
  }
  if (a === 'transactions' && method === 'GET') return reply(200, control.transactions());
  if (a === 'reset' && method === 'POST') {
    control.reset();
    return reply(200, { ok: true });
  }
  if (a === 'faults') {
    if (method === 'GET') return reply(200, control.faults());
    if (method === 'POST')
      return reply(200, { id: control.fault((await body(req)) as unknown as FaultSpec) });
    if (method === 'DELETE') {
      control.clearFaults();
      return reply(200, { ok: true });
    }
  }
  if (a === 'webhooks') {
    if (method === 'GET' && b === undefined) return reply(200, control.webhookEndpoints());
    if (method === 'GET' && b === 'subscriptions') return reply(200, control.webhookSubscriptions());
    if (method === 'POST' && b === 'flush') {
      await control.flushWebhooks();
      return reply(200, { ok: true });
    }
    if (method === 'POST' && b === undefined) {
      const input = await body(req);
      const events = input['events'];
      control.addWebhookEndpoint(
        String(input['url'] ?? ''),
        events === undefined || events === null ? null : (events as string[]),
      );
      return reply(200, control.webhookEndpoints());
    }
    if (method === 'DELETE') {
      const input = await body(req);
      control.removeWebhookEndpoint(String(input['url'] ?? query.get('url') ?? ''));
      return reply(200, control.webhookEndpoints());
    }
  }
  if (a === 'promotions' && (method === 'PUT' || method === 'POST')) {
    control.setPromotions((await body(req)) as never);
    return reply(200, { ok: true });
  }
  return false;
}
