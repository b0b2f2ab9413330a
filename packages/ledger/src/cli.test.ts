import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGatewayClient } from '@tosskit/core';
import { createEmulator, type Emulator } from '@tosskit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli.js';
import { createLedger } from './create-ledger.js';
import {
  createTestDatabase,
  freshPrefix,
  TEST_ENCRYPTION_KEY,
  type TestDatabase,
} from './testing/test-database.js';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
const TSCONFIG = fileURLToPath(new URL('../../../tsconfig.json', import.meta.url));

let db: TestDatabase;
let emulator: Emulator;
const dir = mkdtempSync(join(tmpdir(), 'tosskit-cli-'));

beforeAll(async () => {
  db = await createTestDatabase('cli');
  emulator = await createEmulator({ consecutiveRequestWindowMs: 0 });
});
afterAll(async () => {
  await emulator?.close();
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

function runBin(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', CLI, ...args],
      { env: { ...process.env, TSX_TSCONFIG_PATH: TSCONFIG, ...env }, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({
          code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1,
          stdout,
          stderr,
        }),
    );
  });
}

async function capture(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    args,
    env,
    (l) => out.push(l),
    (l) => err.push(l),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('tosskit reconcile (CLI)', () => {
  it('prints its help', async () => {
    const r = await capture(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: tosskit reconcile');
    expect(r.out).toContain('--database-url');
  });

  it('explains bad usage with exit status 2, and never echoes the secret key', async () => {
    const noKey = await capture(['reconcile', '--data-dir', dir]);
    expect(noKey).toMatchObject({ code: 2 });
    expect(noKey.err).toContain('TOSS_SECRET_KEY');
    const both = await capture(['reconcile', '--data-dir', dir, '--database-url', db.connectionString], {
      TOSS_SECRET_KEY: 'test_sk_secretValue123',
    });
    expect(both.code).toBe(2);
    expect(both.err).toContain('exactly one ledger');
    expect(both.err).not.toContain('test_sk_secretValue123');
    const noHooks = await capture(['reconcile', '--data-dir', dir], {
      TOSS_SECRET_KEY: 'test_sk_secretValue123',
    });
    expect(noHooks.code).toBe(2);
    expect(noHooks.err).toContain('--config');
    const unknown = await capture(['reconsile']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown command');
    const noEncryption = await capture(
      ['reconcile', '--database-url', db.connectionString, '--without-hooks'],
      { TOSS_SECRET_KEY: 'test_sk_secretValue123' },
    );
    expect(noEncryption.code).toBe(1);
    expect(noEncryption.err).toMatch(/CONFIGURATION_ERROR: encryptionKey is required/);
    expect(noEncryption.err).not.toContain('test_sk_secretValue123');
  });

  it('names the outage when the database cannot be reached: LEDGER_UNAVAILABLE with the reason, exit status 1', async () => {
    const down = await capture(
      ['reconcile', '--database-url', 'postgres://postgres@127.0.0.1:1/test', '--without-hooks'],
      { TOSS_SECRET_KEY: 'test_sk_secretValue123', TOSSKIT_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY },
    );
    expect(down.code).toBe(1);
    expect(down.err).toMatch(
      /reconcile failed: LEDGER_UNAVAILABLE \(connection_refused: connect ECONNREFUSED 127\.0\.0\.1:1\)/,
    );
    expect(down.err).not.toContain('test_sk_secretValue123');
  });

  it('settles an abandoned confirm with the shop hooks from --config, once', async () => {
    const tablePrefix = freshPrefix();
    const ledger = await createLedger({
      connectionString: db.connectionString,
      tablePrefix,
      encryptionKey: TEST_ENCRYPTION_KEY,
    });
    const orderId = `cli-order-${Date.now()}`;
    const { paymentKey } = await emulator.control.authorizePayment({ orderId, amount: 12_000 });
    await ledger.claimConfirm({ orderId, paymentKey, amount: 12_000, owner: 'crashed-instance', leaseMs: 1 });
    const gateway = createGatewayClient({ secretKey: emulator.keys.secretKey, baseUrl: emulator.url });
    await gateway.confirm(
      { paymentKey, orderId, amount: 12_000 },
      { idempotencyKey: `confirm:${orderId}:${paymentKey}` },
    );
    await ledger.close();

    const hookFile = join(dir, 'hooks.log');
    const config = join(dir, 'shop.config.mjs');
    writeFileSync(
      config,
      `import { appendFileSync } from 'node:fs';
export default {
  orderLookup: (orderId) => ({ amount: 12000 }),
  onPaymentConfirmed: (payment) => appendFileSync(${JSON.stringify(hookFile)}, payment.orderId + ' ' + payment.status + '\\n'),
};
`,
    );
    const env = { TOSS_SECRET_KEY: emulator.keys.secretKey, TOSSKIT_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY };
    const args = [
      'reconcile',
      '--database-url',
      db.connectionString,
      '--table-prefix',
      tablePrefix,
      '--api-base-url',
      emulator.url,
      '--config',
      config,
    ];
    const first = await runBin(args, env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('abandoned confirm claims: 1');
    expect(first.stdout).toContain(`claim ${orderId} (${paymentKey}): confirmed`);
    expect(first.stdout).toMatch(/claims: 1 confirmed/);
    expect(first.stdout).toMatch(/cash receipts: 0 in progress, 0 answered/);
    expect(first.stdout).not.toContain(emulator.keys.secretKey);
    expect(readFileSync(hookFile, 'utf8')).toBe(`${orderId} DONE\n`);

    const second = await runBin(args, env);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('abandoned confirm claims: 0');
    expect(readFileSync(hookFile, 'utf8')).toBe(`${orderId} DONE\n`);

    const check = await createLedger({
      connectionString: db.connectionString,
      tablePrefix,
      encryptionKey: TEST_ENCRYPTION_KEY,
    });
    expect((await check.getPayment(paymentKey))?.status).toBe('DONE');
    expect((await check.getClaim(orderId))?.state).toBe('settled');
    await check.close();
  });
});
