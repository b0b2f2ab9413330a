/**
 * Tracing through the handler with the OpenTelemetry SDK's in-memory exporter: a real tracer provider, the
 * AsyncLocalStorage context manager the Node SDK registers, a real emulator. The spans must nest (request →
 * flow → gateway attempt and ledger calls), follow OpenTelemetry's HTTP naming, and carry no secret.
 */
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPaymentHandler } from '../http/create-payment-handler.js';
import { createTestShop, newOrderId, type TestShop } from '../testing/handler-test-support.js';
import { gatewayUrlTemplate } from './traced-transport.js';

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const tracer = provider.getTracer('tosskit-test');
const contextManager = new AsyncLocalStorageContextManager();

let shop: TestShop;
beforeAll(() => {
  context.setGlobalContextManager(contextManager.enable());
});
afterAll(async () => {
  context.disable();
  await provider.shutdown();
});
beforeEach(async () => {
  shop = await createTestShop({ tracing: { tracer }, authorizeOperator: () => true });
  exporter.reset();
});
afterEach(async () => {
  await shop.close();
});

const spans = () => exporter.getFinishedSpans();
function one(name: string): ReadableSpan {
  const found = spans().filter((span) => span.name === name);
  expect(
    found.map((span) => span.name),
    `spans named ${name}`,
  ).toHaveLength(1);
  return found[0]!;
}
const nanos = ([seconds, ns]: [number, number]) => BigInt(seconds) * 1_000_000_000n + BigInt(ns);
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const childrenOf = (parent: ReadableSpan) =>
  spans().filter((span) => parentOf(span) === parent.spanContext().spanId);

/** Every attribute value of every span, for the "no secret" checks. */
const allAttributeText = () => JSON.stringify(spans().map((span) => [span.name, span.attributes]));

describe('tracing with `tracing: { tracer }`', () => {
  it('a confirm: request span → confirm flow → the gateway confirm and the ledger calls', async () => {
    const approved = await shop.approve(15_000);
    const response = await shop.post('/payments/confirm', approved);
    expect(response.status).toBe(200);

    const request = one('POST /payments/confirm');
    expect(request.kind).toBe(1); // SERVER
    expect(parentOf(request)).toBeUndefined();
    expect(request.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/payments/confirm',
      'url.path': '/payments/confirm',
      'url.scheme': 'http',
      'http.response.status_code': 200,
    });

    const confirm = one('tosskit.confirm');
    expect(parentOf(confirm)).toBe(request.spanContext().spanId);
    expect(confirm.attributes).toMatchObject({
      'tosskit.order_id': approved.orderId,
      'tosskit.payment_key': approved.paymentKey,
      'tosskit.payment.status': 'DONE',
      'tosskit.replayed': false,
    });

    const gateway = one('POST /v1/payments/confirm');
    expect(gateway.kind).toBe(2); // CLIENT
    expect(parentOf(gateway)).toBe(confirm.spanContext().spanId);
    expect(gateway.attributes).toMatchObject({
      'http.request.method': 'POST',
      'url.template': '/v1/payments/confirm',
      'server.address': '127.0.0.1',
      'http.response.status_code': 200,
    });
    expect(gateway.attributes['server.port']).toBe(Number(new URL(shop.emulator.url).port));

    const ledgerCalls = childrenOf(confirm).filter((span) => span.name.startsWith('ledger '));
    expect(ledgerCalls.map((span) => span.name)).toEqual(
      expect.arrayContaining(['ledger claimNewOrder', 'ledger settleClaimWithPayment']),
    );
    for (const span of ledgerCalls)
      expect(span.attributes['tosskit.ledger.operation']).toBe(span.name.slice(7));
    // one trace, and the confirm went out after the claim
    expect(new Set(spans().map((span) => span.spanContext().traceId)).size).toBe(1);
    const claim = ledgerCalls.find((span) => span.name === 'ledger claimNewOrder')!;
    expect(nanos(claim.endTime) <= nanos(gateway.startTime)).toBe(true);
    expect(allAttributeText()).not.toContain(shop.emulator.keys.secretKey);
  });

  it('a declined confirm marks the flow and the gateway attempt failed, by code only', async () => {
    const approved = await shop.approve(12_000);
    shop.emulator.control.fault({ kind: 'fail', route: 'confirm', code: 'REJECT_CARD_COMPANY', times: 1 });
    const response = await shop.post('/payments/confirm', approved);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);

    const confirm = one('tosskit.confirm');
    expect(confirm.status.code).toBe(2); // ERROR
    expect(confirm.attributes['error.type']).toBe('REJECT_CARD_COMPANY');
    const gateway = one('POST /v1/payments/confirm');
    expect(gateway.attributes['http.response.status_code']).toBeGreaterThanOrEqual(400);
    expect(gateway.attributes['error.type']).toBe(String(gateway.attributes['http.response.status_code']));
    // a 4xx answer of the handler is the buyer's problem, not the server's: the request span stays unset
    expect(one('POST /payments/confirm').status.code).toBe(0);
  });

  it('a request no route matches keeps the method as its name and has no http.route', async () => {
    const response = await shop.get('/payments/nowhere');
    expect(response.status).toBe(404);
    const [span] = spans();
    expect(span?.name).toBe('GET');
    expect(span?.attributes['http.response.status_code']).toBe(404);
    expect(span?.attributes['http.route']).toBeUndefined();
  });

  it('cancel, webhook and reconcile each get a flow span with their gateway and ledger calls as children', async () => {
    const approved = await shop.approve(20_000);
    await shop.post('/payments/confirm', approved);
    exporter.reset();

    await shop.handler.cancel(approved.paymentKey, { cancelReason: '고객 변심', cancelAmount: 5_000 });
    const cancel = one('tosskit.cancel');
    expect(parentOf(cancel)).toBeUndefined(); // a member call: no request around it
    expect(cancel.attributes).toMatchObject({
      'tosskit.payment_key': approved.paymentKey,
      'tosskit.order_id': approved.orderId,
      'tosskit.payment.status': 'PARTIAL_CANCELED',
      'tosskit.cancel.full': false,
    });
    expect(childrenOf(cancel).map((span) => span.name)).toEqual(
      expect.arrayContaining(['POST /v1/payments/{paymentKey}/cancel', 'ledger recordPayment']),
    );

    exporter.reset();
    const snapshot = shop.emulator.control.getPayment(approved.paymentKey);
    const delivered = await shop.post('/payments/webhook', {
      eventType: 'PAYMENT_STATUS_CHANGED',
      createdAt: '2026-12-04T10:00:00.000000',
      data: snapshot,
    });
    expect(delivered.status).toBe(200);
    const webhook = one('tosskit.webhook');
    expect(parentOf(webhook)).toBe(one('POST /payments/webhook').spanContext().spanId);
    expect(webhook.attributes).toMatchObject({
      'tosskit.webhook.kind': 'PAYMENT_STATUS_CHANGED',
      'tosskit.payment_key': approved.paymentKey,
    });
    expect(childrenOf(webhook).map((span) => span.name)).toContain('GET /v1/payments/{paymentKey}');

    exporter.reset();
    await shop.handler.reconcile({ transactions: false, cashReceipts: false });
    const reconcile = one('tosskit.reconcile');
    expect(reconcile.attributes).toMatchObject({
      'tosskit.reconcile.ran': true,
      'tosskit.reconcile.errors': 0,
    });
    expect(childrenOf(reconcile).map((span) => span.name)).toContain('ledger listAbandonedClaims');
  });

  it('a billing charge: the billing key and the customerKey never reach a span', async () => {
    const customerKey = `cus_trace_${Date.now().toString(36)}`;
    const { authKey } = await shop.emulator.control.authorizeBilling({ customerKey, cardCompany: '51' });
    const registered = await shop.get(
      `/payments/billing/success?customerKey=${customerKey}&authKey=${encodeURIComponent(authKey)}`,
      { accept: 'application/json' },
    );
    expect(registered.status).toBe(200);
    const billingKey = (await shop.handler.ledger.getBillingKey(customerKey))!.billingKey;
    exporter.reset();

    const orderId = newOrderId();
    shop.orders.set(orderId, { amount: 9_900, orderName: '정기구독', payable: true });
    const response = await shop.post('/payments/billing/charge', { customerKey, orderId, amount: 9_900 });
    expect(response.status).toBe(200);

    const charge = one('tosskit.billing.charge');
    expect(parentOf(charge)).toBe(one('POST /payments/billing/charge').spanContext().spanId);
    expect(charge.attributes).toMatchObject({
      'tosskit.order_id': orderId,
      'tosskit.payment.status': 'DONE',
    });
    const gateway = one('POST /v1/billing/{billingKey}');
    expect(parentOf(gateway)).toBe(charge.spanContext().spanId);
    const text = allAttributeText();
    expect(text).not.toContain(billingKey);
    expect(text).not.toContain(customerKey);
    expect(text).not.toContain(shop.emulator.keys.secretKey);
  });
});

