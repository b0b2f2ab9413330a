/**
 * `createLedger(options)`: the persistent Ledger. Embedded PGlite in a directory on disk by default
 * (zero setup), PostgreSQL when several instances share the payments. Same schema, same SQL.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Ledger } from '@tosskit/core';
import pg from 'pg';
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
}

export type LedgerOptions = CommonOptions &
  (
    | {
        /** embedded PGlite data directory (created if missing); `memory://` keeps it in memory */ dataDir: string;
      }
    | {
        /** PostgreSQL connection string, e.g. postgres://user@host:5432/db */ connectionString: string;
        poolSize?: number;
      }
    | { /** a pg Pool you own (the ledger does not end it on close) */ pool: pg.Pool }
    | { /** an open PGlite you own (the ledger does not close it) */ pglite: PGlite }
  );

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

export async function createLedger(options: LedgerOptions): Promise<PersistentLedger> {
  const tablePrefix = options.tablePrefix ?? 'tosskit_';
  if (!PREFIX_PATTERN.test(tablePrefix)) {
    throw configurationError(
      'tablePrefix',
      `tablePrefix must match ${String(PREFIX_PATTERN)} (lower-case letters, digits, underscore).`,
    );
  }
  const inMemory = 'dataDir' in options && options.dataDir.startsWith('memory://');
  // A database that lives only in this process has nothing at rest to protect: a throwaway key is fine.
  const key =
    options.encryptionKey === undefined && inMemory
      ? crypto.getRandomValues(new Uint8Array(32))
      : parseEncryptionKey(options.encryptionKey);
  const box = createSecretBox(key);

  let driver: SqlDriver;
  if ('dataDir' in options) {
    if (typeof options.dataDir !== 'string' || options.dataDir === '')
      throw configurationError('dataDir', 'dataDir must be a directory path.');
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
    const pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10 });
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
    await migrate(driver, tablePrefix);
  } catch (error) {
    await driver.close().catch(() => {});
    throw error;
  }
  return Object.assign(createSqlLedger({ driver, prefix: tablePrefix, box }), {
    driver: driver.kind,
    tablePrefix,
  });
}
