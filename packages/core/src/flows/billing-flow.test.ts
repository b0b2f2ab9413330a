// Billing through the handler against a real emulator: issue, charge, lost answers, delete.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { localizeError } from '../errors/index.js';
import { createMemoryLedger } from '../ledger/index.js';
import { createTestShop, newOrderId, type TestShop } from '../testing/handler-test-support.js';
import { handleNodeRequest } from '../node/index.js';
import { CONFORMANCE_JWT_SECRET, roleToken } from '../testing/index.js';
import type { BillingKeyIssuedInfo } from './billing-flow.js';
import { isBillingError, maskCardNumber } from './billing-flow.js';

let shop: TestShop;
let server: Server | null = null;
afterEach(async () => {
  if (server !== null) await new Promise((resolve) => server!.close(resolve));
  server = null;
  await shop?.close();
});

let customers = 0;
function newCustomerKey(): string {
  customers += 1;
  return `cus_${Date.now().toString(36)}_${customers}`;
}

/** Charge an order the shop knows: unless it exists, the order is registered at the charged amount. */
function charge(input: Parameters<TestShop['handler']['charge']>[0]) {
  const orderId = String(input.orderId);
  if (!shop.orders.has(orderId))
    shop.orders.set(orderId, { amount: Number(input.amount), orderName: '정기구독', payable: true });
  return shop.handler.charge(input);
}

async function shopWithHook(options: Parameters<typeof createTestShop>[0] = {}) {
  const issued: BillingKeyIssuedInfo[] = [];
  shop = await createTestShop({ onBillingKeyIssued: (info) => void issued.push(info), ...options });
  return issued;
}

/** The buyer finished billing auth in the window: the success URL the gateway sends the browser to. */
async function register(customerKey: string, cardCompany = '51'): Promise<Response> {
  const { authKey } = await shop.emulator.control.authorizeBilling({ customerKey, cardCompany });
  return shop.get(
    `/payments/billing/success?customerKey=${customerKey}&authKey=${encodeURIComponent(authKey)}`,
    { accept: 'application/json' },
  );
}

async function storedKey(customerKey: string): Promise<string> {
  const stored = await shop.handler.ledger.getBillingKey(customerKey);
  expect(stored).not.toBeNull();
  return stored!.billingKey;
}

