/**
 * Versioned schema migrations, applied at start. Two instances starting together serialise on a
 * transaction-scoped advisory lock taken before anything else, so neither sees a half-built schema
 * and `CREATE TABLE` never races. Append new versions; never edit an applied one.
 */
import { ConfigurationError } from '@tosskit/core';
import type { SqlDriver } from './sql-driver.js';

export interface Migration {
  version: number;
  name: string;
  sql: (p: string) => string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: (p) => `
CREATE TABLE ${p}payments (
  payment_key          text PRIMARY KEY,
  order_id             text NOT NULL,
  status               text NOT NULL,
  method               text,
  total_amount         bigint NOT NULL,
  balance_amount       bigint NOT NULL,
  last_transaction_key text,
  snapshot             jsonb NOT NULL,
  secret_enc           text,
  revision             integer NOT NULL,
  updated_at           bigint NOT NULL
);
CREATE INDEX ${p}payments_order_idx ON ${p}payments (order_id, updated_at DESC);
CREATE INDEX ${p}payments_updated_idx ON ${p}payments (updated_at DESC);
CREATE INDEX ${p}payments_status_idx ON ${p}payments (status, updated_at DESC);

CREATE TABLE ${p}transactions (
  transaction_key text PRIMARY KEY,
  seq             bigserial NOT NULL,
  payment_key     text NOT NULL,
  order_id        text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('APPROVAL', 'CANCEL')),
  amount          bigint NOT NULL,
  status          text NOT NULL,
  at              text NOT NULL,
  reason          text
);
CREATE INDEX ${p}transactions_payment_idx ON ${p}transactions (payment_key, seq);
CREATE UNIQUE INDEX ${p}transactions_one_approval ON ${p}transactions (payment_key) WHERE kind = 'APPROVAL';

CREATE TABLE ${p}claims (
  order_id    text PRIMARY KEY,
  payment_key text NOT NULL,
  amount      bigint NOT NULL,
  state       text NOT NULL CHECK (state IN ('claimed', 'settled', 'released')),
  owner       text NOT NULL,
  lease_until bigint NOT NULL,
  outcome     jsonb,
  created_at  bigint NOT NULL,
  updated_at  bigint NOT NULL
);
CREATE INDEX ${p}claims_abandoned_idx ON ${p}claims (lease_until) WHERE state = 'claimed';

CREATE TABLE ${p}webhooks (
  key          text PRIMARY KEY,
  processed_at bigint NOT NULL
);

CREATE TABLE ${p}order_failures (
  order_id text PRIMARY KEY,
  code     text NOT NULL,
  message  text NOT NULL,
  at       bigint NOT NULL
);

CREATE TABLE ${p}billing_keys (
  customer_key       text PRIMARY KEY,
  billing_key_digest text NOT NULL UNIQUE,
  billing_key_enc    text NOT NULL,
  card               jsonb,
  method             text,
  authenticated_at   text,
  created_at         bigint NOT NULL
);

CREATE TABLE ${p}cursors (
  name       text PRIMARY KEY,
  value      text NOT NULL,
  updated_at bigint NOT NULL
);

CREATE TABLE ${p}leases (
  name        text PRIMARY KEY,
  owner       text NOT NULL,
  lease_until bigint NOT NULL
);
`,
  },
  {
    version: 2,
    name: 'cash receipts',
    sql: (p) => `
CREATE TABLE ${p}cash_receipts (
  id                       text PRIMARY KEY,
  seq                      bigserial NOT NULL,
  receipt_key              text NOT NULL,
  original_receipt_key     text,
  order_id                 text NOT NULL,
  payment_key              text,
  type                     text NOT NULL,
  transaction_type         text NOT NULL,
  issue_status             text NOT NULL,
  amount                   bigint NOT NULL,
  tax_free_amount          bigint NOT NULL,
  issue_number             text,
  receipt_url              text,
  customer_identity_number text,
  requested_at             text,
  created_at               bigint NOT NULL,
  updated_at               bigint NOT NULL
);
CREATE INDEX ${p}cash_receipts_order_idx ON ${p}cash_receipts (order_id, seq);
`,
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** 64-bit advisory lock id from the prefix, so ledgers with different prefixes do not wait on each other. */
function lockKey(prefix: string): string {
  let h = 0xcbf29ce484222325n;
  for (const ch of `tosskit:migrate:${prefix}`) {
    h ^= BigInt(ch.codePointAt(0)!);
    h = BigInt.asUintN(64, h * 0x100000001b3n);
  }
  return BigInt.asIntN(64, h).toString();
}

/** Applies what is missing; returns the versions it applied. */
/** `now`: the clock of the `applied_at` column (epoch ms), default Date.now. */
export async function migrate(
  driver: SqlDriver,
  prefix: string,
  now: () => number = Date.now,
): Promise<number[]> {
  return driver.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock($1::bigint)`, [lockKey(prefix)]);
    await tx.exec(
      `CREATE TABLE IF NOT EXISTS ${prefix}migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)`,
    );
    const rows = await tx.query<{ version: number }>(`SELECT version FROM ${prefix}migrations`);
    const applied = new Set(rows.map((r) => Number(r.version)));
    const newest = Math.max(0, ...applied);
    if (newest > LATEST_VERSION) {
      throw new ConfigurationError(
        'LEDGER_SCHEMA_TOO_NEW',
        `the ledger schema (version ${newest}) is newer than this @tosskit/ledger understands (${LATEST_VERSION}); upgrade the package`,
        { option: 'tablePrefix', schemaVersion: newest, supportedVersion: LATEST_VERSION },
      );
    }
    const done: number[] = [];
    for (const m of MIGRATIONS) {
      if (applied.has(m.version)) continue;
      await tx.exec(m.sql(prefix));
      await tx.query(`INSERT INTO ${prefix}migrations (version, name, applied_at) VALUES ($1, $2, $3)`, [
        m.version,
        m.name,
        now(),
      ]);
      done.push(m.version);
    }
    return done;
  });
}
