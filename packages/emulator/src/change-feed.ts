/**
 * What changed in the emulator, for the control API's server-sent events (`GET /__emulator/events`) that keep the
 * dashboard live. Changes are gathered for a moment and told once: the dashboard then reads the control API again,
 * so the stream carries no data of its own (one source of truth).
 */
export type ChangeKind = 'payments' | 'deliveries' | 'webhooks' | 'faults' | 'clock';

export interface Change {
  kinds: ChangeKind[];
  /** emulator time (epoch ms) */
  now: number;
}

export class ChangeFeed {
  private readonly listeners = new Set<(change: Change) => void>();
  private readonly pending = new Set<ChangeKind>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly now: () => number,
    private readonly gatherMs = 25,
  ) {}

  notify(kind: ChangeKind): void {
    if (this.listeners.size === 0) return;
    this.pending.add(kind);
    if (this.timer !== null) return;
    this.timer = setTimeout(() => this.tell(), this.gatherMs);
    this.timer.unref();
  }

  /** Calls `listener` on every change until the returned function is called. */
  subscribe(listener: (change: Change) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.listeners.clear();
  }

  private tell(): void {
    this.timer = null;
    const change: Change = { kinds: [...this.pending], now: this.now() };
    this.pending.clear();
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch {
        // a broken stream must not stop the others
      }
    }
  }
}
