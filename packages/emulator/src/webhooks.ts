/**
 * Webhook delivery as the gateway does it: POST JSON to every endpoint with the three transmission headers;
 * delivered only on HTTP 200 within the timeout (10 s); otherwise up to 7 retries at 1, 4, 16, 64, 256, 1024
 * and 4096 minutes after each failure, scheduled on the emulator clock.
 */
import { checkEventList, type WebhookSubscription } from './webhook-events.js';
import { kstIso } from './clock.js';
import type { EmulatorClock } from './clock.js';
import type { FaultRegistry } from './faults.js';
import { gatewayError } from './errors.js';
import { newTransmissionId } from './ids.js';
import type { EmittedEvent } from './state/index.js';

export const RETRY_MINUTES = [1, 4, 16, 64, 256, 1024, 4096] as const;

export interface DeliveryAttempt {
  /** emulator time of the attempt (epoch ms) */
  at: number;
  transmissionId: string;
  retriedCount: number;
  /** the endpoint's HTTP status, null when it did not answer */
  status: number | null;
  error: string | null;
  /** the first 500 characters of the endpoint's answer */
  answer: string | null;
  durationMs: number;
}

export interface Delivery {
  id: number;
  url: string;
  eventType: string;
  body: Record<string, unknown>;
  state: 'pending' | 'in-flight' | 'delivered' | 'failed' | 'dropped' | 'held';
  attempts: DeliveryAttempt[];
  /** emulator time of the next attempt, null when none is planned */
  nextAttemptAt: number | null;
  createdAt: number;
  /** set on the copy a `duplicate` fault makes */
  duplicateOf: number | null;
  /** set on a delivery sent again by hand (control `resendWebhook`): the delivery it repeats */
  resentFrom?: number | null;
}

/** What the snapshot file keeps of the delivery log (snapshot-file.ts). */
export interface DeliveryLogSnapshot {
  nextId: number;
  deliveries: Delivery[];
}

export interface WebhookOptions {
  clock: EmulatorClock;
  faults: FaultRegistry;
  /** real ms an endpoint has to answer (default 10,000) */
  timeoutMs?: number;
  /** keep at most this many deliveries in the log (default 5,000) */
  logLimit?: number;
  onUpdate?: (delivery: Delivery) => void;
}

export class WebhookDispatcher {
  readonly endpoints = new Set<string>();
  /** the event types each endpoint receives (absent: every event) */
  private readonly subscribed = new Map<string, ReadonlySet<string>>();
  private deliveriesLog: Delivery[] = [];
  private nextId = 1;
  private inflight = new Set<Promise<void>>();
  private held: Delivery[] = [];
  private tasks = new Map<number, number>();
  private readonly clock: EmulatorClock;
  private readonly faults: FaultRegistry;
  private readonly timeoutMs: number;
  private readonly logLimit: number;
  private readonly onUpdate: (d: Delivery) => void;
  private closed = false;

  constructor(options: WebhookOptions) {
    this.clock = options.clock;
    this.faults = options.faults;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.logLimit = options.logLimit ?? 5_000;
    const listener = options.onUpdate;
    this.onUpdate = listener
      ? (d) => {
          try {
            listener({ ...d, attempts: d.attempts.map((a) => ({ ...a })) });
          } catch {
            // a listener's failure must not stop deliveries
          }
        }
      : () => {};
  }

  /** Adds (or re-subscribes) an endpoint for `events` (webhook-events.ts); none given: every event. */
  addEndpoint(url: string, events?: readonly string[] | null): void {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
      throw new TypeError('a webhook endpoint is an http(s) URL');
    const list = checkEventList(events);
    const key = parsed.toString();
    this.endpoints.add(key);
    if (list === null) this.subscribed.delete(key);
    else this.subscribed.set(key, new Set(list));
  }

  removeEndpoint(url: string): void {
    for (const key of [url, new URL(url).toString()]) {
      this.endpoints.delete(key);
      this.subscribed.delete(key);
    }
  }

  subscriptions(): WebhookSubscription[] {
    return [...this.endpoints].map((url) => {
      const events = this.subscribed.get(url);
      return { url, events: events === undefined ? null : [...events] };
    });
  }

  /** whether some endpoint receives this event type */
  wants(eventType: string): boolean {
    for (const url of this.endpoints) if (this.receives(url, eventType)) return true;
    return false;
  }

  private receives(url: string, eventType: string): boolean {
    const events = this.subscribed.get(url);
    return events === undefined || events.has(eventType);
  }

  deliveries(): Delivery[] {
    return this.deliveriesLog.map((d) => ({ ...d, attempts: d.attempts.map((a) => ({ ...a })) }));
  }

  dispatch(event: EmittedEvent): void {
    if (this.closed) return;
    for (const url of this.endpoints) {
      if (!this.receives(url, event.eventType)) continue;
      const d = this.record(url, event.eventType, event.body, null);
      const matches = (s: { eventType?: string }) =>
        s.eventType === undefined || s.eventType === event.eventType;
      const fault = this.faults.take('webhook', matches);
      if (fault?.action === 'drop') {
        d.state = 'dropped';
        this.onUpdate(d);
        continue;
      }
      if (fault?.action === 'duplicate') {
        const copy = this.record(url, event.eventType, event.body, d.id);
        this.plan(d, 0);
        this.plan(copy, 0);
        continue;
      }
      if (fault?.action === 'delay') {
        this.plan(d, fault.delayMs ?? 0);
        continue;
      }
      if (fault?.action === 'reorder') {
        d.state = 'held';
        this.held.push(d);
        // Once the fault is used up, the held deliveries go out last-first.
        if (!this.faults.peek('webhook', (s) => s.action === 'reorder' && matches(s))) this.releaseHeld();
        continue;
      }
      this.plan(d, 0);
    }
  }

