// The signed payout and seller webhooks (spec §8.3) through the handler: verified over the raw body with the
// shop's security key, refused when the signature is missing or wrong, once per event, ignored without a key.
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../errors/index.js';
import { createTestShop, type TestShop } from '../testing/handler-test-support.js';
import { handleNodeRequest } from '../node/index.js';
import { PAYOUT_CHANGED_WEBHOOK, SELLER_CHANGED_WEBHOOK } from '../testing/fixtures.js';
import type { Payout, Seller } from '../models/index.js';
import { signWebhook, verifyWebhookSignature } from './webhook-signature.js';

const SECURITY_KEY = '0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0';
const AT = '2026-11-22T18:00:01+09:00';

let shop: TestShop | undefined;
afterEach(async () => {
  await shop?.close();
  shop = undefined;
});

/** What the gateway sends: the body text as is, its transmission time and the signature header. */
function delivery(body: unknown, signature: string | null, time = AT) {
  const rawBody = typeof body === 'string' ? body : JSON.stringify(body, null, 1);
  const headers: Record<string, string> = { 'tosspayments-webhook-transmission-time': time };
  if (signature !== null) headers['tosspayments-webhook-signature'] = signature;
  return { rawBody, headers };
}

describe('verifyWebhookSignature', () => {
  const rawBody = JSON.stringify(PAYOUT_CHANGED_WEBHOOK);
  const hmac = (key: Buffer) => createHmac('sha256', key).update(`${rawBody}:${AT}`).digest('base64');

  it('accepts either v1 value, under the key as text or as the 32 bytes its hex encodes', () => {
    const asText = hmac(Buffer.from(SECURITY_KEY, 'utf8'));
    const asBytes = hmac(Buffer.from(SECURITY_KEY, 'hex'));
    const check = (signature: string) =>
      verifyWebhookSignature({ rawBody, transmissionTime: AT, signature }, SECURITY_KEY);
    expect(check(`v1:${asText}`)).toBe(true);
    expect(check(`v1:${asBytes}`)).toBe(true);
    expect(check(`v1:${'A'.repeat(43)}=,v1:${asText}`)).toBe(true);
    expect(signWebhook(rawBody, AT, SECURITY_KEY)).toBe(`v1:${asText}`);
  });

  it('refuses another key, another body, another time, no v1 value, and a missing header', () => {
    const good = signWebhook(rawBody, AT, SECURITY_KEY);
    const other = 'f'.repeat(64);
    expect(verifyWebhookSignature({ rawBody, transmissionTime: AT, signature: good }, other)).toBe(false);
    expect(
      verifyWebhookSignature({ rawBody: `${rawBody} `, transmissionTime: AT, signature: good }, SECURITY_KEY),
    ).toBe(false);
    expect(
      verifyWebhookSignature({ rawBody, transmissionTime: `${AT}x`, signature: good }, SECURITY_KEY),
    ).toBe(false);
    expect(
      verifyWebhookSignature(
        { rawBody, transmissionTime: AT, signature: good.replace('v1:', 'v0:') },
        SECURITY_KEY,
      ),
    ).toBe(false);
    expect(verifyWebhookSignature({ rawBody, transmissionTime: AT, signature: null }, SECURITY_KEY)).toBe(
      false,
    );
    expect(verifyWebhookSignature({ rawBody, transmissionTime: null, signature: good }, SECURITY_KEY)).toBe(
      false,
    );
  });
});

