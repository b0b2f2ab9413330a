/**
 * The storm of a chaos run: per-order plans (amount, a second payment window, 2–4 concurrent confirms at
 * random app processes, some with a tampered amount), the simulated buyer (polls on 202 / in-progress answers
 * the way the browser helper does, retries elsewhere when its app dies), the chaos schedule keyed by order
 * number (gateway faults armed through the emulator's control API, kill -9 and restart, database cuts and
 * stalls). Fuzzed and forged requests are in chaos/fuzz.ts. Every answer is recorded for the books
 * (chaos/books.ts).
 */
import type { FaultSpec } from '@tosskit/emulator';
import type { AppSlot, Cluster } from './processes.js';
import type { Rng } from './prng.js';

/** How long a buyer's request may take before the run calls it a hang. */
export const CLIENT_TIMEOUT_MS = 30_000;

export type RequestKind = 'confirm' | 'poll' | 'tampered' | 'fuzz' | 'forged-webhook';

export interface Answer {
  kind: RequestKind;
  /** the fuzz or forgery case, for fuzz and forged requests */
  label?: string;
  orderId: string | null;
  paymentKey: string | null;
  app: string;
  generation: string;
  start: number;
  end: number;
  /** HTTP status; 0 = no answer (connection lost), -1 = client timeout */
  status: number;
  code: string | null;
  retryAfter: string | null;
  error?: string;
}

/** What an answer tells the buyer. */
export type Verdict = 'paid' | 'pending' | 'failed' | 'server-error' | 'lost' | 'hang';

/** Codes that say "not decided yet, ask again": never "failed". */
const PENDING_CODES = new Set(['PAYMENT_CONFIRMING', 'CONFIRM_IN_PROGRESS', 'LEDGER_UNAVAILABLE']);

export function verdictOf(answer: Pick<Answer, 'status' | 'code'>): Verdict {
  if (answer.status === -1) return 'hang';
  if (answer.status === 0) return 'lost';
  if (answer.status === 200) return 'paid';
  if (answer.status === 202) return 'pending';
  if (answer.code !== null && PENDING_CODES.has(answer.code)) return 'pending';
  if (answer.status >= 500) return 'server-error';
  return 'failed';
}

export interface OrderPlan {
  index: number;
  orderId: string;
  amount: number;
  /** 1 or 2 payment windows for the order (a buyer who opened the window twice) */
  windows: number;
  confirms: { window: number; app: number; delayMs: number; tampered: boolean }[];
}

export function planOrder(rng: Rng, index: number, orderId: string): OrderPlan {
  const windows = rng.chance(0.2) ? 2 : 1;
  const count = rng.int(2, 4);
  const confirms = Array.from({ length: count }, (_, i) => ({
    window: windows === 2 ? rng.int(0, 1) : 0,
    app: rng.int(0, 1_000),
    delayMs: i === 0 ? 0 : rng.int(0, 400),
    tampered: i > 0 && rng.chance(0.12),
  }));
  return { index, orderId, amount: rng.int(1, 500) * 100, windows, confirms };
}

export type ChaosEvent =
  | { kind: 'fault'; spec: FaultSpec; label: string }
  /** faults armed together, some a little later (`afterMs`) */
  | { kind: 'faults'; specs: { spec: FaultSpec; afterMs?: number }[]; label: string }
  | { kind: 'kill'; app: number; restartAfterMs: number }
  | { kind: 'outage'; app: number; mode: 'reset' | 'blackhole'; ms: number };

