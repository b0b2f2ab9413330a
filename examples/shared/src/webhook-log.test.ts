import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createWebhookLog } from './webhook-log.js';

const dirs: string[] = [];
const dir = () => {
  const d = mkdtempSync(join(tmpdir(), 'webhook-log-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

it('keeps deliveries across instances, updates a known one, and tells apart an emulator numbering from 1 again', () => {
  const dataDir = dir();
  const log = createWebhookLog(dataDir);
  log.merge([{ id: 1, createdAt: 1000, state: 'pending' }]);
  log.merge([
    { id: 1, createdAt: 1000, state: 'delivered' },
    { id: 2, createdAt: 1001, state: 'failed' },
  ]);
  const again = createWebhookLog(dataDir);
  expect(again.list()).toEqual([
    { id: 1, createdAt: 1000, state: 'delivered' },
    { id: 2, createdAt: 1001, state: 'failed' },
  ]);
  // a fresh emulator's delivery #1, later
  again.merge([{ id: 1, createdAt: 5000, state: 'delivered' }]);
  expect(
    createWebhookLog(dataDir)
      .list()
      .map((d) => `${d.id}@${d.createdAt}`),
  ).toEqual(['1@1000', '2@1001', '1@5000']);
});

it('keeps only the newest rows past its limit', () => {
  const log = createWebhookLog(dir(), 2);
  log.merge([1, 2, 3].map((id) => ({ id, createdAt: id * 10 })));
  expect(log.list().map((d) => d.id)).toEqual([2, 3]);
});