describe('billing key issue (GET {basePath}/billing/success)', () => {
  it('issues the key, stores it against the customer, calls the hook with masked card data only', async () => {
    const issued = await shopWithHook();
    const customerKey = newCustomerKey();
    const response = await register(customerKey);
    expect(response.status).toBe(200);
    const text = await response.text();
    const billingKey = await storedKey(customerKey);
    expect(text).not.toContain(billingKey);
    expect(JSON.parse(text)).toMatchObject({ customerKey, method: '카드', card: { issuerCode: '51' } });

    expect(issued).toHaveLength(1);
    expect(issued[0]).toMatchObject({
      customerKey,
      method: '카드',
      card: { issuerCode: '51', cardType: '신용', ownerType: '개인' },
    });
    expect(issued[0]!.card!.number).toMatch(/\*/);
    expect(JSON.stringify(issued)).not.toContain(billingKey);
    expect(Object.keys(issued[0]!).sort()).toEqual(['authenticatedAt', 'card', 'customerKey', 'method']);
    expect(shop.emulator.control.requests({ route: 'billingIssue' })).toHaveLength(1);
  });

  it('a refresh of the success page (same authKey) answers the same card without a second hook call', async () => {
    const issued = await shopWithHook();
    const customerKey = newCustomerKey();
    const { authKey } = await shop.emulator.control.authorizeBilling({ customerKey });
    const url = `/payments/billing/success?customerKey=${customerKey}&authKey=${encodeURIComponent(authKey)}`;
    const first = await shop.get(url, { accept: 'application/json' });
    const second = await shop.get(url, { accept: 'application/json' });
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await second.json()).toEqual(await first.json());
    expect(issued).toHaveLength(1);
  });

  it('redirects to the shop page from a browser, and to the fail page with the code when the authKey is bad', async () => {
    await shopWithHook({
      redirects: { billingSuccess: '/account/cards', billingFail: '/account/cards/fail' },
    });
    const customerKey = newCustomerKey();
    const { authKey } = await shop.emulator.control.authorizeBilling({ customerKey });
    const ok = await shop.get(
      `/payments/billing/success?customerKey=${customerKey}&authKey=${encodeURIComponent(authKey)}`,
    );
    expect(ok.status).toBe(303);
    const location = new URL(ok.headers.get('location')!, 'http://x');
    expect(location.pathname).toBe('/account/cards');
    expect(location.searchParams.get('customerKey')).toBe(customerKey);
    expect(ok.headers.get('location')).not.toContain(await storedKey(customerKey));

    const bad = await shop.get(`/payments/billing/success?customerKey=${customerKey}&authKey=bln_made_up`);
    expect(bad.status).toBe(303);
    const failed = new URL(bad.headers.get('location')!, 'http://x');
    expect(failed.pathname).toBe('/account/cards/fail');
    expect(failed.searchParams.get('code')).toBeTruthy();

    const fail = await shop.get(
      '/payments/billing/fail?code=PAY_PROCESS_CANCELED&message=%EC%B7%A8%EC%86%8C&customerKey=' +
        customerKey,
    );
    expect(new URL(fail.headers.get('location')!, 'http://x').searchParams.get('code')).toBe(
      'PAY_PROCESS_CANCELED',
    );
  });

  it('refuses a customerKey the shop does not authorise, before asking the gateway', async () => {
    await shopWithHook({
      authorizeBillingCustomer: (_request, customerKey) => customerKey === 'cus_allowed',
    });
    const response = await register(newCustomerKey());
    expect(response.status).toBe(403);
    expect(shop.emulator.control.requests({ route: 'billingIssue' })).toHaveLength(0);
  });

  it('a hook that throws gets the key deleted again (gateway and ledger): BILLING_KEY_REVOKED', async () => {
    await shopWithHook({
      onBillingKeyIssued: () => {
        throw new Error('customer table is down');
      },
    });
    const customerKey = newCustomerKey();
    const response = await register(customerKey);
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ code: 'BILLING_KEY_REVOKED' });
    expect(await shop.handler.ledger.getBillingKey(customerKey)).toBeNull();
    expect(shop.emulator.control.requests({ route: 'billingDelete' }).map((r) => r.status)).toEqual([200]);
  });

  it('a second card for the same customer replaces the first, which is deleted at the gateway', async () => {
    await shopWithHook();
    const customerKey = newCustomerKey();
    await register(customerKey, '51');
    const first = await storedKey(customerKey);
    await register(customerKey, '41');
    const second = await storedKey(customerKey);
    expect(second).not.toBe(first);
    expect((await shop.handler.getBillingCard(customerKey))?.card?.issuerCode).toBe('41');
    expect(shop.emulator.control.requests({ route: 'billingDelete' })).toHaveLength(1);
    await expect(
      shop.handler.gateway.chargeBilling(first, {
        amount: 1000,
        customerKey,
        orderId: newOrderId(),
        orderName: 'x',
      }),
    ).rejects.toMatchObject({
      code: 'INVALID_BILL_KEY_REQUEST',
    });
  });
});

