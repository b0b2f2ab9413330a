import { PGlite } from '@electric-sql/pglite';
import { ConfigurationError } from '@tosskit/core';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import {
  importOptionalPeer,
  LEDGER_DRIVER_MISSING,
  loadPg,
  loadPglite,
  type PGliteLike,
  type PgPoolLike,
} from './drivers.js';

describe('the database drivers are optional peers, loaded on first use', () => {
  it('a package that is not installed fails with LEDGER_DRIVER_MISSING and the npm install that fixes it', async () => {
    const specifier = '@tosskit/no-such-driver';
    const error = await importOptionalPeer(
      specifier,
      'dataDir',
      () => import(/* @vite-ignore */ specifier),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({
      code: LEDGER_DRIVER_MISSING,
      details: { option: 'dataDir', package: specifier },
    });
    expect((error as Error).message).toContain(`npm install ${specifier}`);
    expect((error as Error).message).toContain('`dataDir`');
  });

  it('an error from inside an installed package is not mistaken for a missing one', async () => {
    const inner = Object.assign(new Error("Cannot find module './lib/native' imported from pg"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    const error = await importOptionalPeer('pg', 'connectionString', () => Promise.reject(inner)).catch(
      (e: unknown) => e,
    );
    expect(error).toBe(inner);
  });

  it('loads the real pg and PGlite when installed, and their objects fit the structural types', async () => {
    const pgModule = await loadPg('connectionString');
    expect(pgModule.Pool).toBe(pg.Pool);
    const pool: PgPoolLike = new pg.Pool({
      connectionString: 'postgres://postgres@127.0.0.1:5432/test',
      max: 1,
    });
    const rows = await pool.query('SELECT 1 AS one');
    expect(rows.rows).toEqual([{ one: 1 }]);
    await pool.end();

    const { PGlite: Loaded } = await loadPglite('dataDir');
    const db: PGliteLike = await Loaded.create('memory://');
    expect(db).toBeInstanceOf(PGlite);
    expect((await db.query<{ two: number }>('SELECT 2 AS two')).rows).toEqual([{ two: 2 }]);
    await db.close();
  });
});
