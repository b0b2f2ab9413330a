// The shop's own copy of its webhook log (/admin/webhooks): the emulator's deliveries as the shop last saw them,
// kept in the data folder, so a restart of the shop or of the emulator loses no row. Writes go to a temp file
// renamed over the old one, like the order store.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type LoggedDelivery = Record<string, unknown>;

export interface WebhookLog {
  /** puts the emulator's deliveries in (a delivery seen before is replaced by its newer state), saves, lists */
  merge(deliveries: LoggedDelivery[]): LoggedDelivery[];
  /** oldest first */
  list(): LoggedDelivery[];
}

export interface SyncedWebhookLog {
  /** reads the emulator's deliveries into the log and lists it (the log alone when there is no emulator) */
  sync(): Promise<LoggedDelivery[]>;
  /** a sync shortly (after a payment hook: a webhook just arrived); errors are left to the next sync */
  syncSoon(): void;
  list(): LoggedDelivery[];
  /** a last sync, then no more */
  close(): Promise<void>;
}

/** The log kept in step with the emulator's deliveries (`fetchDeliveries` null: no emulator, the log as it is). */
export function syncedWebhookLog(
  dataDir: string,
  fetchDeliveries: (() => Promise<LoggedDelivery[]>) | null,
): SyncedWebhookLog {
  const log = createWebhookLog(dataDir);
  let timer: NodeJS.Timeout | undefined;
  const sync = async () => (fetchDeliveries ? log.merge(await fetchDeliveries()) : log.list());
  return {
    sync,
    syncSoon() {
      if (!fetchDeliveries || timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        sync().catch(() => {}); // a stopped emulator is no error here; the page syncs again
      }, 300);
      timer.unref();
    },
    list: log.list,
    async close() {
      clearTimeout(timer);
      // at most 2 s: closing must not wait on an emulator that does not answer
      await Promise.race([
        sync().catch(() => {}),
        new Promise((resolve) => setTimeout(resolve, 2000).unref()),
      ]);
    },
  };
}

/** A delivery is the same across restarts when its number and creation time are: an emulator started afresh
 * numbers from 1 again, at a later time. */
const keyOf = (d: LoggedDelivery) => `${String(d.id)}@${String(d.createdAt)}`;

export function createWebhookLog(dataDir: string, limit = 1000): WebhookLog {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'webhook-log.json');
  const rows = new Map<string, LoggedDelivery>();
  try {
    for (const d of JSON.parse(readFileSync(file, 'utf8')) as LoggedDelivery[]) rows.set(keyOf(d), d);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const list = () =>
    [...rows.values()].sort(
      (a, b) => Number(a.createdAt) - Number(b.createdAt) || Number(a.id) - Number(b.id),
    );

  return {
    merge(deliveries) {
      let changed = false;
      for (const d of deliveries) {
        const key = keyOf(d);
        if (JSON.stringify(rows.get(key)) === JSON.stringify(d)) continue;
        rows.set(key, d);
        changed = true;
      }
      const all = list();
      for (const old of all.slice(0, Math.max(0, all.length - limit))) rows.delete(keyOf(old));
      if (changed) {
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, JSON.stringify(list()));
        renameSync(tmp, file);
      }
      return list();
    },
    list,
  };
}
