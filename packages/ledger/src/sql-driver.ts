/**
 * The two drivers under the one SQL ledger. Both speak PostgreSQL: PGlite is PostgreSQL compiled to
 * WASM in this process (one connection, queries serialised), `pg` talks to a server through a pool.
 */
import type { PGlite, Transaction as PgliteTransaction } from '@electric-sql/pglite';
import type { Pool, PoolClient } from 'pg';

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

function pgliteQuery(db: PGlite | PgliteTransaction): SqlQuery {
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

export function createPgliteDriver(db: PGlite, options: { ownsConnection: boolean }): SqlDriver {
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

function clientQuery(client: Pool | PoolClient): SqlQuery {
  return {
    async query<T extends object>(text: string, params: unknown[] = []) {
      const result = await client.query({ name: statementName(text), text, values: params });
      return result.rows as T[];
    },
    async exec(text: string) {
      await client.query(text);
    },
  };
}

export function createPgDriver(pool: Pool, options: { ownsConnection: boolean }): SqlDriver {
  let closed = false;
  return {
    kind: 'postgres',
    ...clientQuery(pool),
    async transaction<T>(fn: (tx: SqlQuery) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const value = await fn(clientQuery(client));
        await client.query('COMMIT');
        return value;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch {
          // the connection itself failed: do not hand it back to the pool
          broken = true;
        }
        throw error;
      } finally {
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
