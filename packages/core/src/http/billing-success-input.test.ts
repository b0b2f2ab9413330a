// GET {basePath}/billing/success with missing or malformed query parameters is bad input: a 4xx with a
// code, decided before the shop's authorizeBillingCustomer hook runs (a hook that looks the key up in
// the shop's own tables may throw on '' or on garbage, and that must not turn a bad request into a 500).
import { afterEach, describe, expect, it } from 'vitest';
import { createTestShop, type TestShop } from '../testing/handler-test-support.js';

let shop: TestShop | undefined;
afterEach(async () => {
  await shop?.close();
  shop = undefined;
});

/** A shop whose hook behaves like a real lookup: unknown customers throw, known ones are allowed. */
async function shopWithStrictLookup(): Promise<{ shop: TestShop; seen: string[] }> {
  const customers = new Map([['cus_known_1', { id: 1 }]]);
  const seen: string[] = [];
  shop = await createTestShop({
    authorizeBillingCustomer: (_request, customerKey) => {
      seen.push(customerKey);
      const customer = customers.get(customerKey);
      if (customer === undefined) throw new TypeError(`no customer row for "${customerKey}"`);
      return customer.id === 1;
    },
  });
  return { shop, seen };
}

describe('GET /billing/success: bad query is a 4xx before the shop hook', () => {
  it('no query string at all: 400 MISSING_PARAMETER (customerKey), hook not called, gateway not asked', async () => {
    const { shop, seen } = await shopWithStrictLookup();
    const response = await shop.get('/payments/billing/success', { accept: 'application/json' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      code: 'MISSING_PARAMETER',
      details: { parameter: 'customerKey' },
    });
    expect(seen).toEqual([]);
    expect(shop.emulator.control.requests({ route: 'billingIssue' })).toHaveLength(0);
    expect(shop.logs.filter((line) => line.startsWith('error'))).toEqual([]);
  });

  it('a page request (no Accept: json) without parameters gets the same 400, in English on request', async () => {
    const { shop, seen } = await shopWithStrictLookup();
    const response = await shop.get('/payments/billing/success', { 'accept-language': 'en' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { code: string; message: string };
    expect(body.code).toBe('MISSING_PARAMETER');
    expect(body.message).toMatch(/[A-Za-z]/);
    expect(seen).toEqual([]);
  });

  it('a malformed customerKey: 400 INVALID_CUSTOMER_KEY, hook not called', async () => {
    const { shop, seen } = await shopWithStrictLookup();
    const response = await shop.get('/payments/billing/success?customerKey=%20%3Cx%3E&authKey=abc', {
      accept: 'application/json',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'INVALID_CUSTOMER_KEY' });
    expect(seen).toEqual([]);
  });

  it('a customerKey without authKey: 400 MISSING_PARAMETER (authKey), hook not called', async () => {
    const { shop, seen } = await shopWithStrictLookup();
    const response = await shop.get('/payments/billing/success?customerKey=cus_unknown_2', {
      accept: 'application/json',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      code: 'MISSING_PARAMETER',
      details: { parameter: 'authKey' },
    });
    expect(seen).toEqual([]);
  });

  it('well-formed parameters still go through the hook first (a refused customer is 403, gateway not asked)', async () => {
    const customers = new Set(['cus_known_1']);
    const seen: string[] = [];
    shop = await createTestShop({
      authorizeBillingCustomer: (_request, customerKey) => {
        seen.push(customerKey);
        return customers.has(customerKey);
      },
    });
    const response = await shop.get('/payments/billing/success?customerKey=cus_other_3&authKey=auth_x', {
      accept: 'application/json',
    });
    expect(response.status).toBe(403);
    expect(seen).toEqual(['cus_other_3']);
    expect(shop.emulator.control.requests({ route: 'billingIssue' })).toHaveLength(0);
  });
});
