/**
 * The two drivers under the one SQL ledger. Both speak PostgreSQL: PGlite is PostgreSQL compiled to
 * WASM in this process (one connection, queries serialised), `pg` talks to a server through a pool.
 */
import { LedgerUnavailableError } from '@tosskit/core';
import type { PGliteLike, PGliteQueryable, PgClientLike, PgPoolLike } from './drivers.js';
import { toLedgerError } from './unavailable.js';

export interface SqlQuery {
  query<T extends object = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** several statements, no parameters (migrations) */
  exec(text: string): Promise<void>;
}

export interface SqlDriver extends SqlQuery {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlQuery) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

function pgliteQuery(db: PGliteQueryable): SqlQuery {
  return {
    async query<T extends object>(text: string, params: unknown[] = []) {
      const result = await db.query<T>(text, params);
      return result.rows;
    },
    async exec(text: string) {
      await db.exec(text);
    },
  };
}

export function createPgliteDriver(db: PGliteLike, options: { ownsConnection: boolean }): SqlDriver {
  return {
    kind: 'pglite',
    ...pgliteQuery(db),
    transaction: (fn) => db.transaction((tx) => fn(pgliteQuery(tx))),
    async close() {
      if (options.ownsConnection && !db.closed) await db.close();
    },
  };
}

/** Named statements are parsed and planned once per connection; the ledger's statements are few and fixed. */
const statementNames = new Map<string, string>();
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `tosskit_${statementNames.size + 1}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * Every failure of a `pg` call goes through `toLedgerError`: a database that cannot answer (refused, reset,
 * a connect, query or statement timeout) becomes one `LedgerUnavailableError`; an answer (a constraint, a
 * trigger's exception) is thrown as it came. A client whose call failed that way is never reused: `pool.query`
 * destroys it (it releases with the error), and `transaction` releases it with the error too.
 */
function clientQuery(client: PgPoolLike | PgClientLike): SqlQuery {
  return {
    async query<T extends object>(text: string, params: unknown[] = []) {
      try {
        const result = await client.query({ name: statementName(text), text, values: params });
        return result.rows as T[];
      } catch (error) {
        throw toLedgerError(error);
      }
    },
    async exec(text: string) {
      try {
        await client.query(text);
      } catch (error) {
        throw toLedgerError(error);
      }
    },
  };
}

/** While a client is checked out the pool does not listen for its errors: a connection dying then must not crash. */
function ignoreClientError(): void {}

export function createPgDriver(pool: PgPoolLike, options: { ownsConnection: boolean }): SqlDriver {
  let closed = false;
  return {
    kind: 'postgres',
    ...clientQuery(pool),
    async transaction<T>(fn: (tx: SqlQuery) => Promise<T>): Promise<T> {
      let client: PgClientLike;
      try {
        client = await pool.connect();
      } catch (error) {
        throw toLedgerError(error);
      }
      client.on('error', ignoreClientError);
      // what the pool is told on release: an error destroys the connection instead of reusing it
      let broken: Error | undefined;
      try {
        const tx = clientQuery(client);
        await tx.exec('BEGIN');
        const value = await fn(tx);
        await tx.exec('COMMIT');
        return value;
      } catch (error) {
        if (error instanceof LedgerUnavailableError) {
          // the connection hung or died: a ROLLBACK would wait on it again (the server rolls back a session
          // that ends); the connection is destroyed, never handed to the next caller
          broken = error;
        } else {
          try {
            await client.query('ROLLBACK');
          } catch (rollbackError) {
            // the connection itself failed: do not hand it back to the pool
            broken = rollbackError instanceof Error ? rollbackError : new Error('ROLLBACK failed');
          }
        }
        throw error;
      } finally {
        client.removeListener('error', ignoreClientError);
        client.release(broken);
      }
    },
    async close() {
      if (options.ownsConnection && !closed) {
        closed = true;
        await pool.end();
      }
    },
  };
}
