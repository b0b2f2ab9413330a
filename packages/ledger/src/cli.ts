#!/usr/bin/env node
/**
 * `tosskit reconcile`: one reconcile pass against the shop's ledger, from a shell, a cron job or a
 * container's schedule. Safe to run while the shop serves traffic and on several hosts at once:
 * only the holder of the ledger's 'reconcile' lease does the work.
 */
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  createPaymentHandler,
  isTosskitError,
  LedgerUnavailableError,
  redactSecrets,
  type OrderLookup,
  type PaymentHooks,
  type ReconcileProgress,
  type ReconcileReport,
} from '@tosskit/core';
import { createLedger, type LedgerOptions } from './create-ledger.js';

const HELP = `Usage: tosskit reconcile [options]

Finishes what a crash or a lost webhook left open: confirm claims whose server vanished are settled
from the gateway (hooks run once), and GET /v1/transactions is walked from the stored cursor.

Ledger (one of):
  --database-url <url>     PostgreSQL connection string           (env DATABASE_URL)
  --data-dir <dir>         embedded ledger directory (PGlite)      (env TOSSKIT_DATA_DIR)
  --encryption-key <key>   the ledger's 32-byte key                (env TOSSKIT_ENCRYPTION_KEY)
  --table-prefix <p>       table prefix (default tosskit_)

Gateway:
  --secret-key <key>       Toss secret key                          (env TOSS_SECRET_KEY; prefer the env)
  --api-base-url <url>     default https://api.tosspayments.com     (env TOSS_API_BASE_URL)

Shop:
  --config <file>          a module whose default export holds the shop's hooks and orderLookup
                           (the same object passed to tossPayments()); needed so hooks fire
  --without-hooks          run without --config: payments are recorded, no shop hook runs and
                           unconfirmed claims are released instead of confirmed

Pass:
  --claims-only            do not walk the transactions list
  --lookback-hours <n>     where the first walk starts when no cursor is stored (default 72)
  --max-pages <n>          transaction pages per run (default 20)
  --quiet                  only the summary line
  -h, --help               this text

Exit status: 0 done (or another instance held the lease), 1 something needs a look, 2 bad usage.
`;

class UsageError extends Error {}

interface ShopConfig extends PaymentHooks {
  orderLookup?: OrderLookup;
}

function integer(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n <= 0) throw new UsageError(`--${name} must be a positive integer`);
  return n;
}

async function loadConfig(file: string): Promise<ShopConfig> {
  const mod = (await import(pathToFileURL(resolve(file)).href)) as { default?: unknown; options?: unknown };
  const value = (mod.default ?? mod.options) as
    | ShopConfig
    | (() => ShopConfig | Promise<ShopConfig>)
    | undefined;
  const config = typeof value === 'function' ? await value() : value;
  if (config === undefined || config === null || typeof config !== 'object') {
    throw new UsageError(
      `${file} must export default the shop's options ({ orderLookup, onPaymentConfirmed, ... })`,
    );
  }
  return config;
}

function describe(event: ReconcileProgress): string {
  switch (event.kind) {
    case 'claims':
      return `abandoned confirm claims: ${event.found}`;
    case 'claim':
      return `  claim ${event.orderId} (${event.paymentKey}): ${event.result}`;
    case 'page':
      return `transactions from ${event.startDate}${event.startingAfter === null ? '' : ` after ${event.startingAfter}`}: ${event.count}`;
    case 'applied':
      return `  applied ${event.paymentKey} (${event.orderId}) → ${event.status}, ${event.newTransactions} new transaction(s)`;
  }
}

function summary(report: ReconcileReport): string {
  if (!report.ran) return 'another instance is reconciling right now; nothing to do here';
  const c = report.claims;
  const t = report.transactions;
  return (
    `claims: ${c.confirmed} confirmed, ${c.compensated} compensated, ${c.failed} failed, ${c.released} released, ${c.pending} pending, ${c.skipped} skipped; ` +
    `transactions: ${t.seen} seen on ${t.pages} page(s), ${t.applied} applied; cursor ${report.cursor ?? '(none)'}; ` +
    `cash receipts: ${report.cashReceipts.checked} in progress, ${report.cashReceipts.updated} answered` +
    (report.errors.length > 0
      ? `; ${report.errors.length} error(s): ${report.errors.map((e) => `${e.step} ${e.orderId ?? ''} ${e.code}`.trim()).join(', ')}`
      : '')
  );
}

