/**
 * The curated public API, counted from a fresh build of the package (tsdown, as `npm run build` does, into a
 * temporary directory): `@tosskit/core` exports at most 150 names from `.`, ledger-implementation helpers live
 * on `@tosskit/core/ledger-kit`, and no index in packages/* re-exports a whole module (`export *`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const packagesDir = join(packageDir, '..');
let outDir: string;

/** The names of the last `export { … }` of a declaration file: what the entry point exports. */
function exportedNames(file: string): string[] {
  const text = readFileSync(join(outDir, file), 'utf8');
  const lists = [...text.matchAll(/export \{([^}]*)\};?/g)];
  const last = lists.at(-1)?.[1] ?? '';
  return last
    .split(',')
    .map((entry) => entry.trim().replace(/^type /, ''))
    .filter((entry) => entry !== '')
    .map((entry) => entry.split(/\s+as\s+/).at(-1)!);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

beforeAll(() => {
  outDir = mkdtempSync(join(tmpdir(), 'tosskit-core-api-'));
  const tsdown = join(packageDir, '..', '..', 'node_modules', 'tsdown', 'dist', 'run.mjs');
  const build = spawnSync(process.execPath, [tsdown, '--out-dir', outDir, '--no-clean'], {
    cwd: packageDir,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`tsdown failed: ${build.stderr || build.stdout}`);
}, 120_000);
afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
});

describe('the public API of @tosskit/core', () => {
  it('exports at most 150 names from "." (types and values)', () => {
    const names = exportedNames('index.d.mts');
    expect(names.length).toBeGreaterThan(50);
    expect(names.length).toBeLessThanOrEqual(150);
    expect(names).toEqual(expect.arrayContaining(['createPaymentHandler', 'isTosskitError', 'Ledger']));
  });

  it('keeps ledger-implementation helpers and internals out of "." and offers the helpers on ledger-kit', () => {
    const names = new Set(exportedNames('index.d.mts'));
    const kit = new Set(exportedNames('ledger-kit.d.mts'));
    for (const helper of [
      'deriveTransactions',
      'isNewerLedgerSnapshot',
      'secretOf',
      'snapshotFields',
      'withoutSecret',
    ]) {
      expect(names.has(helper), helper).toBe(false);
      expect(kit.has(helper), helper).toBe(true);
    }
    for (const internal of [
      'runHook',
      'flowError',
      'runConfirmForClaim',
      'confirmIdempotencyKey',
      'redactSecret',
      'createCheckout',
    ])
      expect(names.has(internal), internal).toBe(false);
  });

  it('exports the health and tracing types, and neither the build nor its types need @opentelemetry/api', () => {
    const names = new Set(exportedNames('index.d.mts'));
    for (const name of ['HealthReport', 'HealthCheckOptions', 'TracingOptions', 'TracingTracer'])
      expect(names.has(name), name).toBe(true);
    // what a ledger answers the probe is for ledger implementers: on ledger-kit (and through Ledger['health'])
    expect(names.has('LedgerHealth')).toBe(false);
    expect(exportedNames('ledger-kit.d.mts')).toContain('LedgerHealth');
    // an optional peer: a shop without it installed must load and typecheck core
    for (const file of readdirSync(outDir).filter((name) => /\.(d\.)?[mc]?[jt]s$/.test(name)))
      expect(readFileSync(join(outDir, file), 'utf8'), file).not.toMatch(
        /(from\s*|require\(\s*|import\(\s*)['"]@opentelemetry\//,
      );
  });

  it('the runtime exports match: the built module has no more values than its declarations', async () => {
    const module = (await import(join(outDir, 'index.mjs'))) as Record<string, unknown>;
    const declared = new Set(exportedNames('index.d.mts'));
    for (const name of Object.keys(module)) expect(declared.has(name), name).toBe(true);
  });

  it('no source file of any package re-exports a whole module (export *)', () => {
    const offenders = sourceFiles(packagesDir).filter((file) =>
      /^export \*/m.test(readFileSync(file, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});
