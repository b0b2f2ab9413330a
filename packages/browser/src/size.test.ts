// The size budget the package promises: at most 3 KB minified and gzipped, the Toss SDK excluded
// (it is a dependency the page loads anyway).
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { expect, it } from 'vitest';

const BUDGET = 3 * 1024;

it(`@tosskit/browser is at most ${BUDGET} bytes minified+gzipped without the SDK`, async () => {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./index.ts', import.meta.url))],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2020',
    platform: 'browser',
    external: ['@tosspayments/tosspayments-sdk'],
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  const gzipped = gzipSync(code, { level: 9 }).length;
  // the bundle must really contain the helper, not an empty module
  expect(new TextDecoder().decode(code)).toContain('/checkout');
  expect(gzipped).toBeGreaterThan(500);
  expect(gzipped).toBeLessThanOrEqual(BUDGET);
});