  /**
   * Sends a logged delivery's body again to its endpoint, as a new delivery with its own attempts and retries
   * (the developer center's 재전송). Faults do not apply.
   */
  resend(id: number): Delivery {
    const original = this.deliveriesLog.find((d) => d.id === id);
    if (original === undefined)
      throw gatewayError(
        'NOT_FOUND_DELIVERY',
        { ko: `웹훅 전송 기록 #${id}이(가) 없습니다.`, en: `No webhook delivery #${id}.` },
        404,
      );
    const d = this.record(original.url, original.eventType, original.body, null);
    d.resentFrom = original.id;
    this.plan(d, 0);
    return { ...d, attempts: [] };
  }

  snapshot(): DeliveryLogSnapshot {
    return { nextId: this.nextId, deliveries: this.deliveries() };
  }

  /**
   * Puts a saved log back. Deliveries that were still to be sent are planned again at their time (at once when it
   * passed); an attempt cut short by the restart counts as a failure without an answer.
   */
  restore(saved: DeliveryLogSnapshot): void {
    this.nextId = Math.max(this.nextId, saved.nextId);
    this.deliveriesLog = saved.deliveries.map((d) => ({ ...d, attempts: d.attempts.map((a) => ({ ...a })) }));
    for (const d of this.deliveriesLog) {
      if (d.state !== 'pending' && d.state !== 'in-flight' && d.state !== 'held') continue;
      const last = d.attempts.at(-1);
      if (d.state === 'in-flight' && last !== undefined && last.status === null && last.error === null)
        last.error = 'interrupted by an emulator restart';
      this.plan(d, Math.max(0, (d.nextAttemptAt ?? 0) - this.clock.now()));
    }
  }

  private record(
    url: string,
    eventType: string,
    body: Record<string, unknown>,
    duplicateOf: number | null,
  ): Delivery {
    const d: Delivery = {
      id: this.nextId++,
      url,
      eventType,
      body,
      state: 'pending',
      attempts: [],
      nextAttemptAt: null,
      createdAt: this.clock.now(),
      duplicateOf,
    };
    this.deliveriesLog.push(d);
    if (this.deliveriesLog.length > this.logLimit)
      this.deliveriesLog.splice(0, this.deliveriesLog.length - this.logLimit);
    return d;
  }

  private releaseHeld(): void {
    const held = this.held.reverse();
    this.held = [];
    for (const d of held) {
      d.state = 'pending';
      this.plan(d, 0);
    }
  }

  private plan(d: Delivery, delayMs: number): void {
    d.state = 'pending';
    d.nextAttemptAt = this.clock.now() + delayMs;
    this.onUpdate(d);
    const id = this.clock.schedule(delayMs, () => {
      this.tasks.delete(d.id);
      this.attempt(d);
    });
    this.tasks.set(d.id, id);
  }

  private attempt(d: Delivery): void {
    if (this.closed) return;
    d.state = 'in-flight';
    d.nextAttemptAt = null;
    const attempt: DeliveryAttempt = {
      at: this.clock.now(),
      transmissionId: newTransmissionId(),
      retriedCount: d.attempts.length,
      status: null,
      error: null,
      answer: null,
      durationMs: 0,
    };
    d.attempts.push(attempt);
    this.onUpdate(d);
    const started = Date.now();
    const p = (async () => {
      try {
        const res = await fetch(d.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'tosspayments-webhook-transmission-time': kstIso(attempt.at),
            'tosspayments-webhook-transmission-retried-count': String(attempt.retriedCount),
            'tosspayments-webhook-transmission-id': attempt.transmissionId,
          },
          body: JSON.stringify(d.body),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        attempt.status = res.status;
        attempt.answer = (await res.text()).slice(0, 500);
      } catch (error) {
        attempt.error =
          error instanceof Error && error.name === 'TimeoutError'
            ? `no answer within ${this.timeoutMs} ms`
            : String((error as Error)?.message ?? error);
      }
      attempt.durationMs = Date.now() - started;
      if (attempt.status === 200 && attempt.error === null) {
        d.state = 'delivered';
      } else {
        const failures = d.attempts.length;
        const minutes = RETRY_MINUTES[failures - 1];
        if (minutes === undefined || this.closed) {
          d.state = 'failed';
        } else {
          this.plan(d, minutes * 60_000);
          return;
        }
      }
      this.onUpdate(d);
    })();
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
  }

  /** Resolves when no delivery is due or in flight at the current emulator time (held ones are released). */
  async flush(): Promise<void> {
    for (let round = 0; round < 10_000; round++) {
      this.clock.runDue();
      if (this.inflight.size === 0 && !this.clock.hasDue()) {
        if (this.held.length === 0) return;
        this.releaseHeld();
        continue;
      }
      await Promise.allSettled([...this.inflight]);
    }
  }

  reset(): void {
    for (const id of this.tasks.values()) this.clock.cancel(id);
    this.tasks.clear();
    this.held = [];
    this.deliveriesLog = [];
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const id of this.tasks.values()) this.clock.cancel(id);
    this.tasks.clear();
    await Promise.allSettled([...this.inflight]);
  }
}