describe('gateway paths as span templates', () => {
  it('replaces every id, and the billing key above all', () => {
    expect(gatewayUrlTemplate('/v1/payments/confirm')).toBe('/v1/payments/confirm');
    expect(gatewayUrlTemplate('/v1/payments/tgen_abc')).toBe('/v1/payments/{paymentKey}');
    expect(gatewayUrlTemplate('/v1/payments/tgen_abc/cancel')).toBe('/v1/payments/{paymentKey}/cancel');
    expect(gatewayUrlTemplate('/v1/payments/orders/ord-1')).toBe('/v1/payments/orders/{orderId}');
    expect(gatewayUrlTemplate('/v1/billing/authorizations/issue')).toBe('/v1/billing/authorizations/issue');
    expect(gatewayUrlTemplate('/v1/billing/bln_secret')).toBe('/v1/billing/{billingKey}');
    expect(gatewayUrlTemplate('/v1/cash-receipts/rk_1/cancel')).toBe('/v1/cash-receipts/{receiptKey}/cancel');
    expect(gatewayUrlTemplate('/v1/something-new/bln_secret/x')).toBe('/v1/something-new/{…}');
  });
});

describe('the tracing option', () => {
  it('needs no @opentelemetry package at run time: no source file of core imports one', () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const sources = (readdirSync(root, { recursive: true }) as string[]).filter(
      (file) => file.endsWith('.ts') && !file.endsWith('.test.ts'),
    );
    expect(sources.length).toBeGreaterThan(100);
    const importing = sources.filter((file) =>
      /^\s*(import|export)\b[^;]*from ['"]@opentelemetry\/|import\(\s*['"]@opentelemetry\//m.test(
        readFileSync(join(root, file), 'utf8'),
      ),
    );
    expect(importing).toEqual([]);
  });

  it('is refused without a tracer', () => {
    expect(() =>
      createPaymentHandler({
        secretKey: 'test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R',
        orderLookup: () => null,
        tracing: {} as never,
      }),
    ).toThrow(expect.objectContaining({ details: expect.objectContaining({ option: 'tracing' }) }));
  });
});
