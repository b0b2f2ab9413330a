// The checkout page's script: @tosskit/browser and the Toss SDK loader bundled into one file, exposed as
// the global `TosskitBrowser`. Built once per process with esbuild from the package's source, so the example
// needs no build step. A shop of your own would bundle `@tosskit/browser` with its usual front-end tooling.
import { fileURLToPath } from 'node:url';

let bundle: Promise<string> | undefined;

export function browserBundle(): Promise<string> {
  bundle ??= (async () => {
    const { build } = await import('esbuild');
    const result = await build({
      entryPoints: [fileURLToPath(new URL('../../../packages/browser/src/index.ts', import.meta.url))],
      bundle: true,
      minify: true,
      format: 'iife',
      globalName: 'TosskitBrowser',
      target: 'es2020',
      platform: 'browser',
      write: false,
      logLevel: 'silent',
    });
    return result.outputFiles[0]!.text;
  })();
  bundle.catch(() => (bundle = undefined));
  return bundle;
}
