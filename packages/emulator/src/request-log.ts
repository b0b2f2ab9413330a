/** The emulator's log of API calls (control.requests()), trimmed to a limit, with an optional listener. */
import type { EmulatorClock } from './clock.js';
import type { RequestFilter, RequestLogEntry } from './emulator.js';

export class RequestLog {
  private readonly entries: RequestLogEntry[] = [];
  private seq = 0;

  constructor(
    private readonly clock: EmulatorClock,
    private readonly limit: number,
    private readonly onRequest?: (entry: RequestLogEntry) => void,
  ) {}

  record(entry: Omit<RequestLogEntry, 'seq' | 'at'>): void {
    const full = { seq: ++this.seq, at: this.clock.now(), ...entry };
    this.entries.push(full);
    // trimmed in batches so a busy emulator does not shift the whole array on every call
    if (this.entries.length > this.limit + 256) this.entries.splice(0, this.entries.length - this.limit);
    if (this.onRequest) {
      try {
        this.onRequest({ ...full });
      } catch {
        // a listener's failure must not break the API
      }
    }
  }

  list(filter?: RequestFilter): RequestLogEntry[] {
    return this.entries
      .slice(-this.limit)
      .filter(
        (e) =>
          (filter?.method === undefined || e.method === filter.method.toUpperCase()) &&
          (filter?.path === undefined || e.path === filter.path) &&
          (filter?.route === undefined || e.route === filter.route),
      )
      .map((e) => ({ ...e }));
  }

  clear(): void {
    this.entries.length = 0;
  }
}
