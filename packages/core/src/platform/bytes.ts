/**
 * Bytes, encodings and small runtime facts through Web APIs only (TextEncoder, atob/btoa, globalThis.crypto),
 * so that `@tosskit/core` bundles for a Web runtime (Cloudflare Workers, Vercel Edge, Deno, Bun) with no
 * Node builtin. Node 20.19+ has every one of these globals.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** The text of UTF-8 bytes (invalid sequences become U+FFFD). */
export function fromUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** Standard base64 (padding optional); the caller has checked the alphabet. */
export function fromBase64(text: string): Uint8Array {
  const padded = text.length % 4 === 0 ? text : text + '='.repeat(4 - (text.length % 4));
  const binary = atob(padded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function toBase64Url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** Hex to bytes; the caller has checked that `hex` is an even number of hex digits. */
export function fromHex(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** Equality in time that depends only on the lengths, never on where the bytes differ. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i += 1) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/** A v4 UUID from the Web Crypto API (global on Node 20.19+ and on every Web runtime). */
export function randomUUID(): string {
  const webCrypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (typeof webCrypto?.randomUUID !== 'function') {
    throw new Error(
      'tosskit needs globalThis.crypto.randomUUID (Web Crypto): use Node.js 20.19 or newer, or a runtime with the Web Crypto API.',
    );
  }
  return webCrypto.randomUUID();
}

/** Lets a Node timer not keep the process up; Web runtimes hand back a number and have nothing to unref. */
export function unrefTimer(timer: unknown): void {
  const unref = (timer as { unref?: unknown } | null)?.unref;
  if (typeof unref === 'function') (unref as () => void).call(timer);
}

/** `process.env.NODE_ENV` where there is a `process` (Node, Bun, Deno, most edge runtimes); else undefined. */
export function nodeEnv(): string | undefined {
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  return proc?.env?.['NODE_ENV'];
}
