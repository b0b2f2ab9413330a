/**
 * `openLedger(options)`: the persistent ledger as a value, synchronously, for
 * `createPaymentHandler({ ledger: openLedger({ dataDir, encryptionKey }) })`. Every option is checked now
 * (a missing or short encryption key, a bad table prefix fail here, with the fix in the message); the
 * database itself is opened by the first call, once, and a failed open is tried again by the next call.
 */
import type { Ledger } from '@tosskit/core';
import {
  checkLedgerOptions,
  createLedger,
  type LedgerOptions,
  type PersistentLedger,
} from './create-ledger.js';
import { configurationError } from './errors.js';

export function openLedger(options: LedgerOptions): PersistentLedger {
  const checked = checkLedgerOptions(options);
  let opening: Promise<PersistentLedger> | null = null;
  let closed = false;

  function open(): Promise<PersistentLedger> {
    if (closed) return Promise.reject(configurationError('ledger', 'this ledger was closed.'));
    if (opening === null) {
      const attempt = createLedger(options);
      opening = attempt;
      // a failed open (the directory locked by another process, the database down) is tried again next call
      attempt.catch(() => {
        if (opening === attempt) opening = null;
      });
    }
    return opening;
  }

  async function close(): Promise<void> {
    closed = true;
    const pending = opening;
    opening = null;
    if (pending === null) return;
    const ledger = await pending.catch(() => null);
    if (ledger !== null) await ledger.close();
  }

  const known: Record<string, unknown> = { driver: checked.driver, tablePrefix: checked.tablePrefix, close };
  const forwarders = new Map<PropertyKey, (...args: unknown[]) => Promise<unknown>>();
  // every other member of the Ledger port is forwarded to the opened ledger, so a method added to the port
  // needs nothing here
  return new Proxy(known, {
    get(target, name) {
      if (name in target) return target[name as string];
      if (typeof name !== 'string' || name === 'then') return undefined;
      let forward = forwarders.get(name);
      if (forward === undefined) {
        forward = async (...args: unknown[]) => {
          const ledger = (await open()) as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
          const method = ledger[name];
          if (typeof method !== 'function')
            throw configurationError('ledger', `the ledger has no ${name}().`);
          return method.apply(ledger, args);
        };
        forwarders.set(name, forward);
      }
      return forward;
    },
    has: (target, name) => name in target || typeof name === 'string',
  }) as unknown as PersistentLedger & Ledger;
}
