// The shared Chromium launcher (test-support/chromium.ts) must fail with instructions, never download.
import { afterEach, describe, expect, it } from 'vitest';
import {
  ChromiumMissingError,
  chromiumPath,
  verifyChromiumInstalled,
} from '../../../../test-support/chromium.js';

const saved = process.env.CHROMIUM_PATH;
afterEach(() => {
  if (saved === undefined) delete process.env.CHROMIUM_PATH;
  else process.env.CHROMIUM_PATH = saved;
});

describe('test-support/chromium', () => {
  it('uses CHROMIUM_PATH when set, else /usr/bin/chromium', () => {
    process.env.CHROMIUM_PATH = '/opt/chrome/chrome';
    expect(chromiumPath()).toBe('/opt/chrome/chrome');
    process.env.CHROMIUM_PATH = '  ';
    expect(chromiumPath()).toBe('/usr/bin/chromium');
  });

  it('a missing browser gives an error that says how to install it', () => {
    let error: unknown;
    try {
      verifyChromiumInstalled('/nonexistent/chromium');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ChromiumMissingError);
    expect((error as Error).message).toContain('apt-get install -y chromium');
    expect((error as Error).message).toContain('/nonexistent/chromium');
  });
});
