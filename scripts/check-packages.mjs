#!/usr/bin/env node
// Tarball check: packs every published @tosskit/* package, installs the tarballs into fresh apps outside the
// monorepo (npm install --prefer-offline: dependencies come from the local npm cache when it has them), then:
//   - ESM import and CJS require of every package and subpath, and a confirm against the emulator in both;
//   - a card payment against the emulator on Express, Koa, Fastify, Hono, a Next.js route handler and node:http;
//   - an app without pg and PGlite: the ledger's driver options fail with LEDGER_DRIVER_MISSING and the fix;
//   - TypeScript, skipLibCheck: false, under moduleResolution node16 (ESM and CJS files) and bundler, with
//     and without @types/pg;
//   - @tosskit/core as installed bundles for a Web runtime (esbuild, platform neutral, nothing external).
// Needs built packages (npm run build). Usage: npm run check:packages [-- --keep]  (--keep leaves the apps)
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import * as fx from './check-packages/fixtures.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const started = Date.now();
const keep = process.argv.includes('--keep');
const PUBLISHED = ['core', 'emulator', 'express', 'koa', 'fastify', 'ledger', 'browser'];

let work = null;
function fail(message) {
  console.error(`\ncheck:packages FAILED: ${message}`);
  if (work !== null) console.error(`(the packed tarballs and apps are left in ${work} to look at)`);
  process.exit(1);
}

function run(command, args, cwd, what) {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  if (result.status !== 0) fail(`${what}\n  $ ${command} ${args.join(' ')}  (in ${cwd})\n${output}`);
  return output;
}

/** the tooling versions of the monorepo itself, so the fresh app installs what the npm cache already holds */
function versionOf(name) {
  const file = join(root, 'node_modules', name, 'package.json');
  if (!existsSync(file)) fail(`${name} is not installed in the monorepo: run npm install first.`);
  return JSON.parse(readFileSync(file, 'utf8')).version;
}

for (const name of PUBLISHED) {
  if (!existsSync(join(root, 'packages', name, 'dist')))
    fail(`packages/${name}/dist is missing: run \`npm run build\` before \`npm run check:packages\`.`);
}

work = mkdtempSync(join(tmpdir(), 'tosskit-check-packages-'));
const tarballs = join(work, 'tarballs');
mkdirSync(tarballs);
console.log(`== pack (${PUBLISHED.length} packages) into ${tarballs}`);
run(
  'npm',
  [
    'pack',
    '--silent',
    '--pack-destination',
    tarballs,
    ...PUBLISHED.flatMap((name) => ['-w', `packages/${name}`]),
  ],
  root,
  'npm pack failed',
);
const packed = readdirSync(tarballs).filter((file) => file.endsWith('.tgz'));
if (packed.length !== PUBLISHED.length)
  fail(`expected ${PUBLISHED.length} tarballs, got ${packed.join(', ')}`);
const tarball = (name) =>
  join(
    tarballs,
    packed.find((file) => file.startsWith(`tosskit-${name}-`)),
  );

