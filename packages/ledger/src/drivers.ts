/**
 * The two database drivers are optional peer dependencies, loaded on first use: a PGlite shop does not
 * install `pg`, a PostgreSQL shop does not install PGlite (27 MB of WASM). A missing one fails with
 * `LEDGER_DRIVER_MISSING` and the `npm install` that fixes it.
 *
 * The public types are structural (what the ledger calls), so `{ pool }` and `{ pglite }` stay typed for a
 * consumer without `@types/pg` or PGlite installed; a real `pg.Pool` and a real `PGlite` fit them.
 */
import { ConfigurationError } from '@tosskit/core';

/** What the ledger calls on a pg client: a `pg.PoolClient` fits. */
export interface PgClientLike {
  query(config: { name?: string; text: string; values?: unknown[] }): Promise<{ rows: unknown[] }>;
  query(text: string): Promise<{ rows: unknown[] }>;
  release(error?: Error | boolean): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeListener(event: 'error', listener: (error: Error) => void): unknown;
}

/** What the ledger calls on a pool: a `pg.Pool` fits (`import pg from 'pg'; new pg.Pool(…)`). */
export interface PgPoolLike {
  query(config: { name?: string; text: string; values?: unknown[] }): Promise<{ rows: unknown[] }>;
  query(text: string): Promise<{ rows: unknown[] }>;
  connect(): Promise<PgClientLike>;
  end(): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** `pg.PoolConfig` settings the ledger's bounds set (spread them into `new pg.Pool({...})`). */
export interface PgPoolBoundsConfig {
  connectionTimeoutMillis: number;
  statement_timeout?: number;
  idle_in_transaction_session_timeout?: number;
  query_timeout?: number;
  keepAlive: boolean;
  keepAliveInitialDelayMillis: number;
}

/** What the ledger calls on a PGlite database or transaction. */
export interface PGliteQueryable {
  query<T>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
  exec(text: string): Promise<unknown>;
}

/** An open PGlite (`@electric-sql/pglite`): a `PGlite` instance fits. */
export interface PGliteLike extends PGliteQueryable {
  transaction<T>(fn: (tx: PGliteQueryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  readonly closed: boolean;
}

interface PgModule {
  Pool: new (config: PgPoolBoundsConfig & { connectionString: string; max: number }) => PgPoolLike;
}
interface PgliteModule {
  PGlite: { create(dataDir: string): Promise<PGliteLike> };
}

/** The code of the error a missing driver package gives. */
export const LEDGER_DRIVER_MISSING = 'LEDGER_DRIVER_MISSING';

function isMissing(error: unknown, specifier: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    typeof message === 'string' &&
    message.includes(`'${specifier}'`)
  );
}

/**
 * Imports an optional peer. Only "that package is not installed" becomes LEDGER_DRIVER_MISSING; an error
 * from inside an installed package is thrown as it came.
 */
export async function importOptionalPeer<T>(
  specifier: string,
  option: string,
  load: () => Promise<unknown>,
): Promise<T> {
  try {
    return (await load()) as T;
  } catch (error) {
    if (!isMissing(error, specifier)) throw error;
    throw new ConfigurationError(
      LEDGER_DRIVER_MISSING,
      `the ledger option \`${option}\` needs the package ${specifier}, which is not installed. ` +
        `Fix: npm install ${specifier} (an optional peer dependency of @tosskit/ledger: install the driver you use).`,
      { option, package: specifier },
      { cause: error },
    );
  }
}

export async function loadPg(option: string): Promise<PgModule> {
  const mod = await importOptionalPeer<{ default?: PgModule } & Partial<PgModule>>(
    'pg',
    option,
    () => import('pg'),
  );
  return (mod.default ?? mod) as PgModule;
}

export async function loadPglite(option: string): Promise<PgliteModule> {
  return importOptionalPeer<PgliteModule>(
    '@electric-sql/pglite',
    option,
    () => import('@electric-sql/pglite'),
  );
}