/** The gateway faults the emulator can inject, with how often each is drawn. */
function drawFault(rng: Rng): ChaosEvent {
  const times = (min: number, max: number) => rng.int(min, max);
  const choices: [number, () => ChaosEvent][] = [
    [3, () => ({ kind: 'fault', label: 'drop confirm', spec: { kind: 'drop', route: 'confirm' } })],
    [
      2,
      () => ({
        kind: 'fault',
        label: 'confirm PROVIDER_ERROR',
        spec: { kind: 'fail', route: 'confirm', code: 'PROVIDER_ERROR', times: times(1, 2) },
      }),
    ],
    [
      2,
      () => ({
        kind: 'fault',
        label: 'confirm 500',
        spec: { kind: 'fail', route: 'confirm', status: 500, times: times(1, 2) },
      }),
    ],
    [
      1,
      () => ({
        kind: 'fault',
        label: 'confirm 503',
        spec: { kind: 'fail', route: 'confirm', status: 503, times: 1 },
      }),
    ],
    [
      2,
      () => ({
        kind: 'fault',
        label: 'getPayment PROVIDER_ERROR',
        spec: { kind: 'fail', route: 'getPayment', code: 'PROVIDER_ERROR', times: times(1, 4) },
      }),
    ],
    [
      2,
      () => ({
        kind: 'fault',
        label: 'getPaymentByOrderId PROVIDER_ERROR',
        spec: { kind: 'fail', route: 'getPaymentByOrderId', code: 'PROVIDER_ERROR', times: times(1, 4) },
      }),
    ],
    [
      1,
      () => ({
        kind: 'fault',
        label: 'getPayment 500',
        spec: { kind: 'fail', route: 'getPayment', status: 500, times: times(1, 2) },
      }),
    ],
    [
      3,
      () => ({
        kind: 'fault',
        label: 'confirm latency 1-3 s',
        spec: { kind: 'latency', route: 'confirm', ms: rng.int(1000, 3000), times: times(1, 2) },
      }),
    ],
    [
      1,
      () => ({
        kind: 'fault',
        label: 'getPayment latency 1-3 s',
        spec: { kind: 'latency', route: 'getPayment', ms: rng.int(1000, 3000), times: times(1, 2) },
      }),
    ],
    [
      1,
      () => {
        // a lost answer, and lookups refused (tosskit retries each one; webhooks take some of them)
        const refusals = times(8, 16);
        return {
          kind: 'faults',
          label: 'drop confirm + refused lookups',
          specs: [
            { spec: { kind: 'drop', route: 'confirm' } },
            { spec: { kind: 'fail', route: 'getPayment', code: 'PROVIDER_ERROR', times: refusals } },
            { spec: { kind: 'fail', route: 'getPaymentByOrderId', code: 'PROVIDER_ERROR', times: refusals } },
          ],
        };
      },
    ],
    [
      2,
      () => {
        // issue 10 finding 1: the gateway answers after the client's timeout (its retries meet 409
        // IDEMPOTENT_REQUEST_PROCESSING while the first call runs), then every lookup is refused: the
        // refusals are armed when the confirm's retries are about spent, so other calls do not use them up
        const refusals = times(10, 20);
        const afterMs = rng.int(2500, 3200);
        return {
          kind: 'faults',
          label: 'confirm slower than timeout + refused lookups',
          specs: [
            { spec: { kind: 'latency', route: 'confirm', ms: rng.int(4000, 5000), times: 1 } },
            { afterMs, spec: { kind: 'fail', route: 'getPayment', code: 'PROVIDER_ERROR', times: refusals } },
            {
              afterMs,
              spec: { kind: 'fail', route: 'getPaymentByOrderId', code: 'PROVIDER_ERROR', times: refusals },
            },
          ],
        };
      },
    ],
    [
      2,
      () => ({
        // issue 10 finding 2 when it meets an order with two windows: the lookup by key is refused, the
        // lookup by orderId finds the other window's payment
        kind: 'faults',
        label: 'confirm slower than timeout + refused lookup by key',
        specs: [
          { spec: { kind: 'latency', route: 'confirm', ms: rng.int(4000, 5000), times: 1 } },
          {
            afterMs: rng.int(2500, 3200),
            spec: { kind: 'fail', route: 'getPayment', code: 'PROVIDER_ERROR', times: times(10, 20) },
          },
        ],
      }),
    ],
    [
      1,
      () => ({
        kind: 'fault',
        label: 'webhook duplicate',
        spec: { kind: 'webhook', action: 'duplicate', times: times(1, 3) },
      }),
    ],
    [
      1,
      () => ({
        kind: 'fault',
        label: 'webhook reorder',
        spec: { kind: 'webhook', action: 'reorder', times: times(2, 3) },
      }),
    ],
    [
      1,
      () => ({
        kind: 'fault',
        label: 'webhook delay',
        spec: { kind: 'webhook', action: 'delay', delayMs: rng.int(500, 5000), times: times(1, 2) },
      }),
    ],
    [
      1,
      () => ({
        kind: 'fault',
        label: 'webhook drop',
        spec: { kind: 'webhook', action: 'drop', times: times(1, 2) },
      }),
    ],
  ];
  return rng.weighted(choices)();
}

/**
 * The chaos schedule: events fired when order number `i` starts. Gateway faults on about 60 % of orders;
 * kills, cuts and stalls spread over the middle of the run (never in the first or last tenth).
 */
