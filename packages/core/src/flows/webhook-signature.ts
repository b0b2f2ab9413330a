/**
 * The signature of `payout.changed` and `seller.changed` webhooks (spec §8.3), the only signed events:
 * `tosspayments-webhook-signature: v1:<base64>,v1:<base64>` where each value is HMAC-SHA256 over
 * `<raw body>:<tosspayments-webhook-transmission-time>` under the security key (보안 키). Either value may
 * match (two keys during a rotation). The docs do not say whether the key is the 64 hex characters as text or
 * the 32 bytes they encode, so both are tried: each is a secret the sender must know. Compared in constant time.
 */
import { constantTimeEqual, fromBase64, fromHex, toBase64, utf8 } from '../platform/bytes.js';
import { hmacSha256 } from '../platform/sha256.js';

/** The header of a signed webhook's signature (payout and seller events). */
export const SIGNATURE_HEADER = 'tosspayments-webhook-signature';
/** The header of a signed webhook's transmission time. */
export const TRANSMISSION_TIME_HEADER = 'tosspayments-webhook-transmission-time';

/** A security key is 64 hex characters (32 bytes). */
export const SECURITY_KEY_PATTERN = /^[0-9a-fA-F]{64}$/;

export interface SignedWebhook {
  /** the body exactly as received (not re-serialized JSON) */
  rawBody: string;
  signature: string | null;
  transmissionTime: string | null;
  /**
   * true when `rawBody` is not the bytes as sent but a body parser's result encoded again (the Node bridge
   * says so, see `isBodyReencoded`): a signature that does not verify then means "raw body required", not
   * "wrong key".
   */
  bodyReencoded?: boolean;
}

function keyForms(securityKey: string): Uint8Array[] {
  const forms = [utf8(securityKey)];
  if (SECURITY_KEY_PATTERN.test(securityKey)) forms.push(fromHex(securityKey));
  return forms;
}

/** The signature values of the header (`v1:` entries only), decoded; empty when there is none. */
function signatureValues(header: string): Uint8Array[] {
  const values: Uint8Array[] = [];
  for (const part of header.split(',')) {
    const entry = part.trim();
    if (!entry.startsWith('v1:')) continue;
    const encoded = entry.slice(3);
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) continue;
    values.push(fromBase64(encoded));
  }
  return values;
}

/** Whether a signed webhook's raw body, signature and transmission time match the security key. */
export function verifyWebhookSignature(webhook: SignedWebhook, securityKey: string): boolean {
  if (webhook.signature === null || webhook.transmissionTime === null) return false;
  const values = signatureValues(webhook.signature);
  if (values.length === 0) return false;
  const message = `${webhook.rawBody}:${webhook.transmissionTime}`;
  let matched = false;
  for (const key of keyForms(securityKey)) {
    const digest = hmacSha256(key, utf8(message));
    for (const value of values) {
      // no early exit: the work done does not depend on which value matched
      if (value.length === digest.length && constantTimeEqual(value, digest)) matched = true;
    }
  }
  return matched;
}

/** The header value the gateway would send for `rawBody` (the key as text): for tests and a shop's own tooling. */
export function signWebhook(rawBody: string, transmissionTime: string, securityKey: string): string {
  return `v1:${toBase64(hmacSha256(utf8(securityKey), utf8(`${rawBody}:${transmissionTime}`)))}`;
}
