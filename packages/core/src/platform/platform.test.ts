import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  constantTimeEqual,
  fromBase64,
  fromHex,
  randomUUID,
  toBase64,
  toBase64Url,
  toHex,
  unrefTimer,
  utf8,
} from './bytes.js';
import { hmacSha256, hmacSha256Portable, sha256, sha256Portable } from './sha256.js';

const nodeSha = (data: Uint8Array) => new Uint8Array(createHash('sha256').update(data).digest());
const nodeHmac = (key: Uint8Array, data: Uint8Array) =>
  new Uint8Array(createHmac('sha256', key).update(data).digest());

describe('portable SHA-256 and HMAC-SHA256 (the Web-runtime path) agree with node:crypto', () => {
  it('on the FIPS 180-2 vectors and at every padding boundary', () => {
    expect(toHex(sha256Portable(utf8('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(toHex(sha256Portable(new Uint8Array()))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    for (let length = 0; length <= 200; length += 1) {
      const data = new Uint8Array(length).map((_, i) => (i * 31 + length) & 0xff);
      expect(toHex(sha256Portable(data))).toBe(toHex(nodeSha(data)));
    }
  });

  it('on random inputs and keys (keys longer than a block included)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 150 }), (data, key) => {
        expect(toHex(sha256Portable(data))).toBe(toHex(nodeSha(data)));
        expect(toHex(hmacSha256Portable(key, data))).toBe(toHex(nodeHmac(key, data)));
        expect(toHex(hmacSha256(key, data))).toBe(toHex(nodeHmac(key, data)));
        expect(toHex(sha256(data))).toBe(toHex(nodeSha(data)));
      }),
      { numRuns: 300 },
    );
  });
});

describe('Web-API encodings agree with Buffer', () => {
  it('base64, base64url, hex and UTF-8 (Korean text included)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        (bytes, text) => {
          const buffer = Buffer.from(bytes);
          expect(toBase64(bytes)).toBe(buffer.toString('base64'));
          expect(toBase64Url(bytes)).toBe(buffer.toString('base64url'));
          expect(toHex(bytes)).toBe(buffer.toString('hex'));
          expect([...fromBase64(buffer.toString('base64'))]).toEqual([...bytes]);
          expect([...fromHex(buffer.toString('hex'))]).toEqual([...bytes]);
          expect([...utf8(text)]).toEqual([...Buffer.from(text, 'utf8')]);
        },
      ),
      { numRuns: 200 },
    );
    expect(toBase64(utf8('결제:'))).toBe(Buffer.from('결제:', 'utf8').toString('base64'));
    expect([...fromBase64('YWI')]).toEqual([0x61, 0x62]);
  });

  it('constant-time equality answers like timingSafeEqual, and false on a length difference', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.nat(), (bytes, at) => {
        const other = bytes.slice();
        const i = at % other.length;
        other[i] = (other[i] ?? 0) ^ 1;
        expect(constantTimeEqual(bytes, bytes.slice())).toBe(true);
        expect(constantTimeEqual(bytes, other)).toBe(timingSafeEqual(bytes, other));
        expect(constantTimeEqual(bytes, bytes.subarray(1))).toBe(false);
      }),
    );
  });

  it('randomUUID gives v4 UUIDs; unrefTimer accepts a Node timer and a Web runtime number', () => {
    expect(randomUUID()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(randomUUID()).not.toBe(randomUUID());
    const timer = setInterval(() => undefined, 1000);
    unrefTimer(timer);
    expect(timer.hasRef()).toBe(false);
    clearInterval(timer);
    expect(() => unrefTimer(42)).not.toThrow();
  });
});
