/**
 * Secrets at rest: billing keys and virtual-account secrets are stored as JWE compact strings
 * (`alg: dir`, `enc: A256GCM`) under a 32-byte key the shop supplies, so a copied database or
 * backup does not hand out the means to charge a card or forge a deposit callback.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { CompactEncrypt, compactDecrypt } from 'jose';
import { configurationError } from './errors.js';

export interface SecretBox {
  encrypt(plain: string): Promise<string>;
  decrypt(jwe: string): Promise<string>;
  /** a keyed digest, to find a row by a secret without storing the secret (billingKey lookups) */
  digest(plain: string): string;
}

const HOW_TO =
  "Generate one with `node -e \"console.log(require('node:crypto').randomBytes(32).toString('base64url'))\"` " +
  'and keep it with your other secrets (e.g. TOSSKIT_ENCRYPTION_KEY); without it the stored billing keys cannot be read.';

/** Accepts 32 raw bytes, 64 hex characters, or base64/base64url of 32 bytes. */
export function parseEncryptionKey(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) {
    if (value.length === 32) return new Uint8Array(value);
    throw configurationError(
      'encryptionKey',
      `encryptionKey must be 32 bytes, got ${value.length}. ${HOW_TO}`,
    );
  }
  if (typeof value !== 'string' || value.trim() === '') {
    throw configurationError('encryptionKey', `encryptionKey is required for a persistent ledger. ${HOW_TO}`);
  }
  const text = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return new Uint8Array(Buffer.from(text, 'hex'));
  if (/^[A-Za-z0-9_\-+/]+={0,2}$/.test(text)) {
    const bytes = Buffer.from(text.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''), 'base64url');
    if (bytes.length === 32) return new Uint8Array(bytes);
  }
  // never echo the value: it is a secret
  throw configurationError(
    'encryptionKey',
    `encryptionKey must encode exactly 32 bytes (64 hex characters or 43 base64url characters). ${HOW_TO}`,
  );
}

export function generateEncryptionKey(): string {
  return randomBytes(32).toString('base64url');
}

export function createSecretBox(key: Uint8Array): SecretBox {
  const digestKey = createHmac('sha256', key).update('tosskit/ledger/digest/v1').digest();
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  return {
    async encrypt(plain) {
      return new CompactEncrypt(encoder.encode(plain))
        .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
        .encrypt(key);
    },
    async decrypt(jwe) {
      const { plaintext } = await compactDecrypt(jwe, key, {
        keyManagementAlgorithms: ['dir'],
        contentEncryptionAlgorithms: ['A256GCM'],
      });
      return decoder.decode(plaintext);
    },
    digest(plain) {
      return createHmac('sha256', digestKey).update(plain).digest('base64url');
    },
  };
}