export function planSchedule(rng: Rng, orders: number, processes: number): Map<number, ChaosEvent[]> {
  const schedule = new Map<number, ChaosEvent[]>();
  const add = (i: number, event: ChaosEvent) => schedule.set(i, [...(schedule.get(i) ?? []), event]);
  for (let i = 0; i < orders; i += 1) if (rng.chance(0.6)) add(i, drawFault(rng));
  const spread = () => rng.int(Math.floor(orders * 0.1), Math.max(Math.floor(orders * 0.9) - 1, 0));
  const kills = Math.max(1, Math.round(orders / 30));
  const cuts = Math.max(1, Math.round(orders / 30));
  const stalls = Math.max(1, Math.round(orders / 45));
  for (let k = 0; k < kills; k += 1)
    add(spread(), { kind: 'kill', app: rng.int(0, processes - 1), restartAfterMs: rng.int(1000, 4000) });
  for (let k = 0; k < cuts; k += 1)
    add(spread(), { kind: 'outage', app: rng.int(0, processes - 1), mode: 'reset', ms: rng.int(2000, 6000) });
  for (let k = 0; k < stalls; k += 1)
    add(spread(), {
      kind: 'outage',
      app: rng.int(0, processes - 1),
      mode: 'blackhole',
      ms: rng.int(2000, 6000),
    });
  return schedule;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface StormContext {
  cluster: Cluster;
  basePath: string;
  emulatorUrl: string;
  answers: Answer[];
  /** requests currently waiting for an answer (for the progress line) */
  pending: Set<Promise<unknown>>;
  /** faults armed, by label */
  faultsArmed: Map<string, number>;
  /** chaos events skipped (e.g. a kill when only one app is alive), by kind */
  skipped: Map<string, number>;
  polls: number;
}

function count(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/** The emulator's control API (/__emulator/...). */
export async function control<T = unknown>(
  emulatorUrl: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${emulatorUrl}/__emulator${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`emulator ${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

/** One request to one app, recorded; never throws. */
export async function send(
  ctx: StormContext,
  slot: AppSlot,
  meta: Pick<Answer, 'kind' | 'orderId' | 'paymentKey'> & { label?: string },
  path: string,
  init: { method: string; body?: string; headers?: Record<string, string> },
): Promise<Answer> {
  const url = slot.url;
  const answer: Answer = {
    ...meta,
    app: slot.name,
    generation: slot.generation,
    start: Date.now(),
    end: 0,
    status: 0,
    code: null,
    retryAfter: null,
  };
  ctx.answers.push(answer);
  if (url === null) {
    answer.end = answer.start;
    answer.error = 'app down';
    return answer;
  }
  const key = meta.orderId ?? '(fuzz)';
  slot.inFlight.set(key, (slot.inFlight.get(key) ?? 0) + 1);
  const run = (async () => {
    try {
      const res = await fetch(`${url}${path}`, {
        method: init.method,
        headers: { accept: 'application/json', ...(init.headers ?? {}) },
        ...(init.body === undefined ? {} : { body: init.body }),
        signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
      });
      answer.status = res.status;
      answer.retryAfter = res.headers.get('retry-after');
      const text = await res.text();
      try {
        const json = JSON.parse(text) as { code?: unknown };
        answer.code = typeof json.code === 'string' ? json.code : null;
      } catch {
        answer.code = null;
      }
    } catch (error) {
      const name = (error as { name?: string }).name;
      answer.status = name === 'TimeoutError' ? -1 : 0;
      answer.error = String((error as { cause?: unknown }).cause ?? error).slice(0, 200);
    } finally {
      answer.end = Date.now();
      const left = (slot.inFlight.get(key) ?? 1) - 1;
      if (left <= 0) slot.inFlight.delete(key);
      else slot.inFlight.set(key, left);
    }
  })();
  ctx.pending.add(run);
  await run;
  ctx.pending.delete(run);
  return answer;
}

/** A live app: the plan's choice when it is up, else the next one up (as a load balancer would). */
export function appFor(ctx: StormContext, choice: number): AppSlot | null {
  const apps = ctx.cluster.apps;
  for (let i = 0; i < apps.length; i += 1) {
    const slot = apps[(choice + i) % apps.length]!;
    if (slot.url !== null) return slot;
  }
  return null;
}

/** How long a buyer keeps asking: at most `polls` more times, and not after `forMs` since the first ask. */
export interface Patience {
  polls: number;
  forMs: number;
}

/** One buyer tab: POST confirm, and on "pending" or a lost connection ask again while patience lasts. */
async function buyerConfirm(
  ctx: StormContext,
  rng: Rng,
  session: { paymentKey: string; orderId: string; amount: number },
  amount: number,
  choice: number,
  tampered: boolean,
  patience: Patience,
): Promise<void> {
  const body = JSON.stringify({ paymentKey: session.paymentKey, orderId: session.orderId, amount });
  const giveUpAt = Date.now() + patience.forMs;
  for (let attempt = 0; attempt <= patience.polls && (attempt === 0 || Date.now() < giveUpAt); attempt += 1) {
    const slot = appFor(ctx, choice + attempt);
    if (slot === null) {
      await sleep(500);
      continue;
    }
    if (attempt > 0) ctx.polls += 1;
    const answer = await send(
      ctx,
      slot,
      {
        kind: tampered ? 'tampered' : attempt === 0 ? 'confirm' : 'poll',
        orderId: session.orderId,
        paymentKey: session.paymentKey,
      },
      `${ctx.basePath}/confirm`,
      { method: 'POST', body, headers: { 'content-type': 'application/json' } },
    );
    if (tampered) return;
    const verdict = verdictOf(answer);
    if (verdict !== 'pending' && verdict !== 'lost' && verdict !== 'server-error') return;
    // Retry-After when given (bounded: the run is short), else about a second, like the browser helper
    const asked = Number(answer.retryAfter);
    const wait = Number.isFinite(asked) && asked > 0 ? Math.min(asked * 1000, 3000) : rng.int(700, 1500);
    await sleep(wait);
  }
}

export interface OrderRun {
  plan: OrderPlan;
  sessions: { paymentKey: string; orderId: string; amount: number }[];
  error?: string;
}

/** One order from the shop's table to its last confirm answer. */
export async function runOrder(
  ctx: StormContext,
  rng: Rng,
  plan: OrderPlan,
  addOrder: (orderId: string, amount: number) => Promise<void>,
  patience: Patience,
): Promise<OrderRun> {
  const run: OrderRun = { plan, sessions: [] };
  try {
    await addOrder(plan.orderId, plan.amount);
    // the buyer approves in the window (twice when two windows were opened), before any confirm
    for (let w = 0; w < plan.windows; w += 1) {
      run.sessions.push(
        await control(ctx.emulatorUrl, 'POST', '/authorize', {
          orderId: plan.orderId,
          amount: plan.amount,
          orderName: '카오스 주문',
        }),
      );
    }
  } catch (error) {
    run.error = String(error);
    return run;
  }
  await Promise.all(
    plan.confirms.map(async (c) => {
      await sleep(c.delayMs);
      const session = run.sessions[c.window]!;
      const amount = c.tampered ? plan.amount + rng.pick([-100, 100, 1000, -plan.amount + 100]) : plan.amount;
      await buyerConfirm(ctx, rng, session, amount, c.app, c.tampered, patience);
    }),
  );
  return run;
}

/** Fires the chaos events planned for order number `index` (without waiting for them to end). */
export function fireEvents(
  ctx: StormContext,
  events: ChaosEvent[] | undefined,
  background: Set<Promise<unknown>>,
): void {
  for (const event of events ?? []) {
    const task = (async () => {
      if (event.kind === 'fault' || event.kind === 'faults') {
        const specs = event.kind === 'fault' ? [{ spec: event.spec }] : event.specs;
        count(ctx.faultsArmed, event.label);
        await Promise.all(
          specs.map(async ({ spec, afterMs }) => {
            if (afterMs !== undefined) await sleep(afterMs);
            await control(ctx.emulatorUrl, 'POST', '/faults', spec);
          }),
        );
        return;
      }
      const slot = ctx.cluster.apps[event.app]!;
      if (event.kind === 'kill') {
        if (slot.url === null || ctx.cluster.alive().length < Math.min(2, ctx.cluster.apps.length)) {
          count(ctx.skipped, 'kill');
          return;
        }
        ctx.cluster.kill(slot);
        await sleep(event.restartAfterMs);
        await ctx.cluster.restart(slot);
        return;
      }
      if (ctx.cluster.outages.some((o) => o.app === slot.name && o.end === Infinity)) {
        count(ctx.skipped, event.mode === 'reset' ? 'cut' : 'stall');
        return;
      }
      await ctx.cluster.outage(slot, event.mode, event.ms);
    })().catch((error: unknown) => {
      console.error(`[chaos] event ${event.kind} failed: ${String(error)}`);
    });
    background.add(task);
    void task.finally(() => background.delete(task));
  }
}
