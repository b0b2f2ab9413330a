// Two gaps: the cancel really carries refundableAmount (a stale ledger balance is refused by the
// emulator), and no log line or event ever carries the secret key, across confirm, a failing gateway
// call, a rejected webhook, a compensation whose cause quotes the key, and a cancel.
import { SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestShop, type TestShop } from '../testing/handler-test-support.js';

const JWT_SECRET = 'a-test-secret-that-is-long-enough-for-hs256!';
let shop: TestShop | undefined;
afterEach(async () => {
  await shop?.close();
  shop = undefined;
});

async function bearer(role: string): Promise<Record<string, string>> {
  const token = await new SignJWT({ role })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(JWT_SECRET));
  return { authorization: `Bearer ${token}` };
}

describe('cancel sends refundableAmount', () => {
  it('a balance that moved behind the ledger → NOT_MATCHES_REFUNDABLE_AMOUNT from the emulator, nothing cancelled; the retry goes through', async () => {
    shop = await createTestShop({ jwt: { secret: JWT_SECRET } });
    const approved = await shop.approve(10000);
    expect((await shop.post('/payments/confirm', approved)).status).toBe(200);
    // a partial cancel from the dashboard; no webhook endpoint, so the ledger still says 10000
    await shop.emulator.control.cancel(approved.paymentKey, { cancelReason: '대시보드', cancelAmount: 3000 });
    expect((await shop.handler.ledger.getPayment(approved.paymentKey))?.payment.balanceAmount).toBe(10000);

    const path = `/payments/payments/${approved.paymentKey}/cancel`;
    const stale = await shop.post(
      path,
      { cancelReason: '고객 요청', cancelAmount: 2000 },
      await bearer('owner'),
    );
    expect(stale.status).toBeGreaterThanOrEqual(400);
    expect(stale.status).toBeLessThan(500);
    expect(await stale.json()).toMatchObject({ code: 'NOT_MATCHES_REFUNDABLE_AMOUNT' });
    const refused = shop.emulator.control.requests({ route: 'cancel' });
    expect(refused).toHaveLength(1);
    expect(refused[0]?.code).toBe('NOT_MATCHES_REFUNDABLE_AMOUNT');
    const atGateway = shop.emulator.control.getPayment(approved.paymentKey) as {
      balanceAmount: number;
      cancels: { cancelAmount: number }[];
    };
    expect(atGateway.cancels.map((c) => c.cancelAmount)).toEqual([3000]);
    // the refusal refreshed the ledger: the same request now carries the real balance and passes
    expect((await shop.handler.ledger.getPayment(approved.paymentKey))?.payment.balanceAmount).toBe(7000);
    const retry = await shop.post(
      path,
      { cancelReason: '고객 요청', cancelAmount: 2000 },
      await bearer('owner'),
    );
    expect(retry.status).toBe(200);
    expect(shop.emulator.control.getPayment(approved.paymentKey)?.balanceAmount).toBe(5000);
  });
});

function dump(value: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, function (_key, v: unknown) {
    if (typeof v === 'object' && v !== null) {
      if (seen.has(v)) return '[cycle]';
      seen.add(v);
      if (v instanceof Error) {
        // non-enumerable parts of an error too: a logger that prints it would print these
        return {
          ...v,
          name: v.name,
          message: v.message,
          stack: v.stack,
          cause: (v as { cause?: unknown }).cause,
        };
      }
    }
    return typeof v === 'bigint' ? v.toString() : v;
  });
}

describe('the secret key never reaches a log line or an event', () => {
  it('confirm, a declined confirm, a rejected webhook, a compensation quoting the key, a cancel', async () => {
    const logged: string[] = [];
    const logger = {
      warn: (fields: Record<string, unknown>, message: string) => void logged.push(dump({ message, fields })),
      error: (fields: Record<string, unknown>, message: string) =>
        void logged.push(dump({ message, fields })),
    };
    let throwWithKey = false;
    let secretKey = '';
    shop = await createTestShop({
      jwt: { secret: JWT_SECRET },
      logger,
      onPaymentConfirmed: () => {
        // a careless shop puts the key in an error message: it must not travel on
        if (throwWithKey) throw new Error(`upstream refused key ${secretKey}`);
      },
    });
    secretKey = shop.emulator.keys.secretKey;
    expect(secretKey.length).toBeGreaterThan(8);

    // 1. a confirm that goes through
    const ok = await shop.approve(5000);
    expect((await shop.post('/payments/confirm', ok)).status).toBe(200);
    // 2. a failing gateway call
    const declined = await shop.approve(6000);
    shop.emulator.control.fault({ kind: 'fail', route: 'confirm', code: 'REJECT_CARD_COMPANY' });
    expect((await shop.post('/payments/confirm', declined)).status).toBe(403);
    // 3. a webhook the handler refuses (a DEPOSIT_CALLBACK with a wrong secret)
    const va = await shop.approve(3000, { method: 'VIRTUAL_ACCOUNT', bank: '88' });
    expect((await shop.post('/payments/confirm', va)).status).toBe(200);
    const rejected = await shop.post('/payments/webhook', {
      createdAt: '2026-11-22T10:00:00.000000',
      secret: 'not-the-secret',
      status: 'DONE',
      transactionKey: 'tx-forged',
      orderId: va.orderId,
    });
    expect(rejected.status).toBeGreaterThanOrEqual(400);
    expect(rejected.status).toBeLessThan(500);
    // and an event tosskit does not act on (logged as a warning)
    const ignored = await shop.post('/payments/webhook', {
      eventType: 'SOME_FUTURE_EVENT',
      createdAt: '2026-11-22T10:00:00.000000',
      data: { note: 'x' },
    });
    expect(ignored.status).toBe(200);
    // 4. a hook failure whose message quotes the key → compensation
    throwWithKey = true;
    const compensated = await shop.approve(7000);
    const compensatedResponse = await shop.post('/payments/confirm', compensated);
    expect(await compensatedResponse.json()).toMatchObject({ code: 'PAYMENT_COMPENSATED' });
    throwWithKey = false;
    const reason = (
      shop.emulator.control.getPayment(compensated.paymentKey) as { cancels: { cancelReason: string }[] }
    ).cancels[0]?.cancelReason;
    expect(reason).toContain('[tosskit 자동취소]');
    expect(reason).not.toContain(secretKey);
    // 5. a cancel
    const cancel = await shop.post(
      `/payments/payments/${ok.paymentKey}/cancel`,
      { cancelReason: '고객 요청' },
      await bearer('owner'),
    );
    expect(cancel.status).toBe(200);
    expect(JSON.stringify(await cancel.json())).not.toContain(secretKey);

    // the run did log and emit (else the assertion below proves nothing)
    expect(logged.length).toBeGreaterThan(0);
    expect(shop.events.some((e) => e.name === 'webhook.rejected')).toBe(true);
    expect(shop.events.some((e) => e.name === 'hook.failed')).toBe(true);
    expect(shop.events.some((e) => e.name === 'cancel.applied')).toBe(true);
    for (const line of logged) expect(line).not.toContain(secretKey);
    for (const event of shop.events) expect(dump(event)).not.toContain(secretKey);
    // nor its base64 form, as it travels in the Authorization header
    const basic = Buffer.from(`${secretKey}:`).toString('base64');
    for (const line of [...logged, ...shop.events.map(dump)]) expect(line).not.toContain(basic);
  });
});
