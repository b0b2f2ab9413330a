/** The URL a call goes to: a plain path is appended to the base as the URL parser would make it. */
import { describe, expect, it } from 'vitest';
import { createGatewayClient } from './gateway-client.js';
import type { GatewayTransport, GatewayTransportRequest } from './transport.js';

const SECRET = 'test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R';

/** A transport that notes the URL it was given and answers 404, so the call ends there. */
function recordingClient(baseUrl: string) {
  const urls: string[] = [];
  const transport: GatewayTransport = {
    async send(request: GatewayTransportRequest) {
      urls.push(request.url);
      return { status: 404, body: JSON.stringify({ code: 'NOT_FOUND_PAYMENT', message: 'none' }) };
    },
    async close() {},
  };
  return {
    urls,
    client: createGatewayClient({ secretKey: SECRET, baseUrl, transport, retry: { retries: 0 } }),
  };
}

describe('gateway client: request URLs', () => {
  const keys = ['pk_1', 'a.b', '.', '..', '%2e', '%2E%2e', 'a b', '결제', 'x/../y', "it's(1)*", '~user', ''];
  for (const baseUrl of ['http://127.0.0.1:4010', 'HTTP://LOCALHOST:4010/', 'https://api.tosspayments.com']) {
    it(`the same URL the parser makes, for every kind of id (${baseUrl})`, async () => {
      const { urls, client } = recordingClient(baseUrl);
      for (const key of keys) await client.getPayment(key).catch(() => undefined);
      const base = baseUrl.replace(/\/$/, '');
      expect(urls).toEqual(keys.map((key) => new URL(`${base}/v1/payments/${encodeURIComponent(key)}`).href));
    });
  }

  it('a query goes through the parser', async () => {
    const { urls, client } = recordingClient('http://127.0.0.1:4010');
    await client.listSettlements({ startDate: '2026-12-01', endDate: '2026-12-02' }).catch(() => undefined);
    expect(urls[0]).toMatch(/^http:\/\/127\.0\.0\.1:4010\/v1\/settlements\?.*startDate=2026-12-01/);
  });
});
