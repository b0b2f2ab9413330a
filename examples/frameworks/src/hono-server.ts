// `npx tsx examples/frameworks/src/hono-server.ts` (with the emulator running: `npx tosskit-emulator start`)
import { serve } from '@hono/node-server';
import { createHonoApp } from './hono.js';

const { app } = createHonoApp(process.env.MOUNT_PATH ?? '');
serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 3000) }, (info) =>
  console.log(`Hono shop on http://localhost:${info.port}${process.env.MOUNT_PATH ?? ''}/`),
);
