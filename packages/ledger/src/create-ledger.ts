/**
 * `createLedger(options)`: the persistent Ledger. Embedded PGlite in a directory on disk by default
 * (zero setup), PostgreSQL when several instances share the payments. Same schema, same SQL.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Ledger } from '@tosskit/core';
import { loadPg, loadPglite, type PGliteLike, type PgPoolBoundsConfig, type PgPoolLike } from './drivers.js';
import { configurationError } from './errors.js';
import { createSecretBox, parseEncryptionKey } from './encryption.js';
import { migrate } from './migrations.js';
import { createPgDriver, createPgliteDriver, type SqlDriver } from './sql-driver.js';
import { createSqlLedger } from './sql-ledger.js';

interface CommonOptions {
  /**
   * 32 bytes that encrypt billing keys and virtual-account secrets at rest: a Uint8Array, 64 hex
   * characters, or base64url (43 characters). Keep it out of the database and its backups.
   */
  encryptionKey?: string | Uint8Array;
  /** prefix of every table name (letters, digits, underscore); default `tosskit_` */
  tablePrefix?: string;
  /**
   * the ledger's clock (epoch ms): claim leases and their expiry, named leases and timestamps read it when a
   * call passes no time of its own. Default `Date.now`; tests pass a clock they move.
   */
  now?: () => number;
}

export type LedgerOptions = CommonOptions &
  (
    | {
        /** embedded PGlite data directory (created if missing); `memory://` keeps it in memory */ dataDir: string;
      }
    | ({
        /** PostgreSQL connection string, e.g. postgres://user@host:5432/db */ connectionString: string;
        /** most connections the ledger's pool opens; default 10 */
        poolSize?: number;
      } & PostgresBounds)
    | {
        /**
         * a pg Pool you own (the ledger does not end it on close). Its own settings bound its calls: build it
         * with `new pg.Pool({ ...postgresPoolBounds(), connectionString })` for the same bounds as a
         * `connectionString` ledger.
         */
        pool: PgPoolLike;
      }
    | { /** an open PGlite you own (the ledger does not close it) */ pglite: PGliteLike }
  );

/**
 * How long a PostgreSQL call may take before the ledger gives up on it. A database that cannot answer then
 * fails the call with `LedgerUnavailableError` (503 `LEDGER_UNAVAILABLE` with `Retry-After` from the handler)
 * instead of holding the request: with the path to the server black-holed (no reset, no answer), an unbounded
 * pool waits forever. A connection whose call timed out is destroyed, not reused, so the pool recovers when
 * the path comes back. `0` turns a timeout off (not recommended).
 */
export interface PostgresBounds {
  /**
   * Opening a connection, and waiting for a free one when all `poolSize` are busy (`pg`:
   * `connectionTimeoutMillis`). Default 5,000 ms.
   */
  connectionTimeoutMs?: number;
  /**
   * The server cancels a statement that runs longer (`statement_timeout`, SQLSTATE 57014); the connection stays
   * usable. Covers lock waits too. Default 5,000 ms.
   */
  statementTimeoutMs?: number;
  /**
   * The client stops waiting for an answer (`pg`: `query_timeout`) and destroys the connection: the bound that
   * holds when the server cannot be heard at all. Longer than `statementTimeoutMs`, so a slow statement is
   * cancelled by the server first. Default 6,000 ms.
   */
  queryTimeoutMs?: number;
  /**
   * The server ends a session left idle inside a transaction (`idle_in_transaction_session_timeout`), releasing
   * its row locks when its client vanished mid-transaction behind a dead path. Default 10,000 ms.
   */
  idleInTransactionTimeoutMs?: number;
  /** TCP keep-alive on every connection (`pg`: `keepAlive`), so a dead peer is noticed. Default true. */
  keepAlive?: boolean;
  /** idle time before the first keep-alive probe (`pg`: `keepAliveInitialDelayMillis`). Default 10,000 ms. */
  keepAliveInitialDelayMs?: number;
}

