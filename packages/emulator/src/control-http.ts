/**
 * The control API over HTTP, under /__emulator/ (mirrors `control`; used by the CLI, the dashboard and by tests in
 * other processes). No auth: the emulator binds to 127.0.0.1. Errors are `{ code, message }`, the message Korean
 * unless Accept-Language prefers English.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { filterFromQuery } from './control-views.js';
import { serveDashboard } from './dashboard/serve.js';
import type { EmulatorControl } from './emulator.js';
import { GatewayAnswer, gatewayError, resolveLocale } from './errors.js';
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
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    value = undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw gatewayError('INVALID_REQUEST', {
      ko: '요청 본문은 JSON 객체여야 합니다.',
      en: 'The request body must be a JSON object.',
    });
  return value as Record<string, unknown>;
}

/** Runs `action`; a TypeError or RangeError it throws (a bad fault, URL or duration) becomes `code` (400). */
function refusing<T>(code: string, ko: string, en: string, action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError)
      throw gatewayError(code, { ko: `${ko}: ${error.message}`, en: `${en}: ${error.message}` }, 400);
    throw error;
  }
}

/** `GET /__emulator/events`: server-sent events, one `change` event (`{ kinds, now }`) per burst of changes. */
function eventStream(req: IncomingMessage, res: ServerResponse, control: EmulatorControl): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  res.write(`retry: 1000\nevent: hello\ndata: ${JSON.stringify({ now: control.now() })}\n\n`);
  const stop = control.onChange((change) => res.write(`event: change\ndata: ${JSON.stringify(change)}\n\n`));
  const beat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  beat.unref();
  req.on('close', () => {
    stop();
    clearInterval(beat);
  });
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
  const locale = resolveLocale(req.headers['accept-language']);
  if (ctx.method === 'GET' && serveDashboard(res, parts, ctx.url)) return;
  if (ctx.method === 'GET' && parts[0] === 'events' && parts.length === 1)
    return eventStream(req, res, ctx.control);
  try {
    if ((await paymentRoutes(call)) || (await inspectionRoutes(call)) || (await webhookRoutes(call))) return;
    return json(res, 404, {
      code: 'NOT_FOUND',
      message:
        locale === 'en'
          ? `No control route ${ctx.method} ${ctx.path}`
          : `제어 API에 ${ctx.method} ${ctx.path} 경로가 없습니다.`,
    });
  } catch (error) {
    if (error instanceof GatewayAnswer) return json(res, error.status, error.body(locale));
    const detail = error instanceof Error ? error.message : String(error);
    return json(res, 400, {
      code: 'INVALID_REQUEST',
      message: locale === 'en' ? `Invalid request: ${detail}` : `요청이 올바르지 않습니다: ${detail}`,
    });
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
async function paymentRoutes({ req, ctx, parts, query, reply }: ControlCall): Promise<boolean> {
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
    if (method === 'GET' && b === undefined) return reply(200, control.payments(filterFromQuery(query)));
    if (method === 'GET' && b !== undefined && (c === undefined || c === 'timeline')) {
      const found = c === undefined ? control.getPayment(b) : control.timeline(b);
      if (found === undefined) throw gatewayError('NOT_FOUND_PAYMENT');
      return reply(200, found);
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
      const ms = (await body(req))['advanceMs'] ?? 0;
      if (typeof ms !== 'number' || !Number.isSafeInteger(ms) || ms < 0)
        throw gatewayError(
          'INVALID_CLOCK_ADVANCE',
          { ko: 'advanceMs는 0 이상의 정수(ms)여야 합니다.', en: 'advanceMs must be an integer >= 0 (ms).' },
          400,
        );
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
  if (a === 'deliveries' && b !== undefined && parts[2] === 'resend' && method === 'POST') {
    const id = Number(b);
    if (!Number.isSafeInteger(id) || id < 1)
      throw gatewayError(
        'INVALID_DELIVERY_ID',
        { ko: `전송 기록 번호가 올바르지 않습니다: ${b}`, en: `Not a delivery id: ${b}` },
        400,
      );
    return reply(200, control.resendWebhook(id));
  }
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
    if (method === 'POST') {
      const spec = (await body(req)) as unknown as FaultSpec;
      const id = refusing('INVALID_FAULT', '장애 설정이 올바르지 않습니다', 'Invalid fault', () =>
        control.fault(spec),
      );
      return reply(200, { id });
    }
    if (method === 'DELETE') {
      control.clearFaults();
      return reply(200, { ok: true });
    }
  }
  if (a === 'promotions' && (method === 'PUT' || method === 'POST')) {
    control.setPromotions((await body(req)) as never);
    return reply(200, { ok: true });
  }
  return false;
}

/** Webhook endpoints with their event types, and flushing due deliveries. */
async function webhookRoutes({ req, ctx, parts, query, reply }: ControlCall): Promise<boolean> {
  const { control, method } = ctx;
  const [a, b] = parts;
  if (a !== 'webhooks') return false;
  if (method === 'GET' && b === undefined) return reply(200, control.webhookEndpoints());
  if (method === 'GET' && b === 'subscriptions') return reply(200, control.webhookSubscriptions());
  if (method === 'POST' && b === 'flush') {
    await control.flushWebhooks();
    return reply(200, { ok: true });
  }
  if (method === 'POST' && b === undefined) {
    const input = await body(req);
    const events = input['events'];
    refusing(
      'INVALID_WEBHOOK_ENDPOINT',
      '웹훅 엔드포인트가 올바르지 않습니다',
      'Invalid webhook endpoint',
      () =>
        control.addWebhookEndpoint(
          String(input['url'] ?? ''),
          events === undefined || events === null ? null : (events as string[]),
        ),
    );
    return reply(200, control.webhookEndpoints());
  }
  if (method === 'DELETE') {
    const input = await body(req);
    const url = String(input['url'] ?? query.get('url') ?? '');
    refusing(
      'INVALID_WEBHOOK_ENDPOINT',
      '웹훅 엔드포인트가 올바르지 않습니다',
      'Invalid webhook endpoint',
      () => control.removeWebhookEndpoint(url),
    );
    return reply(200, control.webhookEndpoints());
  }
  return false;
}
