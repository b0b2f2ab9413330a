// The emulator is a witness of the gateway: it must not run tosskit's own rules. No @tosskit/* package in its
// package.json, and no import of one anywhere in its sources, tests included.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|cts|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

/** `from` a @tosskit/* specifier, a dynamic import or a require of one, and a bare side-effect import */
const TOSSKIT_IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"`]@tosskit\//m;

describe('independence from @tosskit/*', () => {
  it('package.json declares no @tosskit/* package in any dependency field', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
    const fields = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];
    const declared = fields.flatMap((field) => Object.keys((pkg[field] as Record<string, string>) ?? {}));
    expect(declared.filter((name) => name.startsWith('@tosskit/'))).toEqual([]);
  });

  it('no source or test file imports a @tosskit/* package', () => {
    const files = [...sourceFiles(join(root, 'src')), join(root, 'tsdown.config.ts')];
    expect(files.length).toBeGreaterThan(20);
    const offenders = files.filter((file) => TOSSKIT_IMPORT.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('the scan catches every import form it is meant to', () => {
    const scope = '@tosskit'; // spelled apart so this file does not match its own scan
    for (const line of [
      `import { computeVat } from '${scope}/core';`,
      `import type { Payment } from "${scope}/core";`,
      `export { x } from '${scope}/core/testing';`,
      `const core = await import('${scope}/core');`,
      `const core = require('${scope}/core');`,
      `import '${scope}/core';`,
    ])
      expect(TOSSKIT_IMPORT.test(line), line).toBe(true);
    expect(TOSSKIT_IMPORT.test(`/* served by ${scope}/emulator */`)).toBe(false);
  });

  it('tsconfig.json references no other package', () => {
    const tsconfig = readFileSync(join(root, 'tsconfig.json'), 'utf8');
    expect(tsconfig).not.toMatch(/"references"|@tosskit\//);
  });
});
