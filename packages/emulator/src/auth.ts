/**
 * Keys and Basic auth at the gateway door. Two key families (docs.tosspayments.com/reference/using-api/api-keys):
 * API individual keys (`test_ck_`/`test_sk_`) and widget keys (`test_gck_`/`test_gsk_`); the secret key goes in
 * `Authorization: Basic base64(secretKey + ':')` (docs.tosspayments.com/reference/using-api/authorization).
 */
import { gatewayError } from './errors.js';

export type Family = 'api' | 'widget';

export function keyFamily(key: string): Family {
  return /^(test|live)_g[cs]k_/.test(key) ? 'widget' : 'api';
}

export function isTestKey(key: string): boolean {
  return key.startsWith('test_');
}

/** The key of a family to show (a test key first, unless told otherwise). */
export function pickKey(keys: string[], family: Family, preferTest = true): string | undefined {
  const ofFamily = keys.filter((k) => keyFamily(k) === family);
  return (preferTest ? ofFamily.find(isTestKey) : undefined) ?? ofFamily[0];
}

/** The keys `emulator.keys` shows: a test key of each family and kind when there is one. */
export function shownKeys(
  secretKeys: string[],
  clientKeys: string[],
): { secretKey: string; clientKey: string; widgetSecretKey: string; widgetClientKey: string } {
  return {
    secretKey: pickKey(secretKeys, 'api') ?? secretKeys[0] ?? '',
    clientKey: pickKey(clientKeys, 'api') ?? clientKeys[0] ?? '',
    widgetSecretKey: pickKey(secretKeys, 'widget') ?? '',
    widgetClientKey: pickKey(clientKeys, 'widget') ?? '',
  };
}

/** Throws TypeError for a key in the wrong list (a client key among the secret keys, or the reverse). */
export function checkKeyLists(secretKeys: string[], clientKeys: string[]): void {
  for (const k of secretKeys) {
    if (!/^(test|live)_(sk|gsk|ak)_/.test(k))
      throw new TypeError(
        `secretKeys: "${k.slice(0, 8)}…" is not a secret key (test_sk_, test_gsk_, live_sk_, live_gsk_)`,
      );
  }
  for (const k of clientKeys) {
    if (!/^(test|live)_(ck|gck)_/.test(k))
      throw new TypeError(
        `clientKeys: "${k.slice(0, 8)}…" is not a client key (test_ck_, test_gck_, live_ck_, live_gck_)`,
      );
  }
}

/** Authorization header → the secret key it carries, refused as the gateway refuses it. */
export class Authenticator {
  // headers already checked: the hot path decodes base64 once
  private readonly cache = new Map<string, string>();

  constructor(private readonly secretKeys: ReadonlySet<string>) {}

  authenticate(header: string | undefined): string {
    if (header === undefined || header === '') throw gatewayError('UNAUTHORIZED_KEY');
    const cached = this.cache.get(header);
    if (cached !== undefined) return cached;
    const key = this.decode(header);
    if (this.cache.size < 100) this.cache.set(header, key);
    return key;
  }

  private decode(header: string): string {
    const m = /^Basic\s+(.+)$/i.exec(header.trim());
    if (!m) throw gatewayError('INCORRECT_BASIC_AUTH_FORMAT');
    const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon === -1) throw gatewayError('INCORRECT_BASIC_AUTH_FORMAT');
    const key = decoded.slice(0, colon).replace(/^\uFEFF/, '');
    // a client key where a secret key belongs, or an unknown key
    if (!this.secretKeys.has(key)) throw gatewayError('UNAUTHORIZED_KEY');
    return key;
  }
}
