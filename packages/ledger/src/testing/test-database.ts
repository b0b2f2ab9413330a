/**
 * A fresh PostgreSQL database per test run on the local server, dropped afterwards. When the server
 * cannot be reached the run fails loudly with the command that starts it: never a silent skip.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const ADMIN_URL = process.env.TOSSKIT_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  name: string;
  connectionString: string;
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function createTestDatabase(label = 'ledger', adminUrl = ADMIN_URL): Promise<TestDatabase> {
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3_000 });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${adminUrl.replace(/\/\/[^@]*@/, '//…@')} (${(error as Error).message}). ` +
        'Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
      { cause: error },
    );
  }
  const name = `tosskit_${label}_${randomBytes(6).toString('hex')}`;
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return {
    name,
    connectionString: withDatabase(adminUrl, name),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

let prefixes = 0;
/** A table prefix unique within one run, so tests can share one database. */
export function freshPrefix(): string {
  prefixes += 1;
  return `t${prefixes}_${randomBytes(3).toString('hex')}_`;
}

export const TEST_ENCRYPTION_KEY = 'q1mZ0n6T9v4r2y8u5w3e7i1o0p9a8s7d6f5g4h3j2k1';