describe('payout.changed and seller.changed through the handler', () => {
  async function signedShop() {
    const payouts: { payout: Payout; eventId: string | undefined }[] = [];
    const sellers: Seller[] = [];
    shop = await createTestShop({
      securityKey: SECURITY_KEY,
      onPayoutChanged: (payout, event) => void payouts.push({ payout, eventId: event.eventId }),
      onSellerChanged: (seller) => void sellers.push(seller),
    });
    return { shop, payouts, sellers };
  }

  it('runs onPayoutChanged once for a signed delivery, however often it is delivered', async () => {
    const { shop, payouts } = await signedShop();
    // the signature covers the bytes as sent: a body with other whitespace than JSON.stringify's
    const { rawBody, headers } = delivery(PAYOUT_CHANGED_WEBHOOK, null);
    headers['tosspayments-webhook-signature'] = signWebhook(rawBody, AT, SECURITY_KEY);
    const first = await shop.post('/payments/webhook', rawBody, headers);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ ok: true, outcome: 'applied' });
    const again = await shop.post('/payments/webhook', rawBody, headers);
    expect(await again.json()).toEqual({ ok: true, outcome: 'duplicate' });
    expect(payouts).toEqual([
      { payout: PAYOUT_CHANGED_WEBHOOK.entityBody, eventId: PAYOUT_CHANGED_WEBHOOK.eventId },
    ]);
    expect(shop.events).toContainEqual({
      name: 'webhook.applied',
      event: {
        kind: 'PAYOUT_CHANGED',
        paymentKey: null,
        orderId: null,
        status: 'COMPLETED',
        durationMs: expect.any(Number),
      },
    });
  });

  it('refuses a missing or wrong signature and a tampered body with 401, and runs no hook', async () => {
    const { shop, payouts, sellers } = await signedShop();
    const { rawBody, headers } = delivery(SELLER_CHANGED_WEBHOOK, null);
    const unsigned = await shop.post('/payments/webhook', rawBody, headers);
    expect(unsigned.status).toBe(401);
    expect(await unsigned.json()).toMatchObject({ code: 'INVALID_WEBHOOK_SIGNATURE' });

    const wrongKey = signWebhook(rawBody, AT, 'a'.repeat(64));
    expect(
      (
        await shop.post('/payments/webhook', rawBody, {
          ...headers,
          'tosspayments-webhook-signature': wrongKey,
        })
      ).status,
    ).toBe(401);

    const signature = signWebhook(rawBody, AT, SECURITY_KEY);
    const tampered = rawBody.replace('APPROVED', 'KYC_REQUIRED');
    expect(tampered).not.toBe(rawBody);
    const refused = await shop.post('/payments/webhook', tampered, {
      ...headers,
      'tosspayments-webhook-signature': signature,
      'accept-language': 'en',
    });
    expect(refused.status).toBe(401);
    // the fix is for the developer: in `detail` (outside production), not in the message
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/securityKey/);
    expect(sellers).toEqual([]);
    expect(payouts).toEqual([]);
    expect(shop.events.filter((e) => e.name === 'webhook.rejected')).toHaveLength(3);

    // the genuine delivery still goes through afterwards (a refusal does not mark the event as processed)
    const genuine = await shop.post('/payments/webhook', rawBody, {
      ...headers,
      'tosspayments-webhook-signature': signature,
    });
    expect(genuine.status).toBe(200);
    expect(sellers.map((s) => s.status)).toEqual([SELLER_CHANGED_WEBHOOK.entityBody.status]);
  });

  it('behind express.json() (raw body gone): 400 RAW_BODY_REQUIRED with the fix, logged; unsigned stays 401', async () => {
    const { shop, payouts } = await signedShop();
    shop.logger.expectErrors();
    const app = express();
    app.use(express.json());
    app.use((req, res) => void handleNodeRequest(shop.handler, req, res));
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/payments/webhook`;
      const { rawBody, headers } = delivery(PAYOUT_CHANGED_WEBHOOK, null);
      const signature = signWebhook(rawBody, AT, SECURITY_KEY);
      const post = (extra: Record<string, string>) =>
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers, ...extra },
          body: rawBody,
        });
      const refused = await post({ 'tosspayments-webhook-signature': signature, 'accept-language': 'en' });
      expect(refused.status).toBe(400);
      const body = (await refused.json()) as { code: string; message: string };
      expect(body.code).toBe('RAW_BODY_REQUIRED');
      expect(body.message).toMatch(/express\.json\(\)/);
      expect(body.message).toMatch(/security key is not the problem/);
      expect(shop.logger.entries).toContainEqual(
        expect.objectContaining({
          level: 'error',
          fields: { kind: 'PAYOUT_CHANGED', code: 'RAW_BODY_REQUIRED' },
        }),
      );
      expect(shop.events).toContainEqual({
        name: 'webhook.rejected',
        event: {
          kind: 'PAYOUT_CHANGED',
          paymentKey: null,
          orderId: null,
          code: 'RAW_BODY_REQUIRED',
          durationMs: expect.any(Number),
        },
      });
      // no signature at all is not a gateway delivery: still the signature error
      const unsigned = await post({});
      expect(unsigned.status).toBe(401);
      expect(((await unsigned.json()) as { code: string }).code).toBe('INVALID_WEBHOOK_SIGNATURE');
      expect(payouts).toEqual([]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('without a securityKey: answered 200 and ignored, with a warning that says what to set', async () => {
    shop = await createTestShop();
    const { rawBody, headers } = delivery(PAYOUT_CHANGED_WEBHOOK, 'v1:AAAA');
    const response = await shop.post('/payments/webhook', rawBody, headers);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, outcome: 'ignored' });
    expect(shop.logs.join('\n')).toMatch(/set securityKey/);
  });

  it('refuses a securityKey that is not 64 hex characters at startup, without repeating it', async () => {
    shop = await createTestShop();
    const bad = 'not-a-security-key-but-a-secret';
    let caught: unknown;
    try {
      await createTestShop({ securityKey: bad });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigurationError);
    expect(String((caught as Error).message)).toMatch(/securityKey/);
    expect(String((caught as Error).message)).not.toContain(bad);
  });
});
