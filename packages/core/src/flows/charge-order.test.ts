/**
 * A charge gives the same guarantees through both entry points, `POST {basePath}/billing/charge` and
 * `handler.charge()`: the amount is the shop's order's (AMOUNT_MISMATCH otherwise), an order orderLookup does
 * not know is ORDER_NOT_FOUND, both with no gateway call; the order's name is the default. Real emulator.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestShop, newOrderId, type TestShop } from '../testing/handler-test-support.js';
import { CONFORMANCE_JWT_SECRET, roleToken } from '../testing/index.js';

let shop: TestShop;
afterEach(async () => {
  await shop?.close();
});

let customers = 0;
async function registeredCustomer(): Promise<string> {
  customers += 1;
  const customerKey = `cus_charge_${Date.now().toString(36)}_${customers}`;
  const { authKey } = await shop.emulator.control.authorizeBilling({ customerKey });
  const answer = await shop.get(
    `/payments/billing/success?customerKey=${customerKey}&authKey=${encodeURIComponent(authKey)}`,
    { accept: 'application/json' },
  );
  expect(answer.status).toBe(200);
  return customerKey;
}

type Attempt = (input: Record<string, unknown>) => Promise<{ code?: unknown; orderName?: unknown }>;

const entryPoints: [string, () => Promise<Attempt>][] = [
  [
    'handler.charge()',
    async () => async (input) => {
      try {
        const result = await shop.handler.charge(input as Parameters<TestShop['handler']['charge']>[0]);
        return { orderName: result.payment.orderName };
      } catch (error) {
        return { code: (error as { code?: unknown }).code };
      }
    },
  ],
  [
    'POST /billing/charge',
    async () => {
      const admin = { authorization: `Bearer ${await roleToken('manager')}` };
      return async (input) => (await shop.post('/payments/billing/charge', input, admin)).json();
    },
  ],
];

describe.each(entryPoints)('a charge through %s', (_name, entry) => {
  it('answers AMOUNT_MISMATCH for another amount than the order’s, with no gateway call', async () => {
    shop = await createTestShop({ jwt: { secret: CONFORMANCE_JWT_SECRET } });
    const attempt = await entry();
    const customerKey = await registeredCustomer();
    const orderId = newOrderId();
    shop.orders.set(orderId, { amount: 19_900, orderName: '프리미엄 구독', payable: true });
    expect(await attempt({ customerKey, orderId, orderName: '프리미엄 구독', amount: 100 })).toMatchObject({
      code: 'AMOUNT_MISMATCH',
    });
    expect(shop.emulator.control.requests({ route: 'billingCharge' })).toHaveLength(0);
  });

  it('answers ORDER_NOT_FOUND for an order orderLookup does not know, with no gateway call', async () => {
    shop = await createTestShop({ jwt: { secret: CONFORMANCE_JWT_SECRET } });
    const attempt = await entry();
    const customerKey = await registeredCustomer();
    expect(
      await attempt({ customerKey, orderId: newOrderId(), orderName: '구독', amount: 1000 }),
    ).toMatchObject({
      code: 'ORDER_NOT_FOUND',
    });
    expect(shop.emulator.control.requests({ route: 'billingCharge' })).toHaveLength(0);
  });

  it('charges the order’s amount, named after the order when no orderName is given', async () => {
    shop = await createTestShop({ jwt: { secret: CONFORMANCE_JWT_SECRET } });
    const attempt = await entry();
    const customerKey = await registeredCustomer();
    const orderId = newOrderId();
    shop.orders.set(orderId, { amount: 9_900, orderName: '월간 구독', payable: true });
    expect(await attempt({ customerKey, orderId, amount: 9_900 })).toMatchObject({ orderName: '월간 구독' });
    expect(shop.emulator.control.requests({ route: 'billingCharge' })).toHaveLength(1);
  });
});
