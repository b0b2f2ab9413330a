/**
 * Package hygiene of the published @tosskit/* packages (docs/releasing.md, "Version ranges"): every
 * dependency and peer is a range, never an exact pin; optional integrations are optional peers; the LICENSE
 * and CHANGELOG.md files exist and ship; the metadata npm shows is filled in.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

interface Manifest {
  name: string;
  private?: boolean;
  license?: string;
  repository?: { url?: string; directory?: string };
  homepage?: string;
  bugs?: { url?: string };
  keywords?: string[];
  files?: string[];
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

const packages = readdirSync(join(root, 'packages')).map((dir) => ({
  dir,
  manifest: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) as Manifest,
}));

/** a range a consumer can resolve to a newer patch: ^x, ~x, >=x, x || y; not 1.2.3 or =1.2.3 */
function isRange(spec: string): boolean {
  return spec.split('||').every((part) => /^\s*(\^|~|>=?|<)/.test(part) || /^\s*\d+(\.x)?\s*$/.test(part));
}

describe('published package manifests', () => {
  it('covers every package under packages/', () => {
    expect(packages.map((p) => p.manifest.name).sort()).toEqual(
      ['browser', 'core', 'emulator', 'express', 'fastify', 'koa', 'ledger'].map((n) => `@tosskit/${n}`),
    );
  });

  it.each(packages)('$manifest.name: dependencies and peers are ranges, not exact pins', ({ manifest }) => {
    const specs = { ...manifest.dependencies, ...manifest.peerDependencies };
    const pinned = Object.entries(specs).filter(([, spec]) => !isRange(spec));
    expect(pinned, `exact pins in ${manifest.name}: use a caret range from the tested version`).toEqual([]);
  });

  it.each(packages)('$manifest.name: metadata, LICENSE and CHANGELOG.md ship', ({ dir, manifest }) => {
    expect(manifest.private).not.toBe(true);
    expect(manifest.license).toBe('MIT');
    expect(manifest.repository?.directory).toBe(`packages/${dir}`);
    expect(manifest.homepage).toMatch(/^https:\/\//);
    expect(manifest.bugs?.url).toMatch(/^https:\/\//);
    expect(manifest.keywords?.length).toBeGreaterThan(0);
    expect(manifest.files).toEqual(expect.arrayContaining(['dist', 'LICENSE', 'CHANGELOG.md']));
    expect(existsSync(join(root, 'packages', dir, 'LICENSE'))).toBe(true);
    expect(readFileSync(join(root, 'packages', dir, 'CHANGELOG.md'), 'utf8')).toMatch(
      new RegExp(`^# ${manifest.name.replace('/', '\\/')}\\n`),
    );
  });

  it('every peer is optional, and the ledger ships neither database driver as a dependency', () => {
    for (const { manifest } of packages) {
      for (const peer of Object.keys(manifest.peerDependencies ?? {})) {
        expect(manifest.peerDependenciesMeta?.[peer]?.optional, `${manifest.name} peer ${peer}`).toBe(true);
      }
    }
    const ledger = packages.find((p) => p.manifest.name === '@tosskit/ledger')!.manifest;
    expect(Object.keys(ledger.dependencies ?? {})).not.toContain('pg');
    expect(Object.keys(ledger.dependencies ?? {})).not.toContain('@electric-sql/pglite');
    expect(Object.keys(ledger.peerDependencies ?? {}).sort()).toEqual(['@electric-sql/pglite', 'pg']);
  });

  it('the range check itself tells pins from ranges', () => {
    expect(['^1.2.3', '~1.2', '>=3', '^2.16 || ^3', '^4.21 || ^5'].every(isRange)).toBe(true);
    expect(['1.2.3', '=1.2.3', 'latest', 'file:../x'].some(isRange)).toBe(false);
  });
});