export async function runCli(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  out = console.log,
  err = console.error,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'database-url': { type: 'string' },
        'data-dir': { type: 'string' },
        'encryption-key': { type: 'string' },
        'table-prefix': { type: 'string' },
        'secret-key': { type: 'string' },
        'api-base-url': { type: 'string' },
        config: { type: 'string' },
        'without-hooks': { type: 'boolean' },
        'claims-only': { type: 'boolean' },
        'lookback-hours': { type: 'string' },
        'max-pages': { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    err(`tosskit: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) {
    out(HELP);
    return values.help ? 0 : 2;
  }
  if (positionals[0] !== 'reconcile' || positionals.length > 1) {
    err(`tosskit: unknown command "${positionals.join(' ')}"; the command is "reconcile"\n\n${HELP}`);
    return 2;
  }

  let ledger: Awaited<ReturnType<typeof createLedger>> | null = null;
  try {
    const secretKey = values['secret-key'] ?? env.TOSS_SECRET_KEY;
    if (secretKey === undefined || secretKey === '')
      throw new UsageError('the Toss secret key is missing: set TOSS_SECRET_KEY (or --secret-key)');
    const databaseUrl = values['database-url'] ?? env.DATABASE_URL;
    const dataDir = values['data-dir'] ?? env.TOSSKIT_DATA_DIR;
    if ((databaseUrl === undefined) === (dataDir === undefined)) {
      throw new UsageError('name exactly one ledger: --database-url (PostgreSQL) or --data-dir (embedded)');
    }
    let config: ShopConfig = {};
    if (values.config !== undefined) config = await loadConfig(values.config);
    else if (values['without-hooks'] !== true) {
      throw new UsageError(
        'pass --config <file> with the shop hooks and orderLookup, or --without-hooks to run without them',
      );
    }

    const common = {
      encryptionKey: values['encryption-key'] ?? env.TOSSKIT_ENCRYPTION_KEY,
      tablePrefix: values['table-prefix'],
    };
    const ledgerOptions: LedgerOptions =
      databaseUrl !== undefined
        ? { ...common, connectionString: databaseUrl, poolSize: 2 }
        : { ...common, dataDir: dataDir! };
    const quiet = values.quiet === true;
    if (!quiet) out(`ledger: ${databaseUrl !== undefined ? 'PostgreSQL' : `embedded (${dataDir})`}`);
    ledger = await createLedger(ledgerOptions);

    // the same handler the shop runs, so the reconcile pass settles exactly as a live confirm would
    const handler = createPaymentHandler({
      ...config,
      secretKey,
      ...((values['api-base-url'] ?? env.TOSS_API_BASE_URL)
        ? { apiBaseUrl: values['api-base-url'] ?? env.TOSS_API_BASE_URL }
        : {}),
      ledger,
      orderLookup: config.orderLookup ?? (() => null),
      logger: { warn: (_fields, m) => err(`warning: ${m}`), error: (_fields, m) => err(`error: ${m}`) },
    });
    let report: ReconcileReport;
    try {
      report = await handler.reconcile({
        transactions: values['claims-only'] !== true,
        lookbackMs: integer('lookback-hours', values['lookback-hours'], 72) * 3_600_000,
        maxPages: integer('max-pages', values['max-pages'], 20),
        ...(quiet ? {} : { onProgress: (event: ReconcileProgress) => out(describe(event)) }),
      });
    } finally {
      await handler.close();
    }
    out(summary(report));
    return report.errors.length > 0 || report.claims.pending > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof UsageError) {
      err(`tosskit: ${error.message}\nRun "tosskit --help" for the options.`);
      return 2;
    }
    // tosskit errors carry a safe message; anything else is summarised without a stack or a secret
    const text = isTosskitError(error)
      ? `${error.code}${outageDetail(error)}: ${error.message}`
      : error instanceof Error
        ? error.message
        : String(error);
    err(`tosskit: reconcile failed: ${text}`);
    return 1;
  } finally {
    await ledger?.close().catch(() => {});
  }
}

/** For the operator running the CLI: why the database could not answer (the driver's words, redacted). */
function outageDetail(error: Error): string {
  if (!(error instanceof LedgerUnavailableError)) return '';
  const cause = error.cause instanceof Error ? `: ${redactSecrets(error.cause.message)}` : '';
  return ` (${error.reason}${cause})`;
}

function isMain(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    // npm links the bin: compare real paths
    return realpathSync(script) === realpathSync(new URL(import.meta.url));
  } catch {
    return false;
  }
}

const invokedDirectly = isMain();
if (invokedDirectly) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    () => process.exit(1),
  );
}