describe('charge(): one payment per orderId', () => {
  it('two charges for two orders → two DONE billing payments, recorded with their approval transaction', async () => {
    await shopWithHook();
    const customerKey = newCustomerKey();
    await register(customerKey);
    const a = newOrderId();
    const b = newOrderId();
    const first = await charge({
      customerKey,
      orderId: a,
      orderName: '정기구독 1월',
      amount: 9900,
    });
    const second = await charge({
      customerKey,
      orderId: b,
      orderName: '정기구독 2월',
      amount: 9900,
    });
    for (const [result, orderId] of [
      [first, a],
      [second, b],
    ] as const) {
      expect(result.replayed).toBe(false);
      expect(result.payment).toMatchObject({ orderId, status: 'DONE', type: 'BILLING', totalAmount: 9900 });
      const record = await shop.handler.ledger.getPaymentByOrderId(orderId);
      expect(record?.status).toBe('DONE');
      expect(
        (await shop.handler.ledger.listTransactions(record!.paymentKey)).map((t) => [t.kind, t.amount]),
      ).toEqual([['APPROVAL', 9900]]);
    }
    expect(first.payment.paymentKey).not.toBe(second.payment.paymentKey);
    const billingKey = await storedKey(customerKey);
    expect(JSON.stringify([first, second])).not.toContain(billingKey);
    const charges = shop.emulator.control.requests({ route: 'billingCharge' });
    expect(charges.map((r) => r.idempotencyKey)).toEqual([`billing-charge:${a}`, `billing-charge:${b}`]);
    expect(charges.every((r) => !JSON.stringify(r).includes('undefined'))).toBe(true);
  });

  it('the same orderId charged again, and 10 times at once → one gateway charge, one payment, the same answer', async () => {
    await shopWithHook();
    const customerKey = newCustomerKey();
    await register(customerKey);
    const orderId = newOrderId();
    const input = { customerKey, orderId, orderName: '정기구독', amount: 12000 };
    const results = await Promise.all(Array.from({ length: 10 }, () => charge(input)));
    const again = await charge(input);
    const keys = new Set([...results, again].map((r) => r.payment.paymentKey));
    expect(keys.size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(again.replayed).toBe(true);
    expect(shop.emulator.control.requests({ route: 'billingCharge' })).toHaveLength(1);
    expect(shop.emulator.control.payments().filter((p) => p.orderId === orderId)).toHaveLength(1);
  });

  it('the same orderId with another amount is refused as DUPLICATED_ORDER_ID without a gateway call', async () => {
    await shopWithHook();
    const customerKey = newCustomerKey();
    await register(customerKey);
    const orderId = newOrderId();
    await charge({ customerKey, orderId, orderName: '정기구독', amount: 12000 });
    // the shop's order now says 13000 (a price change): the order was charged already, at another amount
    shop.orders.get(orderId)!.amount = 13000;
    const error = await charge({ customerKey, orderId, orderName: '정기구독', amount: 13000 }).catch(
      (e: unknown) => e,
    );
    expect(isBillingError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'DUPLICATED_ORDER_ID', status: 400 });
    expect(shop.emulator.control.requests({ route: 'billingCharge' })).toHaveLength(1);
  });

  it('a lost answer (commit-then-drop) is settled by looking the order up: one payment, recorded', async () => {
    // no client retry: the lookup by orderId is what must settle it
    await shopWithHook({ gateway: { retry: false } });
    const customerKey = newCustomerKey();
    await register(customerKey);
    const billingKey = await storedKey(customerKey);
    const orderId = newOrderId();
    const charged: unknown[] = [];
    shop.handler.on('billing.charged', (event) => void charged.push(event));
    const gatewayEvents: { route: string }[] = [];
    shop.handler.on('gateway.request', (event) => void gatewayEvents.push(event));
    shop.handler.on('gateway.response', (event) => void gatewayEvents.push(event));
    shop.emulator.control.fault({ kind: 'drop', route: 'billingCharge' });
    const result = await charge({ customerKey, orderId, orderName: '정기구독', amount: 5000 });
    expect(result.payment).toMatchObject({ orderId, status: 'DONE', type: 'BILLING' });
    const charges = shop.emulator.control.requests({ route: 'billingCharge' });
    expect(charges).toHaveLength(1);
    expect(charges[0]!.dropped).toBe(true);
    expect(shop.emulator.control.requests({ route: 'getPaymentByOrderId' })).toHaveLength(1);
    expect(shop.emulator.control.payments().filter((p) => p.orderId === orderId)).toHaveLength(1);
    expect((await shop.handler.ledger.getPaymentByOrderId(orderId))?.paymentKey).toBe(
      result.payment.paymentKey,
    );
    // and a retry by the shop is answered from the ledger
    const again = await charge({ customerKey, orderId, orderName: '정기구독', amount: 5000 });
    expect(again).toMatchObject({ replayed: true, payment: { paymentKey: result.payment.paymentKey } });
    expect(JSON.stringify(shop.logs)).not.toContain(billingKey);
    expect(charged).toEqual([
      {
        customerKey,
        orderId,
        paymentKey: result.payment.paymentKey,
        amount: 5000,
        status: 'DONE',
        replayed: false,
        settledByLookup: true,
        durationMs: expect.any(Number),
      },
      {
        customerKey,
        orderId,
        paymentKey: result.payment.paymentKey,
        amount: 5000,
        status: 'DONE',
        replayed: true,
        settledByLookup: false,
        durationMs: expect.any(Number),
      },
    ]);
    expect(JSON.stringify(charged)).not.toContain(billingKey);
    // the gateway events name the charge by its route template, never by the billing key in its path
    expect(gatewayEvents.map((e) => e.route)).toContain('/v1/billing/{billingKey}');
    expect(JSON.stringify(gatewayEvents)).not.toContain(billingKey);
  });

  it('a lost answer with the client retrying: the idempotency key replays, still one payment', async () => {
    await shopWithHook();
    const customerKey = newCustomerKey();
    await register(customerKey);
    const billingKey = await storedKey(customerKey);
    const orderId = newOrderId();
    shop.emulator.control.fault({ kind: 'drop', route: 'billingCharge' });
    const result = await charge({ customerKey, orderId, orderName: '정기구독', amount: 5000 });
    expect(result.payment.status).toBe('DONE');
    expect(shop.emulator.control.payments().filter((p) => p.orderId === orderId)).toHaveLength(1);
    const retries = shop.events.filter((e) => e.name === 'gateway.retry');
    expect(retries.length).toBeGreaterThan(0);
    // the retry event names the route, never the billing key in it
    expect(JSON.stringify(retries)).not.toContain(billingKey);
    expect(retries[0]!.event).toMatchObject({ path: '/v1/billing/{billingKey}' });
  });

  it('a declined charge ends its claim in one ledger write: the failure and the release together', async () => {
    const { ledger, writes } = ledgerListingClaimWrites();
    await shopWithHook({ ledger });
    const customerKey = newCustomerKey();
    await register(customerKey);
    const orderId = newOrderId();
    await expect(
      charge({
        customerKey,
        orderId,
        orderName: '정기구독',
        amount: 7000,
        testCode: 'REJECT_CARD_COMPANY',
      }),
    ).rejects.toMatchObject({ code: 'REJECT_CARD_COMPANY' });
    expect(writes).toEqual(['failClaim']);
    expect(await ledger.getClaim(orderId)).toMatchObject({ state: 'released' });
    expect(await ledger.getOrderFailure(orderId)).toMatchObject({ code: 'REJECT_CARD_COMPANY' });
  });

  it('a declined charge (test code) releases the order: the same orderId can be charged again', async () => {
    await shopWithHook();
    const customerKey = newCustomerKey();
    await register(customerKey);
    const orderId = newOrderId();
    const input = { customerKey, orderId, orderName: '정기구독', amount: 7000 };
    const error = await charge({ ...input, testCode: 'REJECT_CARD_COMPANY' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'REJECT_CARD_COMPANY' });
    expect(await shop.handler.ledger.getOrderFailure(orderId)).toMatchObject({ code: 'REJECT_CARD_COMPANY' });
    const paid = await charge(input);
    expect(paid).toMatchObject({ replayed: false, payment: { status: 'DONE' } });
  });

  it('gateway billing errors come back typed, with Korean and English messages, without the billing key', async () => {
    await shopWithHook();
    const customerKey = newCustomerKey();
    await register(customerKey);
    const billingKey = await storedKey(customerKey);
    // the ledger holds this key under another customer: the gateway refuses the mismatch
    const other = newCustomerKey();
    await shop.handler.ledger.saveBillingKey({
      customerKey: other,
      billingKey,
      card: null,
      method: '카드',
      authenticatedAt: null,
      createdAt: Date.now(),
    });
    const error = await charge({
      customerKey: other,
      orderId: newOrderId(),
      orderName: '정기구독',
      amount: 3000,
    }).catch((e: unknown) => e);
    expect(isBillingError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'NOT_MATCHES_CUSTOMER_KEY', status: 400 });
    const ko = localizeError(error, 'ko');
    const en = localizeError(error, 'en');
    expect(ko.body.message).toMatch(/고객키/);
    expect(en.body.message).toMatch(/customer key/i);
    expect(JSON.stringify([ko, en, String(error), (error as Error).stack])).not.toContain(billingKey);
  });

  it('bad input is refused before the ledger or the gateway', async () => {
    await shopWithHook();
    await expect(
      charge({ customerKey: 'x', orderId: newOrderId(), orderName: 'a', amount: 1000 }),
    ).rejects.toMatchObject({ code: 'INVALID_CUSTOMER_KEY' });
    await expect(
      charge({ customerKey: newCustomerKey(), orderId: 'no', orderName: 'a', amount: 1000 }),
    ).rejects.toMatchObject({ code: 'INVALID_ORDER_ID' });
    await expect(
      charge({
        customerKey: newCustomerKey(),
        orderId: newOrderId(),
        orderName: 'a',
        amount: 10.5,
      }),
    ).rejects.toMatchObject({ code: 'INVALID_AMOUNT' });
    await expect(
      charge({
        customerKey: newCustomerKey(),
        orderId: newOrderId(),
        orderName: 'a',
        amount: 1000,
        taxFreeAmount: 2000,
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    expect(shop.emulator.control.requests()).toHaveLength(0);
  });
});

describe('POST {basePath}/billing/charge', () => {
  it('is for operators only, takes the amount from the shop order, and answers the public payment view', async () => {
    await shopWithHook({ jwt: { secret: CONFORMANCE_JWT_SECRET } });
    const customerKey = newCustomerKey();
    await register(customerKey);
    const billingKey = await storedKey(customerKey);
    const orderId = newOrderId();
    shop.orders.set(orderId, { amount: 19900, orderName: '프리미엄 구독' });
    const body = { customerKey, orderId, amount: 19900 };
    expect((await shop.post('/payments/billing/charge', body)).status).toBe(401);
    expect(
      (
        await shop.post('/payments/billing/charge', body, {
          authorization: `Bearer ${await roleToken('customer')}`,
        })
      ).status,
    ).toBe(403);
    const admin = { authorization: `Bearer ${await roleToken('manager')}` };
    const tampered = await shop.post('/payments/billing/charge', { ...body, amount: 100 }, admin);
    expect(tampered.status).toBe(400);
    expect(await tampered.json()).toMatchObject({ code: 'AMOUNT_MISMATCH' });
    expect(shop.emulator.control.requests({ route: 'billingCharge' })).toHaveLength(0);

    const ok = await shop.post('/payments/billing/charge', body, admin);
    expect(ok.status).toBe(200);
    const text = await ok.text();
    expect(text).not.toContain(billingKey);
    expect(JSON.parse(text)).toMatchObject({
      orderId,
      orderName: '프리미엄 구독',
      status: 'DONE',
      totalAmount: 19900,
      replayed: false,
    });
    const again = await shop.post('/payments/billing/charge', body, admin);
    expect(await again.json()).toMatchObject({ orderId, replayed: true });
    expect(shop.emulator.control.requests({ route: 'billingCharge' })).toHaveLength(1);
  });
});

describe('delete', () => {
  it('deleteBillingKey removes the key at the gateway and in the ledger; a later charge is refused with BILLING_KEY_NOT_FOUND', async () => {
    await shopWithHook();
    const customerKey = newCustomerKey();
    await register(customerKey);
    expect(await shop.handler.deleteBillingKey(customerKey)).toEqual({ customerKey, deleted: true });
    expect(await shop.handler.ledger.getBillingKey(customerKey)).toBeNull();
    const error = await charge({
      customerKey,
      orderId: newOrderId(),
      orderName: '정기구독',
      amount: 9900,
    }).catch((e: unknown) => e);
    expect(isBillingError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'BILLING_KEY_NOT_FOUND', status: 404 });
    expect(localizeError(error, 'en').body.message).toMatch(/No billing key is registered/);
    expect(localizeError(error, 'ko').body.message).toMatch(/빌링키/);
    expect(shop.emulator.control.requests({ route: 'billingCharge' })).toHaveLength(0);
    await expect(shop.handler.deleteBillingKey(customerKey)).rejects.toMatchObject({
      code: 'BILLING_KEY_NOT_FOUND',
    });
  });

  it('a key deleted at the gateway directly is removed from the ledger by the BILLING_DELETED webhook', async () => {
    await shopWithHook();
    server = createServer((req, res) => {
      handleNodeRequest(shop.handler, req, res).catch(() => res.destroy());
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    shop.emulator.control.addWebhookEndpoint(
      `http://127.0.0.1:${(server.address() as AddressInfo).port}/payments/webhook`,
    );
    const customerKey = newCustomerKey();
    await register(customerKey);
    const billingKey = await storedKey(customerKey);
    // as if deleted from the dashboard: the ledger does not know yet
    await shop.handler.gateway.deleteBillingKey(billingKey);
    await shop.emulator.control.flushWebhooks();
    const delivery = shop.emulator.control.deliveries().find((d) => d.eventType === 'BILLING_DELETED');
    expect(delivery?.state).toBe('delivered');
    expect(await shop.handler.ledger.getBillingKey(customerKey)).toBeNull();
    // its dedupe record does not hold the key in clear
    expect(await shop.handler.ledger.markWebhookProcessed(`billing-deleted:${billingKey}`)).toBe(true);
    await expect(
      charge({ customerKey, orderId: newOrderId(), orderName: '정기구독', amount: 9900 }),
    ).rejects.toMatchObject({
      code: 'BILLING_KEY_NOT_FOUND',
    });
  });
});

describe('reconcile', () => {
  it('finishes a charge whose holder vanished after the gateway charged: recorded once, later charges replay', async () => {
    await shopWithHook({ claimLeaseMs: 50 });
    const customerKey = newCustomerKey();
    await register(customerKey);
    const billingKey = await storedKey(customerKey);
    const orderId = newOrderId();
    // the crashed instance: claim taken, gateway charged, nothing recorded
    await shop.handler.ledger.claimConfirm({
      orderId,
      paymentKey: `billing:${customerKey}`,
      amount: 4000,
      owner: 'crashed',
      leaseMs: 10,
    });
    await shop.handler.gateway.chargeBilling(billingKey, {
      amount: 4000,
      customerKey,
      orderId,
      orderName: '정기구독',
    });
    // the reconciler runs after the crashed holder's lease: its clock is moved, nobody waits
    const report = await shop.handler.reconcile({ now: Date.now() + 10_000, transactions: false });
    expect(report.claims.confirmed).toBe(1);
    expect((await shop.handler.ledger.getPaymentByOrderId(orderId))?.status).toBe('DONE');
    const again = await charge({ customerKey, orderId, orderName: '정기구독', amount: 4000 });
    expect(again.replayed).toBe(true);
    expect(shop.emulator.control.payments().filter((p) => p.orderId === orderId)).toHaveLength(1);
  });
});

describe('maskCardNumber', () => {
  it('keeps a gateway-masked number, masks one that arrives in clear', () => {
    expect(maskCardNumber('43300000****123*')).toBe('43300000****123*');
    expect(maskCardNumber('4330000012341234')).toBe('433000******123*');
    expect(maskCardNumber(null)).toBeNull();
  });
});

/** A memory ledger that lists the claim-ending writes made on it, in order. */
function ledgerListingClaimWrites() {
  const ledger = createMemoryLedger();
  const writes: string[] = [];
  for (const name of ['recordOrderFailure', 'releaseClaim', 'failClaim', 'settleClaim'] as const) {
    const original = ledger[name].bind(ledger) as (...args: unknown[]) => Promise<unknown>;
    (ledger as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      writes.push(name);
      return original(...args);
    };
  }
  return { ledger, writes };
}