function app(name, dependencies) {
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name, private: true, version: '0.0.0' }, null, 2),
  );
  const t0 = Date.now();
  run(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...dependencies],
    dir,
    `npm install in ${name} failed`,
  );
  console.log(`== ${name}: installed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return dir;
}

function node(dir, file, source, what) {
  writeFileSync(join(dir, file), source);
  console.log(run(process.execPath, [file], dir, what));
}

function tsc(dir, config, files, what) {
  writeFileSync(join(dir, config), fx.tsconfig(...files));
  run(process.execPath, [join(dir, 'node_modules/typescript/bin/tsc'), '-p', config], dir, what);
  console.log(`ok types: ${what}`);
}

// not in the monorepo: only a consumer that imports PGlite's types itself needs it
const EMSCRIPTEN_TYPES = '^1.41.6';
const tooling = ['typescript', '@types/node'].map((name) => `${name}@${versionOf(name)}`);

// 1. everything, with both drivers and the frameworks' types
const full = app('full-app', [
  ...PUBLISHED.map(tarball),
  `pg@${versionOf('pg')}`,
  `@types/pg@${versionOf('@types/pg')}`,
  `@electric-sql/pglite@${versionOf('@electric-sql/pglite')}`,
  // PGlite's own .d.ts needs it under skipLibCheck: false (tosskit's types do not import PGlite)
  `@types/emscripten@${EMSCRIPTEN_TYPES}`,
  `express@${versionOf('express')}`,
  `@types/express@${versionOf('@types/express')}`,
  `koa@${versionOf('koa')}`,
  `@types/koa@${versionOf('@types/koa')}`,
  `fastify@${versionOf('fastify')}`,
  `hono@${versionOf('hono')}`,
  `@hono/node-server@${versionOf('@hono/node-server')}`,
  ...tooling,
]);
node(full, 'check.mjs', fx.ESM_CHECK, 'ESM import / confirm failed');
node(full, 'check.cjs', fx.CJS_CHECK, 'CJS require / confirm failed');
node(
  full,
  'frameworks.mjs',
  fx.FRAMEWORKS_CHECK,
  'a card payment on Express, Koa, Fastify, Hono, Next, node:http failed',
);
writeFileSync(join(full, 'types.mts'), fx.TYPES_FULL);
writeFileSync(join(full, 'types.cts'), fx.TYPES_FULL);
writeFileSync(join(full, 'types.ts'), fx.TYPES_FULL);
tsc(
  full,
  'tsconfig.node16.json',
  ['node16', 'node16', ['types.mts', 'types.cts'], ['node', 'emscripten']],
  'node16 (ESM .mts and CJS .cts), skipLibCheck false, with @types/pg',
);
tsc(
  full,
  'tsconfig.bundler.json',
  ['esnext', 'bundler', ['types.ts'], ['node', 'emscripten']],
  'bundler, skipLibCheck false, with @types/pg',
);

// 2. the ledger without its drivers (and no @types/pg)
const bare = app('no-driver-app', [tarball('core'), tarball('ledger'), ...tooling]);
if (existsSync(join(bare, 'node_modules/pg')) || existsSync(join(bare, 'node_modules/@electric-sql/pglite')))
  fail('@tosskit/ledger pulled in pg or PGlite: they must be optional peer dependencies.');
if (existsSync(join(bare, 'node_modules/@types/pg')))
  fail('@types/pg was installed without being asked for.');
node(bare, 'check.mjs', fx.NO_DRIVER_ESM, 'the ledger without drivers did not fail as documented (ESM)');
node(bare, 'check.cjs', fx.NO_DRIVER_CJS, 'the ledger without drivers did not fail as documented (CJS)');
writeFileSync(join(bare, 'types.mts'), fx.TYPES_NO_DRIVER);
writeFileSync(join(bare, 'types.ts'), fx.TYPES_NO_DRIVER);
tsc(
  bare,
  'tsconfig.node16.json',
  ['node16', 'node16', ['types.mts']],
  'node16, skipLibCheck false, without pg or @types/pg',
);
tsc(
  bare,
  'tsconfig.bundler.json',
  ['esnext', 'bundler', ['types.ts']],
  'bundler, skipLibCheck false, without pg or @types/pg',
);

// 3. the installed core, bundled for a Web runtime
try {
  const result = await build({
    stdin: { contents: "export * from '@tosskit/core';", resolveDir: full, loader: 'js' },
    bundle: true,
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['browser', 'module', 'main'],
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  if (inputs.some((input) => input.includes('node_modules/undici/')))
    fail('the Web bundle of @tosskit/core contains undici');
  console.log(
    `ok edge: the installed @tosskit/core bundles for platform neutral (${Math.round(result.outputFiles[0].contents.length / 1024)} KB, no undici)`,
  );
} catch (error) {
  fail(
    `the installed @tosskit/core does not bundle for a Web runtime:\n${(error.errors ?? [error]).map((e) => e.text ?? String(e)).join('\n')}`,
  );
}

if (keep) console.log(`apps kept in ${work}`);
else rmSync(work, { recursive: true, force: true });
console.log(`check:packages passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
