/**
 * Faults on demand: latency per route, commit-then-drop (the gateway commits, the caller never hears back),
 * failing the next N calls with a 5xx or a given code, and webhook mischief (duplicate, delay, reorder, drop).
 */
export type ApiRoute =
  | 'confirm'
  | 'getPayment'
  | 'getPaymentByOrderId'
  | 'cancel'
  | 'keyIn'
  | 'virtualAccount'
  | 'billingIssue'
  | 'billingCard'
  | 'billingCharge'
  | 'billingDelete'
  | 'transactions'
  | 'settlements'
  | 'settlementRequest'
  | 'cashReceiptIssue'
  | 'cashReceiptCancel'
  | 'cashReceipts'
  | 'promotions'
  | 'cardPromotions'
  | 'brandpayAccessToken'
  | 'brandpayConfirm';

export const API_ROUTES: readonly ApiRoute[] = [
  'confirm',
  'getPayment',
  'getPaymentByOrderId',
  'cancel',
  'keyIn',
  'virtualAccount',
  'billingIssue',
  'billingCard',
  'billingCharge',
  'billingDelete',
  'transactions',
  'settlements',
  'settlementRequest',
  'cashReceiptIssue',
  'cashReceiptCancel',
  'cashReceipts',
  'promotions',
  'cardPromotions',
  'brandpayAccessToken',
  'brandpayConfirm',
];

/** Routes where the drop fault makes sense: the call changes state, then the answer is lost. */
export const DROPPABLE_ROUTES: readonly ApiRoute[] = [
  'confirm',
  'brandpayConfirm',
  'cancel',
  'billingCharge',
  'keyIn',
  'virtualAccount',
];

export type FaultSpec =
  /** answer `ms` real milliseconds later (the request counts as in flight meanwhile) */
  | { kind: 'latency'; route: ApiRoute | '*'; ms: number; times?: number }
  /** commit-then-drop: the change happens, then the socket is destroyed without an answer */
  | { kind: 'drop'; route: ApiRoute; times?: number }
  /** answer the next `times` calls (default 1) with `code` (its catalogue status) or a bare 5xx */
  | { kind: 'fail'; route: ApiRoute | '*'; times?: number; code?: string; status?: number }
  /** webhook mischief; `eventType` narrows it to one event type */
  | {
      kind: 'webhook';
      action: 'duplicate' | 'delay' | 'reorder' | 'drop';
      times?: number;
      delayMs?: number;
      eventType?: string;
    };

export interface ActiveFault {
  id: number;
  spec: FaultSpec;
  /** calls left; null = until cleared */
  remaining: number | null;
}

export class FaultRegistry {
  private faults: ActiveFault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): number {
    validateFault(spec);
    const defaultTimes =
      spec.kind === 'latency' ? null : spec.kind === 'webhook' && spec.action === 'reorder' ? 2 : 1;
    const times = spec.times ?? defaultTimes;
    const fault: ActiveFault = { id: this.nextId++, spec, remaining: times };
    this.faults.push(fault);
    return fault.id;
  }

  list(): ActiveFault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  remove(id: number): void {
    this.faults = this.faults.filter((f) => f.id !== id);
  }

  clear(): void {
    this.faults = [];
  }

  get size(): number {
    return this.faults.length;
  }

  /** Takes (and counts down) the first fault of `kind` that matches. */
  take<K extends FaultSpec['kind']>(
    kind: K,
    match: (spec: Extract<FaultSpec, { kind: K }>) => boolean,
  ): Extract<FaultSpec, { kind: K }> | undefined {
    for (const f of this.faults) {
      if (f.spec.kind !== kind) continue;
      const spec = f.spec as Extract<FaultSpec, { kind: K }>;
      if (!match(spec)) continue;
      if (f.remaining !== null) {
        f.remaining--;
        if (f.remaining <= 0) this.remove(f.id);
      }
      return spec;
    }
    return undefined;
  }

  /** Looks at the first matching fault without counting it down. */
  peek<K extends FaultSpec['kind']>(
    kind: K,
    match: (spec: Extract<FaultSpec, { kind: K }>) => boolean,
  ): ActiveFault | undefined {
    return this.faults.find((f) => f.spec.kind === kind && match(f.spec as Extract<FaultSpec, { kind: K }>));
  }
}

export function validateFault(spec: FaultSpec): void {
  if (typeof spec !== 'object' || spec === null) throw new TypeError('a fault is an object with a kind');
  const routeOk = (r: unknown, star: boolean) =>
    (star && r === '*') || (API_ROUTES as readonly unknown[]).includes(r);
  if (spec.times !== undefined && (!Number.isSafeInteger(spec.times) || spec.times < 1))
    throw new TypeError('times must be a positive integer');
  switch (spec.kind) {
    case 'latency':
      if (!routeOk(spec.route, true))
        throw new TypeError(`unknown route "${String(spec.route)}"; one of ${API_ROUTES.join(', ')} or *`);
      if (!Number.isFinite(spec.ms) || spec.ms < 0) throw new TypeError('latency needs ms >= 0');
      return;
    case 'drop':
      if (!(DROPPABLE_ROUTES as readonly unknown[]).includes(spec.route))
        throw new TypeError(`drop works on ${DROPPABLE_ROUTES.join(', ')}`);
      return;
    case 'fail':
      if (!routeOk(spec.route, true))
        throw new TypeError(`unknown route "${String(spec.route)}"; one of ${API_ROUTES.join(', ')} or *`);
      if (
        spec.status !== undefined &&
        (!Number.isSafeInteger(spec.status) || spec.status < 400 || spec.status > 599)
      )
        throw new TypeError('status must be 400-599');
      return;
    case 'webhook':
      if (!['duplicate', 'delay', 'reorder', 'drop'].includes(spec.action))
        throw new TypeError('webhook action is one of duplicate, delay, reorder, drop');
      if (spec.action === 'delay' && !(Number(spec.delayMs) >= 0))
        throw new TypeError('a webhook delay needs delayMs');
      if (spec.action === 'reorder' && spec.times !== undefined && spec.times < 2)
        throw new TypeError('reorder needs times >= 2');
      return;
    default:
      throw new TypeError(
        `unknown fault kind "${String((spec as { kind?: unknown }).kind)}"; one of latency, drop, fail, webhook`,
      );
  }
}
