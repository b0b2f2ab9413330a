// Core and the emulator each read the gateway's docs on their own (the emulator imports nothing of core). This test
// puts core's tables next to the emulator's answers: VAT and supplied amount, minimum amounts per method, and every
// error code the emulator can answer (its status and messages, and whether core's class fits what the emulator does
// with it). A disagreement fails and names both sides; decide from the docs which side is wrong.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '@tosskit/emulator';
// the list of codes the emulator answers: its own catalogue (test-only reach into the emulator's sources)
import { ERROR_CATALOG } from '../../emulator/src/gateway/error-catalog.js';
import { computeVat, minimumAmountFor, TRANSFER_MAX_AMOUNT, verifyMethodAmount } from './amount/index.js';
import { classifyGatewayCode, GATEWAY_ERRORS } from './errors/index.js';
import {
  billingSchema,
  cancelSchema,
  cashReceiptListSchema,
  cashReceiptSchema,
  paymentSchema,
  transactionListSchema,
} from './models/index.js';

let emu: Emulator;
let seq = 0;
const newOrderId = () => `xcheck-${Date.now().toString(36)}-${++seq}`;

async function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${emu.url}${path}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`${emu.keys.secretKey}:`).toString('base64')}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? null : JSON.parse(text) };
}

/** What the emulator answers for an amount with a method: the approval's outcome, as `ok` or the refusal's code. */
async function emulatorVerdict(method: string, amount: number): Promise<string> {
  try {
    await emu.control.authorizePayment({ orderId: newOrderId(), amount, method });
    return 'ok';
  } catch (error) {
    return String((error as { code?: unknown }).code);
  }
}

function coreVerdict(method: string, amount: number): string {
  try {
    verifyMethodAmount(method, amount, 'KRW');
    return 'ok';
  } catch (error) {
    return String((error as { code?: unknown }).code);
  }
}

beforeAll(async () => {
  emu = await createEmulator({ consecutiveRequestWindowMs: 0 });
});
afterAll(() => emu?.close());
beforeEach(() => emu.control.reset());

describe('VAT and supplied amount', () => {
  const amounts = [
    ...Array.from({ length: 60 }, (_, i) => 100 + i), // every remainder of the division by 11, several times
    1000,
    1001,
    1005,
    1006,
    9026,
    10_000,
    11_000,
    15_000,
    30_000,
    99_999,
    1_000_005,
    9_999_999,
    123_456_789,
  ];
  const taxFreeParts = (amount: number) => [
    0,
    1,
    5,
    6,
    Math.floor(amount / 2),
    Math.floor(amount / 3),
    amount - 1,
    amount,
  ];

  it('core computes what the emulator answers at confirm, over amounts and tax-free parts', async () => {
    const disagreements: string[] = [];
    let compared = 0;
    for (const amount of amounts) {
      for (const taxFreeAmount of taxFreeParts(amount)) {
        const orderId = newOrderId();
        const { paymentKey } = await emu.control.authorizePayment({ orderId, amount, taxFreeAmount });
        const res = await call('POST', '/v1/payments/confirm', { paymentKey, orderId, amount });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        const core = computeVat(amount, taxFreeAmount);
        const answered = { vat: res.body.vat, suppliedAmount: res.body.suppliedAmount };
        compared++;
        if (answered.vat !== core.vat || answered.suppliedAmount !== core.suppliedAmount)
          disagreements.push(
            `${amount} with ${taxFreeAmount} tax-free: core vat ${core.vat} / supplied ${core.suppliedAmount}, ` +
              `emulator vat ${answered.vat} / supplied ${answered.suppliedAmount}`,
          );
      }
    }
    expect(compared).toBe(amounts.length * 8);
    expect(disagreements).toEqual([]);
  });

  it('agrees after partial cancels', async () => {
    const disagreements: string[] = [];
    for (const [amount, taxFree] of [
      [15_000, 0],
      [11_000, 10_000],
      [9026, 3000],
    ] as const) {
      const orderId = newOrderId();
      const { paymentKey } = await emu.control.authorizePayment({ orderId, amount, taxFreeAmount: taxFree });
      await call('POST', '/v1/payments/confirm', { paymentKey, orderId, amount });
      let balance = amount;
      let taxFreeLeft = taxFree;
      for (const cancelAmount of [1234, 2345]) {
        // the cancel's taxable part stays within what is left taxable (the docs do not say what happens otherwise)
        const cancelTaxFree = Math.max(0, cancelAmount - (balance - taxFreeLeft));
        const res = await call('POST', `/v1/payments/${paymentKey}/cancel`, {
          cancelReason: 'cross-check',
          cancelAmount,
          taxFreeAmount: cancelTaxFree,
        });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        balance -= cancelAmount;
        taxFreeLeft -= cancelTaxFree;
        expect([res.body.balanceAmount, res.body.taxFreeAmount]).toEqual([balance, taxFreeLeft]);
        const core = computeVat(balance, taxFreeLeft);
        if (res.body.vat !== core.vat || res.body.suppliedAmount !== core.suppliedAmount)
          disagreements.push(
            `${amount} less ${amount - balance} (${taxFreeLeft} tax-free left): core ${core.vat} / ` +
              `${core.suppliedAmount}, emulator ${res.body.vat} / ${res.body.suppliedAmount}`,
          );
      }
    }
    expect(disagreements).toEqual([]);
  });
});

