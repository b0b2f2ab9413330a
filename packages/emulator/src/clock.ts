/**
 * The emulator's clock. Emulator time runs `timeScale` times faster than real time and can be moved
 * forward by hand (`advance`), so 10-minute session expiries and 68-hour webhook retry schedules are
 * testable in milliseconds. Work that must happen "later" is scheduled on this clock, not on setTimeout.
 */
export interface ClockOptions {
  /** emulator ms per real ms (default 1); 0 freezes the clock so only advance() moves it */
  timeScale?: number;
  /** the emulator time at start (epoch ms, default Date.now()) */
  start?: number;
}

/** A cancelled task's closure is dropped: what it would have touched can be collected. */
const skipped = (): void => undefined;
/** Cancelled tasks tolerated in the heap before it is rebuilt (when they also outnumber the live ones). */
const COMPACT_AFTER = 1024;

interface Task {
  id: number;
  due: number;
  run: () => void;
}

export class EmulatorClock {
  readonly timeScale: number;
  private readonly realStart: number;
  private base: number;
  private offset = 0;
  /**
   * A binary min-heap on (due, id). A cancelled task stays in it, without its closure, until it surfaces or
   * the cancelled outnumber the live (then the heap is rebuilt): a session's 10-minute expiry cancelled by its
   * confirm holds no payment alive, and a busy emulator's heap stays the size of what is still to run.
   */
  private heap: Task[] = [];
  private live = new Map<number, Task>();
  private cancelled = 0;
  private nextId = 1;
  private timer: NodeJS.Timeout | null = null;
  private timerDue = Infinity;
  private stopped = false;

  constructor(options: ClockOptions = {}) {
    const scale = options.timeScale ?? 1;
    if (!(scale >= 0) || !Number.isFinite(scale)) throw new RangeError('timeScale must be a number >= 0');
    this.timeScale = scale;
    this.realStart = Date.now();
    this.base = options.start ?? this.realStart;
  }

  now(): number {
    return this.base + (Date.now() - this.realStart) * this.timeScale + this.offset;
  }

  /** Moves emulator time forward and runs every task that became due, in due order. */
  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0)
      throw new RangeError('advanceClock takes a non-negative number of ms');
    this.offset += ms;
    this.runDue();
    return this.now();
  }

  /** Sets the offset so that now() is `epochMs` (only forward moves make sense for schedules). */
  restore(epochMs: number): void {
    this.offset += epochMs - this.now();
  }

  schedule(delayMs: number, run: () => void): number {
    const task: Task = { id: this.nextId++, due: this.now() + Math.max(0, delayMs), run };
    this.live.set(task.id, task);
    this.push(task);
    if (task.due < this.timerDue) this.arm();
    return task.id;
  }

  cancel(id: number): void {
    const task = this.live.get(id);
    if (task === undefined) return;
    this.live.delete(id);
    task.run = skipped;
    this.cancelled += 1;
    if (this.cancelled > COMPACT_AFTER && this.cancelled > this.live.size) this.compact();
  }

  clear(): void {
    this.heap = [];
    this.live.clear();
    this.cancelled = 0;
  }

  /** Tasks the heap holds, cancelled ones included (for tests of its bound). */
  get queued(): number {
    return this.heap.length;
  }

  /** Tasks due now or earlier exist (used by flushWebhooks). */
  hasDue(): boolean {
    const first = this.peek();
    return first !== undefined && first.due <= this.now();
  }

  runDue(): void {
    // A task may schedule more tasks; those that are already due run in the same pass.
    for (;;) {
      const first = this.peek();
      if (first === undefined || first.due > this.now()) break;
      this.pop();
      this.live.delete(first.id);
      try {
        first.run();
      } catch {
        // a failing task must not stop the others; tasks log their own failures
      }
    }
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private peek(): Task | undefined {
    while (this.heap.length > 0 && !this.live.has(this.heap[0]!.id)) {
      this.pop();
      this.cancelled -= 1;
    }
    return this.heap[0];
  }

  /** The heap without its cancelled tasks: a sorted array is a valid min-heap. */
  private compact(): void {
    this.heap = [...this.live.values()].sort((a, b) => (this.less(a, b) ? -1 : 1));
    this.cancelled = 0;
  }

  private less(a: Task, b: Task): boolean {
    return a.due < b.due || (a.due === b.due && a.id < b.id);
  }

  private push(task: Task): void {
    const h = this.heap;
    h.push(task);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop();
    if (last === undefined || h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerDue = Infinity;
    const first = this.peek();
    if (first === undefined || this.stopped || this.timeScale === 0) return;
    const realDelay = Math.max(
      0,
      Math.min(2 ** 31 - 1, Math.ceil((first.due - this.now()) / this.timeScale)),
    );
    this.timerDue = first.due;
    this.timer = setTimeout(() => this.runDue(), realDelay);
    this.timer.unref();
  }
}

/** `yyyy-MM-ddTHH:mm:ss+09:00` (KST, the gateway's format for requestedAt/approvedAt). */
export function kstIso(epochMs: number): string {
  return `${new Date(epochMs + 9 * 3_600_000).toISOString().slice(0, 19)}+09:00`;
}

/** `yyyy-MM-ddTHH:mm:ss.SSSSSS` with no offset (KST implied), the payment webhooks' createdAt format. */
export function kstWebhookTime(epochMs: number): string {
  return `${new Date(epochMs + 9 * 3_600_000).toISOString().slice(0, 23)}000`;
}

/** `yyyy-MM-dd` in KST. */
export function kstDate(epochMs: number): string {
  return new Date(epochMs + 9 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * Parses `yyyy-MM-dd` or `yyyy-MM-ddTHH:mm:ss` (KST unless an offset is given); a date alone is 00:00:00.
 * Returns epoch ms or null.
 */
export function parseKst(value: string): number | null {
  const m =
    /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?)?(Z|[+-]\d{2}:\d{2})?$/.exec(
      value,
    );
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', zone] = m;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}${zone ?? '+09:00'}`;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}
