/**
 * The embedded ledger the handler opens itself when the shop gives `dataDir` (issue 5): PGlite from
 * the optional peer @tosskit/ledger, imported at run time so core never depends on the package that
 * depends on it. The handler is created synchronously, so the ledger it sees is a stand-in that opens
 * the real one on first use (once) and forwards every call to it.
 */
import { ConfigurationError } from '../errors/index.js';
import type { Ledger } from '../ledger/index.js';

interface LedgerPackage {
  createLedger(options: { dataDir: string; encryptionKey?: string | Uint8Array }): Promise<Ledger>;
}

async function importLedgerPackage(): Promise<LedgerPackage> {
  // eslint-disable-next-line @typescript-eslint/ban-ts-comment -- an error only while @tosskit/ledger is unbuilt
  // @ts-ignore -- optional peer dependency: resolved at run time only; its types are no build input of core
  return (await import('@tosskit/ledger')) as unknown as LedgerPackage;
}

export interface EmbeddedLedgerOptions {
  dataDir: string;
  encryptionKey?: string | Uint8Array;
  /** test seam: where createLedger comes from (default: import('@tosskit/ledger')) */
  load?: () => Promise<LedgerPackage>;
}

async function loadCreateLedger(load: () => Promise<LedgerPackage>): Promise<LedgerPackage['createLedger']> {
  let module: LedgerPackage;
  try {
    module = await load();
  } catch (error) {
    throw new ConfigurationError(
      'CONFIGURATION_ERROR',
      'tosskit: option "dataDir": the embedded ledger needs the package @tosskit/ledger, which could not be loaded. Fix: npm install @tosskit/ledger (or pass your own `ledger`).',
      { option: 'dataDir', fix: 'npm install @tosskit/ledger' },
      { cause: error },
    );
  }
  if (typeof module?.createLedger !== 'function') {
    throw new ConfigurationError(
      'CONFIGURATION_ERROR',
      'tosskit: option "dataDir": @tosskit/ledger does not export createLedger. Fix: install a matching version: npm install @tosskit/ledger.',
      { option: 'dataDir', fix: 'npm install @tosskit/ledger' },
    );
  }
  return module.createLedger;
}

/** A Ledger that opens the embedded ledger in `dataDir` on its first call and forwards to it. */
export function createEmbeddedLedger(options: EmbeddedLedgerOptions): Ledger {
  let opening: Promise<Ledger> | null = null;
  let closed = false;
  function open(): Promise<Ledger> {
    if (closed) {
      return Promise.reject(
        new ConfigurationError('CONFIGURATION_ERROR', 'tosskit: the payment handler was closed.', {
          option: 'dataDir',
        }),
      );
    }
    if (opening === null) {
      const attempt = loadCreateLedger(options.load ?? importLedgerPackage).then((createLedger) =>
        createLedger({
          dataDir: options.dataDir,
          ...(options.encryptionKey === undefined ? {} : { encryptionKey: options.encryptionKey }),
        }),
      );
      opening = attempt;
      // a failed open (missing package, directory locked by another process) is tried again by the next call
      attempt.catch(() => {
        if (opening === attempt) opening = null;
      });
    }
    return opening;
  }

  const forward = <K extends Exclude<keyof Ledger, 'close' | 'withLease'>>(name: K): Ledger[K] =>
    (async (...args: unknown[]) => {
      const ledger = await open();
      return (ledger[name] as (...a: unknown[]) => Promise<unknown>).apply(ledger, args);
    }) as Ledger[K];

  return {
    claimConfirm: forward('claimConfirm'),
    getClaim: forward('getClaim'),
    settleClaim: forward('settleClaim'),
    settleClaimWithPayment: forward('settleClaimWithPayment'),
    renewClaim: forward('renewClaim'),
    releaseClaim: forward('releaseClaim'),
    failClaim: forward('failClaim'),
    listAbandonedClaims: forward('listAbandonedClaims'),
    recordPayment: forward('recordPayment'),
    getPayment: forward('getPayment'),
    getPaymentByOrderId: forward('getPaymentByOrderId'),
    listPayments: forward('listPayments'),
    listTransactions: forward('listTransactions'),
    markWebhookProcessed: forward('markWebhookProcessed'),
    unmarkWebhookProcessed: forward('unmarkWebhookProcessed'),
    recordOrderFailure: forward('recordOrderFailure'),
    getOrderFailure: forward('getOrderFailure'),
    saveBillingKey: forward('saveBillingKey'),
    getBillingKey: forward('getBillingKey'),
    deleteBillingKey: forward('deleteBillingKey'),
    recordCashReceipt: forward('recordCashReceipt'),
    getCashReceipt: forward('getCashReceipt'),
    listCashReceipts: forward('listCashReceipts'),
    getCursor: forward('getCursor'),
    setCursor: forward('setCursor'),
    async withLease<T>(name: string, ttlMs: number, fn: () => Promise<T>) {
      return (await open()).withLease(name, ttlMs, fn);
    },
    async close() {
      closed = true;
      const pending = opening;
      opening = null;
      if (pending === null) return;
      const ledger = await pending.catch(() => null);
      if (ledger !== null) await ledger.close();
    },
  };
}