describe('minimum amounts per method', () => {
  const methods = [
    'CARD',
    'VIRTUAL_ACCOUNT',
    'TRANSFER',
    'MOBILE_PHONE',
    'CULTURE_GIFT_CERTIFICATE',
    'BOOK_GIFT_CERTIFICATE',
    'GAME_GIFT_CERTIFICATE',
  ];

  it("the emulator's smallest accepted amount is core's minimum, and both refuse below it alike", async () => {
    const disagreements: string[] = [];
    for (const method of methods) {
      let emulatorMinimum: number | null = null;
      for (let amount = 1; amount <= 1000 && emulatorMinimum === null; amount++)
        if ((await emulatorVerdict(method, amount)) === 'ok') emulatorMinimum = amount;
      const coreMinimum = minimumAmountFor(method);
      if (emulatorMinimum !== coreMinimum)
        disagreements.push(
          `${method}: core minimum ${coreMinimum}, emulator accepts from ${emulatorMinimum}`,
        );
      for (const amount of [0, coreMinimum - 1, coreMinimum]) {
        const [core, emulator] = [coreVerdict(method, amount), await emulatorVerdict(method, amount)];
        // core reads a zero as INVALID_AMOUNT before it reaches the gateway; the gateway answers BELOW_ZERO_AMOUNT
        const coreAsGateway = amount <= 0 && core === 'INVALID_AMOUNT' ? 'BELOW_ZERO_AMOUNT' : core;
        if (coreAsGateway !== emulator)
          disagreements.push(`${method} ${amount}: core ${core}, emulator ${emulator}`);
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('the virtual-account API and the transfer ceiling agree too', async () => {
    const vaMinimum = minimumAmountFor('VIRTUAL_ACCOUNT');
    const issue = (amount: number) =>
      call('POST', '/v1/virtual-accounts', {
        amount,
        orderId: newOrderId(),
        orderName: '교차 확인',
        customerName: '박토스',
        bank: '20',
      });
    expect((await issue(vaMinimum)).status).toBe(200);
    if (vaMinimum > 1) expect((await issue(vaMinimum - 1)).body.code).toBe('BELOW_MINIMUM_AMOUNT');
    expect([
      coreVerdict('TRANSFER', TRANSFER_MAX_AMOUNT),
      await emulatorVerdict('TRANSFER', TRANSFER_MAX_AMOUNT),
    ]).toEqual(['ok', 'ok']);
    expect([
      coreVerdict('TRANSFER', TRANSFER_MAX_AMOUNT + 1),
      await emulatorVerdict('TRANSFER', TRANSFER_MAX_AMOUNT + 1),
    ]).toEqual(['EXCEEDS_TRANSFER_AMOUNT_MAXIMUM', 'EXCEEDS_TRANSFER_AMOUNT_MAXIMUM']);
  });
});

describe('every error code the emulator answers', () => {
  const codes = Object.keys(ERROR_CATALOG);

  it('has core catalogue the same status and messages the emulator answers with', async () => {
    expect(codes.length).toBeGreaterThan(100);
    const disagreements: string[] = [];
    for (const code of codes) {
      const ko = await call('GET', '/v1/payments/cross-check', undefined, { 'TossPayments-Test-Code': code });
      const en = await call('GET', '/v1/payments/cross-check', undefined, {
        'TossPayments-Test-Code': code,
        'accept-language': 'en',
      });
      expect(ko.body.code).toBe(code);
      const entry = GATEWAY_ERRORS[code];
      if (entry === undefined) {
        disagreements.push(`${code}: emulator answers ${ko.status}, core has no entry`);
        continue;
      }
      if (entry.status !== ko.status)
        disagreements.push(`${code}: core status ${entry.status}, emulator ${ko.status}`);
      if (entry.ko !== ko.body.message)
        disagreements.push(`${code}: core "${entry.ko}", emulator "${ko.body.message}"`);
      if (entry.en !== en.body.message)
        disagreements.push(`${code}: core "${entry.en}", emulator "${en.body.message}"`);
    }
    expect(disagreements).toEqual([]);
  });

  it('classifies each code sensibly for what the emulator does with it at confirm', async () => {
    const disagreements: string[] = [];
    for (const code of codes) {
      const orderId = newOrderId();
      const { paymentKey } = await emu.control.authorizePayment({ orderId, amount: 10_000 });
      emu.control.fault({ kind: 'fail', route: 'confirm', code });
      const res = await call('POST', '/v1/payments/confirm', { paymentKey, orderId, amount: 10_000 });
      expect(res.body.code).toBe(code);
      const after = emu.control.getPayment(paymentKey)!.status;
      const errorClass = classifyGatewayCode(code, res.status);
      const sides = `core class ${errorClass}, emulator ${res.status} and the payment ${after}`;
      // a session the refusal ended cannot be confirmed again: core must call it a decline, and only that
      if ((after === 'ABORTED') !== (errorClass === 'decline')) disagreements.push(`${code}: ${sides}`);
      // the session still open: a retry is the documented answer to a 5xx, a 409 or a 429
      if ((res.status >= 500 || res.status === 409 || res.status === 429) && errorClass !== 'transient')
        disagreements.push(`${code}: ${sides} (a retryable status)`);
      if (res.status === 401 && errorClass !== 'config')
        disagreements.push(`${code}: ${sides} (a key problem)`);
    }
    expect(disagreements).toEqual([]);
  });
});

describe("core's schemas read the objects the emulator answers", () => {
  it('payments of every method, cancels, transactions, billing and cash receipts', async () => {
    for (const method of [
      'CARD',
      'TRANSFER',
      'MOBILE_PHONE',
      'CULTURE_GIFT_CERTIFICATE',
      'VIRTUAL_ACCOUNT',
    ]) {
      const orderId = newOrderId();
      const { paymentKey } = await emu.control.authorizePayment({ orderId, amount: 15_000, method });
      const res = await call('POST', '/v1/payments/confirm', { paymentKey, orderId, amount: 15_000 });
      expect(paymentSchema.parse(res.body).paymentKey).toBe(paymentKey);
    }
    const done = paymentSchema.parse(emu.control.payments().find((p) => p.method === '카드'));
    const canceled = await call('POST', `/v1/payments/${done.paymentKey}/cancel`, {
      cancelReason: '부분 취소',
      cancelAmount: 5000,
    });
    expect(cancelSchema.parse(paymentSchema.parse(canceled.body).cancels![0]).cancelAmount).toBe(5000);
    expect(transactionListSchema.parse(emu.control.transactions()).length).toBeGreaterThan(5);

    const { authKey } = await emu.control.authorizeBilling({ customerKey: 'cust_xcheck' });
    const issued = await call('POST', '/v1/billing/authorizations/issue', {
      authKey,
      customerKey: 'cust_xcheck',
    });
    expect(billingSchema.parse(issued.body).customerKey).toBe('cust_xcheck');

    const receipt = await call('POST', '/v1/cash-receipts', {
      amount: 10_000,
      orderId: newOrderId(),
      orderName: '교차 확인',
      customerIdentityNumber: '01012345678',
      type: '소득공제',
    });
    expect(cashReceiptSchema.parse(receipt.body).transactionType).toBe('CONFIRM');
    const day = new Date(emu.control.now() + 9 * 3_600_000).toISOString().slice(0, 10);
    expect(
      cashReceiptListSchema.parse((await call('GET', `/v1/cash-receipts?requestDate=${day}`)).body).data,
    ).toHaveLength(1);
  });
});
