import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(`./packages/${p}`, import.meta.url));

// Tests run against the TypeScript sources: @tosskit/* resolve to packages/*/src, no build needed.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@tosskit\/core\/node$/, replacement: src('core/src/node/index.ts') },
      { find: /^@tosskit\/core\/testing$/, replacement: src('core/src/testing/index.ts') },
      { find: /^@tosskit\/core\/models$/, replacement: src('core/src/models/index.ts') },
      { find: /^@tosskit\/core\/ledger-kit$/, replacement: src('core/src/ledger/kit.ts') },
      { find: /^@tosskit\/core$/, replacement: src('core/src/index.ts') },
      { find: /^@tosskit\/express$/, replacement: src('express/src/index.ts') },
      { find: /^@tosskit\/koa$/, replacement: src('koa/src/index.ts') },
      { find: /^@tosskit\/fastify$/, replacement: src('fastify/src/index.ts') },
      { find: /^@tosskit\/browser$/, replacement: src('browser/src/index.ts') },
      { find: /^@tosskit\/ledger$/, replacement: src('ledger/src/index.ts') },
      { find: /^@tosskit\/emulator$/, replacement: src('emulator/src/index.ts') },
    ],
  },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'core', include: ['packages/core/src/**/*.test.ts'] } },
      { extends: true, test: { name: 'emulator', include: ['packages/emulator/src/**/*.test.ts'] } },
      { extends: true, test: { name: 'express', include: ['packages/express/src/**/*.test.ts'] } },
      { extends: true, test: { name: 'koa', include: ['packages/koa/src/**/*.test.ts'] } },
      { extends: true, test: { name: 'fastify', include: ['packages/fastify/src/**/*.test.ts'] } },
      { extends: true, test: { name: 'ledger', include: ['packages/ledger/src/**/*.test.ts'] } },
      { extends: true, test: { name: 'browser', include: ['packages/browser/src/**/*.test.ts'] } },
      {
        extends: true,
        test: { name: 'examples', include: ['examples/*/src/**/*.test.ts', 'examples/*/test/**/*.test.ts'] },
      },
      { extends: true, test: { name: 'repo', include: ['scripts/**/*.test.ts', 'chaos/**/*.test.ts'] } },
    ],
  },
});
