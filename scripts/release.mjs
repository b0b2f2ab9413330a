#!/usr/bin/env node
// The release, up to the tarballs (docs/releasing.md): version with changesets (CHANGELOG.md per package),
// refresh the lockfile, build, publint + attw per package, the tarball check, then npm pack into release/.
// Publishing stays a separate, manual step: npm publish release/*.tgz (or npx changeset publish).
// Usage: npm run release [-- --no-version] [-- --skip-check-packages]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = new Set(process.argv.slice(2));
const PUBLISHED = ['core', 'emulator', 'express', 'koa', 'fastify', 'ledger', 'browser'];
const out = join(root, 'release');
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };
const bin = (name) => join(root, 'node_modules', '.bin', name);

function step(title, command, commandArgs, fix, cwd = root) {
  console.log(`\n== ${title}\n$ ${command} ${commandArgs.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, commandArgs, { cwd, stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(`\nrelease FAILED at "${title}" (exit ${result.status ?? result.signal}). ${fix}`);
    process.exit(1);
  }
  console.log(`   (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

const pending = existsSync(join(root, '.changeset'))
  ? readdirSync(join(root, '.changeset')).filter((file) => file.endsWith('.md') && file !== 'README.md')
  : [];

if (!args.has('--no-version')) {
  if (pending.length === 0) {
    console.error(
      'release: no changeset in .changeset/ (nothing to version). Add one with `npx changeset`, or re-pack the ' +
        'current versions with `npm run release -- --no-version`.',
    );
    process.exit(1);
  }
  step(
    `version ${pending.length} changeset(s): package.json versions and CHANGELOG.md`,
    bin('changeset'),
    ['version'],
    'Check .changeset/config.json and the changeset files (npx changeset status).',
  );
  step(
    'lockfile: the new workspace versions',
    'npm',
    ['install', '--package-lock-only', '--prefer-offline', '--no-audit', '--no-fund'],
    'Run npm install and look at the conflict it reports.',
  );
}

step(
  'build (tsdown, every package)',
  bin('turbo'),
  ['run', 'build', '--force', '--output-logs=errors-only'],
  'Fix the build error above.',
);
for (const name of PUBLISHED) {
  const dir = join(root, 'packages', name);
  step(
    `publint @tosskit/${name}`,
    bin('publint'),
    ['--strict'],
    'Fix the package.json fields publint names.',
    dir,
  );
  step(
    `attw @tosskit/${name}`,
    bin('attw'),
    ['--pack', '.', '--profile', 'node16'],
    'Fix the exports/types attw reports.',
    dir,
  );
}
if (!args.has('--skip-check-packages')) {
  step(
    'tarball check (fresh apps outside the repo)',
    process.execPath,
    [join(root, 'scripts/check-packages.mjs')],
    'See the failing check above.',
  );
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out);
step(
  'npm pack into release/',
  'npm',
  ['pack', '--pack-destination', out, ...PUBLISHED.flatMap((name) => ['-w', `packages/${name}`])],
  'npm pack failed.',
);
const versions = PUBLISHED.map((name) => {
  const manifest = JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8'));
  return `${manifest.name}@${manifest.version}`;
});
console.log(`\nrelease ready in release/: ${readdirSync(out).join(', ')}`);
console.log(`versions: ${versions.join(', ')}`);
console.log(
  'next (docs/releasing.md): review the diff and CHANGELOG.md files, commit "release: …", tag, then npm publish release/*.tgz --access public',
);
