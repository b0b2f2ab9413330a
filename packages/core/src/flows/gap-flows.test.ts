// Gaps the other flow tests leave: the fail route's hook, and cancel authorisation by the shop's hook and by a JWKS URL. All against the real emulator.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestShop, newOrderId, type TestShop } from '../testing/handler-test-support.js';

let shop: TestShop | undefined;
afterEach(async () => {
  await shop?.close();
  shop = undefined;
});

describe('fail route', () => {
  it('calls onPaymentFailed once with the code and orderId', async () => {
    const failed: { orderId: string; code: string; paymentKey: string | null }[] = [];
    shop = await createTestShop({ onPaymentFailed: (f) => void failed.push(f) });
    const orderId = newOrderId();
    shop.orders.set(orderId, { amount: 5000, payable: true });
    const response = await shop.get(
      `/payments/fail?code=PAY_PROCESS_CANCELED&message=${encodeURIComponent('사용자가 취소')}&orderId=${orderId}`,
      { accept: 'application/json' },
    );
    expect(response.status).toBeLessThan(500);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ orderId, code: 'PAY_PROCESS_CANCELED', paymentKey: null });
    expect((await shop.handler.ledger.getOrderFailure(orderId))?.code).toBe('PAY_PROCESS_CANCELED');
  });
});

async function confirmedPayment(s: TestShop, amount: number) {
  const approved = await s.approve(amount);
  const response = await s.post('/payments/confirm', approved);
  expect(response.status).toBe(200);
  return approved;
}

describe('cancel authorisation: the authorizeCancel hook', () => {
  it('true lets the cancel through; false refuses it before the gateway', async () => {
    let allow = false;
    const seen: (string | null)[] = [];
    shop = await createTestShop({
      authorizeCancel: (request, payment) => {
        seen.push(payment?.paymentKey ?? null);
        return allow && request.headers.get('x-staff') === 'yes';
      },
    });
    const { paymentKey } = await confirmedPayment(shop, 9000);
    const path = `/payments/payments/${paymentKey}/cancel`;

    const denied = await shop.post(path, { cancelReason: '고객 요청' }, { 'x-staff': 'yes' });
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({ code: 'FORBIDDEN' });
    expect(shop.emulator.control.requests({ route: 'cancel' })).toHaveLength(0);
    expect(shop.emulator.control.getPayment(paymentKey)?.status).toBe('DONE');

    allow = true;
    const allowed = await shop.post(path, { cancelReason: '고객 요청' }, { 'x-staff': 'yes' });
    expect(allowed.status).toBe(200);
    expect(shop.emulator.control.getPayment(paymentKey)?.status).toBe('CANCELED');
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen.every((k) => k === paymentKey)).toBe(true);
  });
});

describe('cancel authorisation: a JWKS URL', () => {
  let jwksServer: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (jwksServer ? jwksServer.close(() => resolve()) : resolve()));
    jwksServer = undefined;
  });

  it('an RS256 token with role owner cancels; a wrong role and a token from another key are refused', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const other = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    jwksServer = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwksServer!.listen(0, '127.0.0.1', () => resolve()));
    const port = (jwksServer.address() as AddressInfo).port;

    shop = await createTestShop({ jwt: { jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json` } });
    const sign = (role: string, key = privateKey) =>
      new SignJWT({ role })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(key);
    const { paymentKey } = await confirmedPayment(shop, 11000);
    const path = `/payments/payments/${paymentKey}/cancel`;

    const wrongRole = await shop.post(
      path,
      { cancelReason: '고객 요청' },
      { authorization: `Bearer ${await sign('customer')}` },
    );
    expect(wrongRole.status).toBe(403);
    expect(await wrongRole.json()).toMatchObject({ code: 'FORBIDDEN' });

    const foreignKey = await shop.post(
      path,
      { cancelReason: '고객 요청' },
      { authorization: `Bearer ${await sign('owner', other.privateKey)}` },
    );
    expect(foreignKey.status).toBe(401);
    expect(shop.emulator.control.requests({ route: 'cancel' })).toHaveLength(0);

    const owner = await shop.post(
      path,
      { cancelReason: '고객 요청' },
      { authorization: `Bearer ${await sign('owner')}` },
    );
    expect(owner.status).toBe(200);
    expect(shop.emulator.control.getPayment(paymentKey)?.status).toBe('CANCELED');
    expect((await shop.handler.ledger.getPayment(paymentKey))?.status).toBe('CANCELED');
  });
});
