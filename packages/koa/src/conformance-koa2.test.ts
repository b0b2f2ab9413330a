// The same adapter conformance suite on Koa 2 (koa@2 installed as the `koa2` alias): the peer range
// `^2.16 || ^3` holds only while this passes.
import { runAdapterConformance } from '@tosskit/core/testing';
import { describe, expect, it } from 'vitest';
import Koa2 from 'koa2';
import { koaConformanceServer, type KoaClass } from './conformance-app.js';

describe('the Koa 2 under test', () => {
  it('is Koa 2', async () => {
    const { readFile } = await import('node:fs/promises');
    const manifest = JSON.parse(
      await readFile(new URL(import.meta.resolve('koa2/package.json')), 'utf8'),
    ) as { version: string };
    expect(manifest.version).toMatch(/^2\./);
  });
});

runAdapterConformance({ name: 'Koa 2', createServer: koaConformanceServer(Koa2 as unknown as KoaClass) });
