/** The optional snapshot file: state, webhook endpoints and the delivery log written shortly after a change, read back at start. */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { StateSnapshot } from './state/index.js';
import type { DeliveryLogSnapshot } from './webhooks.js';

export interface SavedEmulator {
  state: StateSnapshot;
  webhookUrls?: string[];
  /** the event types of the endpoints that do not receive every event */
  webhookEvents?: Record<string, string[]>;
  /** the webhook delivery log with every attempt (absent in snapshots written before it was kept) */
  deliveries?: DeliveryLogSnapshot;
}

export class SnapshotFile {
  private timer: NodeJS.Timeout | null = null;

  /** `contents` gives what to save; with no file nothing is ever written. */
  constructor(
    private readonly file: string | undefined,
    private readonly contents: () => SavedEmulator,
  ) {}

  /** Writes within 200 ms, once for any number of changes meanwhile. */
  schedule(): void {
    if (!this.file || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.write();
    }, 200);
    this.timer.unref();
  }

  /** Writes now, atomically (a temporary file renamed over the old one). */
  write(): void {
    if (!this.file) return;
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.contents()));
    renameSync(tmp, this.file);
  }

  /** What the file holds, or null when there is no file or no snapshot yet. */
  read(): SavedEmulator | null {
    if (!this.file) return null;
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return null; // no snapshot yet: start empty
    }
    return JSON.parse(text) as SavedEmulator;
  }

  /** Stops a pending write and writes what there is. */
  close(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.write();
  }
}
