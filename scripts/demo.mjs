#!/usr/bin/env node
// `npm run demo`: the Toss emulator and the Express example shop in one process, with embedded storage in
// .tosskit-data/demo (PGlite ledger + the shop's orders). Works from a fresh clone after `npm ci`: the
// TypeScript sources run through tsx, with the root tsconfig mapping @tosskit/* to packages/*/src.
//
//   PORT=3000 EMULATOR_PORT=4010 npm run demo
//   TOSS_API_BASE_URL=... TOSS_SECRET_KEY=... TOSS_CLIENT_KEY=... npm run demo   (a real test MID instead)
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const root = fileURLToPath(new URL('..', import.meta.url));
register({ tsconfig: `${root}tsconfig.json` });

process.env.SHOP_DATA_DIR ||= `${root}.tosskit-data/demo`;

const { startShop, announce } = await import('../examples/shared/src/start-shop.ts');
const { createShop } = await import('../examples/express-shop/src/create-shop.ts');

try {
  const started = await startShop(createShop, { defaultDataDir: process.env.SHOP_DATA_DIR });
  announce('tosskit 데모 (Express 상점)', started);
} catch (error) {
  if (error?.code === 'EADDRINUSE') {
    console.error(
      `\n  포트가 이미 쓰이고 있습니다 (${error.address}:${error.port}). 다른 포트로: PORT=3001 EMULATOR_PORT=4011 npm run demo\n`,
    );
  } else {
    console.error('\n  데모를 시작하지 못했습니다:', error?.message ?? error, '\n');
  }
  process.exit(1);
}