/** The defaults of `PostgresBounds`. */
export const POSTGRES_BOUNDS_DEFAULTS: Readonly<Required<PostgresBounds>> = Object.freeze({
  connectionTimeoutMs: 5_000,
  statementTimeoutMs: 5_000,
  queryTimeoutMs: 6_000,
  idleInTransactionTimeoutMs: 10_000,
  keepAlive: true,
  keepAliveInitialDelayMs: 10_000,
});

const BOUND_NAMES = [
  'connectionTimeoutMs',
  'statementTimeoutMs',
  'queryTimeoutMs',
  'idleInTransactionTimeoutMs',
  'keepAliveInitialDelayMs',
] as const;

/**
 * `pg.Pool` settings for `bounds` (defaults filled in): what a `connectionString` ledger uses, and what to
 * spread into a pool you pass as `{ pool }`. Throws `CONFIGURATION_ERROR` naming a wrong option.
 */
export function postgresPoolBounds(bounds: PostgresBounds = {}): PgPoolBoundsConfig {
  const value = { ...POSTGRES_BOUNDS_DEFAULTS };
  for (const name of BOUND_NAMES) {
    const given = bounds[name];
    if (given === undefined) continue;
    if (typeof given !== 'number' || !Number.isSafeInteger(given) || given < 0) {
      throw configurationError(
        name,
        `${name} must be a whole number of milliseconds, 0 or more (0 turns it off).`,
      );
    }
    value[name] = given;
  }
  if (bounds.keepAlive !== undefined) {
    if (typeof bounds.keepAlive !== 'boolean')
      throw configurationError('keepAlive', 'keepAlive must be true or false.');
    value.keepAlive = bounds.keepAlive;
  }
  if (value.queryTimeoutMs > 0 && value.queryTimeoutMs < value.statementTimeoutMs) {
    throw configurationError(
      'queryTimeoutMs',
      `queryTimeoutMs (${value.queryTimeoutMs}) must not be shorter than statementTimeoutMs (${value.statementTimeoutMs}): ` +
        'the server should cancel a slow statement before the client drops the connection.',
    );
  }
  return {
    connectionTimeoutMillis: value.connectionTimeoutMs,
    // pg sends these two as session settings in the startup message; 0 leaves the server's own
    ...(value.statementTimeoutMs > 0 ? { statement_timeout: value.statementTimeoutMs } : {}),
    ...(value.idleInTransactionTimeoutMs > 0
      ? { idle_in_transaction_session_timeout: value.idleInTransactionTimeoutMs }
      : {}),
    ...(value.queryTimeoutMs > 0 ? { query_timeout: value.queryTimeoutMs } : {}),
    keepAlive: value.keepAlive,
    keepAliveInitialDelayMillis: value.keepAliveInitialDelayMs,
  };
}

export interface PersistentLedger extends Ledger {
  /** 'pglite' or 'postgres' */
  readonly driver: SqlDriver['kind'];
  readonly tablePrefix: string;
}

const PREFIX_PATTERN = /^[a-z_][a-z0-9_]{0,40}$/;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite is one process's database: a second process opening the same directory would corrupt it.
 * A lock file with the holder's pid turns that mistake into a clear error; a stale one (dead pid) is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, 'tosskit.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' });
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(path, 'utf8').trim());
      if (Number.isSafeInteger(holder) && holder > 0 && processAlive(holder)) {
        throw configurationError(
          'dataDir',
          `the embedded ledger in ${dataDir} is open in process ${holder}. One process at a time may use a data directory; ` +
            'for several instances use PostgreSQL: createLedger({ connectionString }).',
        );
      }
      rmSync(path, { force: true });
    }
  }
  throw configurationError('dataDir', `could not lock the embedded ledger in ${dataDir}`);
}

/** What `createLedger` and `openLedger` check before opening anything: they fail at once, with the fix. */
export interface CheckedLedgerOptions {
  tablePrefix: string;
  key: Uint8Array;
  inMemory: boolean;
  driver: SqlDriver['kind'];
}

