#!/usr/bin/env node
// Runs every benchmark in bench/, one after the other (they share 2 cores: never in parallel).
//
//   npm run bench            (node bench/run-all.mjs)
//   node bench/run-all.mjs confirm webhook     only the named ones
//   node bench/run-all.mjs --list              what would run
//
// A benchmark is a bench/<name>.mjs file; helpers are *.lib.mjs, child processes *.worker.mjs, and files
// starting with '_' are ignored. Each runs as `node --import tsx bench/<name>.mjs` so it loads the TypeScript
// sources of the workspace (no build needed).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const listOnly = process.argv.includes('--list');
const only = process.argv.slice(2).filter((a) => a !== '--list');
const benchmarks = readdirSync(dir)
  .filter((f) => f.endsWith('.mjs') && f !== 'run-all.mjs' && !f.startsWith('_'))
  .filter((f) => !f.endsWith('.lib.mjs') && !f.endsWith('.worker.mjs'))
  .map((f) => f.slice(0, -'.mjs'.length))
  .filter((name) => only.length === 0 || only.includes(name))
  .sort();

if (listOnly) {
  for (const name of benchmarks) console.log(`bench/${name}.mjs`);
  process.exit(0);
}

const outcomes = [];
for (const name of benchmarks) {
  console.log(`\n=== bench/${name}.mjs ===`);
  const started = Date.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', `${dir}${name}.mjs`], {
    stdio: 'inherit',
    cwd: fileURLToPath(new URL('..', import.meta.url)),
  });
  outcomes.push({ name, status: run.status ?? 1, seconds: Math.round((Date.now() - started) / 1000) });
}
console.log('\n=== summary ===');
for (const o of outcomes)
  console.log(`${o.status === 0 ? 'ok    ' : 'FAILED'} bench/${o.name}.mjs (${o.seconds} s)`);
if (outcomes.length === 0) console.log('no benchmark matched');
if (outcomes.some((o) => o.status !== 0)) process.exitCode = 1;
