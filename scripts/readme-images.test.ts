// The READMEs' pictures: every image a README shows is a PNG that `npm run screenshots` writes into
// docs/images/, 1280 px wide; and every shot the script takes is shown somewhere.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const READMES = ['README.md', 'examples/express-shop/README.md', 'examples/koa-shop/README.md'];
const IMAGES = join(ROOT, 'docs/images');

/** width and height from a PNG's IHDR chunk */
function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

it('every README picture is a 1280 px wide PNG in docs/images, and every shot is shown', () => {
  const shown = new Set<string>();
  for (const readme of READMES) {
    const text = readFileSync(join(ROOT, readme), 'utf8');
    const links = [...text.matchAll(/!\[[^\]]*\]\(([^)]+\.png)\)/g)].map((m) => m[1]!);
    expect(links.length, readme).toBeGreaterThanOrEqual(4);
    for (const link of links) {
      const file = resolve(dirname(join(ROOT, readme)), link);
      expect(dirname(file), `${readme}: ${link}`).toBe(IMAGES);
      const { width, height } = pngSize(file);
      expect(width, link).toBe(1280);
      expect(height, link).toBeGreaterThanOrEqual(600);
      expect(readFileSync(file).length, link).toBeLessThan(400_000);
      shown.add(file.slice(IMAGES.length + 1));
    }
  }
  const script = readFileSync(join(ROOT, 'scripts/screenshots.mjs'), 'utf8');
  const shots = [...script.matchAll(/^\s+file: '([\w-]+\.png)'/gm)].map((m) => m[1]!);
  expect(shots.length).toBeGreaterThanOrEqual(5);
  expect(readdirSync(IMAGES).sort()).toEqual([...shots].sort());
  expect([...shown].sort()).toEqual([...shots].sort());
});