/** Every check that needs no database, synchronous: a wrong option fails at creation, not on the first call. */
export function checkLedgerOptions(options: LedgerOptions): CheckedLedgerOptions {
  if (typeof options !== 'object' || options === null)
    throw configurationError(
      'ledger',
      'the ledger options are missing: pass { dataDir } or { connectionString }.',
    );
  const tablePrefix = options.tablePrefix ?? 'tosskit_';
  if (!PREFIX_PATTERN.test(tablePrefix)) {
    throw configurationError(
      'tablePrefix',
      `tablePrefix must match ${String(PREFIX_PATTERN)} (lower-case letters, digits, underscore).`,
    );
  }
  if (options.now !== undefined && typeof options.now !== 'function')
    throw configurationError(
      'now',
      'now must be a function returning epoch milliseconds, e.g. () => Date.now().',
    );
  if ('dataDir' in options && (typeof options.dataDir !== 'string' || options.dataDir.trim() === ''))
    throw configurationError('dataDir', "dataDir must be a directory path, e.g. dataDir: './data/tosskit'.");
  const given = ['dataDir', 'connectionString', 'pool', 'pglite'].filter((name) => name in options);
  if (given.length !== 1)
    throw configurationError(
      'ledger',
      'a ledger needs exactly one of { dataDir } (embedded) or { connectionString } / { pool } (PostgreSQL).',
    );
  const inMemory = 'dataDir' in options && options.dataDir.startsWith('memory://');
  // A database that lives only in this process has nothing at rest to protect: a throwaway key is fine.
  const key =
    options.encryptionKey === undefined && inMemory
      ? crypto.getRandomValues(new Uint8Array(32))
      : parseEncryptionKey(options.encryptionKey);
  const driver = 'dataDir' in options || 'pglite' in options ? 'pglite' : 'postgres';
  return { tablePrefix, key, inMemory, driver };
}

/**
 * The persistent ledger, opened now: embedded PGlite for `{ dataDir }`, PostgreSQL for `{ connectionString }`
 * or `{ pool }`; migrated to the latest schema. See `openLedger` for the synchronous, lazily opening form.
 */
export async function createLedger(options: LedgerOptions): Promise<PersistentLedger> {
  const { tablePrefix, key, inMemory } = checkLedgerOptions(options);
  const box = createSecretBox(key);

  let driver: SqlDriver;
  if ('dataDir' in options) {
    const { PGlite } = await loadPglite('dataDir');
    if (inMemory) {
      driver = createPgliteDriver(await PGlite.create(options.dataDir), { ownsConnection: true });
    } else {
      mkdirSync(options.dataDir, { recursive: true });
      const unlock = lockDataDir(options.dataDir);
      try {
        const pglite = createPgliteDriver(await PGlite.create(options.dataDir), { ownsConnection: true });
        driver = { ...pglite, close: () => pglite.close().finally(unlock) };
      } catch (error) {
        unlock();
        throw error;
      }
    }
  } else if ('pglite' in options) {
    driver = createPgliteDriver(options.pglite, { ownsConnection: false });
  } else if ('pool' in options) {
    driver = createPgDriver(options.pool, { ownsConnection: false });
  } else if (
    'connectionString' in options &&
    typeof options.connectionString === 'string' &&
    options.connectionString !== ''
  ) {
    const pg = await loadPg('connectionString');
    const pool = new pg.Pool({
      ...postgresPoolBounds(options),
      connectionString: options.connectionString,
      max: options.poolSize ?? 10,
    });
    // an idle client losing its server must not crash the shop's process
    pool.on('error', () => {});
    driver = createPgDriver(pool, { ownsConnection: true });
  } else {
    throw configurationError(
      'ledger',
      'createLedger needs { dataDir } (embedded) or { connectionString } / { pool } (PostgreSQL).',
    );
  }

  try {
    await migrate(driver, tablePrefix, options.now);
  } catch (error) {
    await driver.close().catch(() => {});
    throw error;
  }
  return Object.assign(
    createSqlLedger({
      driver,
      prefix: tablePrefix,
      box,
      ...(options.now === undefined ? {} : { now: options.now }),
    }),
    {
      driver: driver.kind,
      tablePrefix,
    },
  );
}
