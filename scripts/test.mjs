#!/usr/bin/env node
// Runs every test of the repo (vitest projects), after making sure the services the tests need are up,
// and closes with a plain `N passed, N failed` line computed from vitest's JSON report.
// Usage: npm test [-- <vitest args>]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { countResults } from './count-results.mjs';
import { ensureServices } from './services.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const report = `${root}.vitest-report.json`;

ensureServices();

rmSync(report, { force: true });
const args = process.argv.slice(2);
const run = spawnSync(
  process.execPath,
  [
    `${root}node_modules/vitest/vitest.mjs`,
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...args,
  ],
  { stdio: 'inherit', cwd: root, env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' } },
);

const { passed, failed, skipped, why } = countResults(
  existsSync(report) ? JSON.parse(readFileSync(report, 'utf8')) : null,
  run.status,
);
if (why !== null) console.error(why);
console.log(
  skipped > 0
    ? `${passed} passed, ${failed} failed, ${skipped} skipped`
    : `${passed} passed, ${failed} failed`,
);
if (run.status !== 0 || failed > 0 || passed === 0) process.exit(1);
