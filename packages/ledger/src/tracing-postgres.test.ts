/**
 * Tracing with the PostgreSQL ledger (OpenTelemetry SDK, in-memory exporter): the ledger's calls are spans of
 * the confirm that made them, named by the port's method, and a ledger outage shows by its stable code on the
 * ledger span and as a 503 on the request span. Only this test's path to the server is cut (a TCP proxy).
 */
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { createPaymentHandler, type ShopOrder } from '@tosskit/core';
import { createEmulator, type Emulator } from '@tosskit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTcpProxy, type TcpProxy } from '../../../test-support/tcp-proxy.js';
import { createLedger, type PersistentLedger } from './create-ledger.js';
import {
  createTestDatabase,
  freshPrefix,
  TEST_ENCRYPTION_KEY,
  type TestDatabase,
} from './testing/test-database.js';

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

let db: TestDatabase;
let emulator: Emulator;
let proxy: TcpProxy;
let ledger: PersistentLedger;

beforeAll(async () => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  [db, emulator] = await Promise.all([createTestDatabase('tracing'), createEmulator()]);
  proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(db.connectionString).port) });
  const url = new URL(db.connectionString);
  url.port = String(proxy.port);
  ledger = await createLedger({
    connectionString: url.toString(),
    tablePrefix: freshPrefix(),
    encryptionKey: TEST_ENCRYPTION_KEY,
    poolSize: 2,
    connectionTimeoutMs: 500,
    statementTimeoutMs: 500,
    queryTimeoutMs: 700,
  });
});
afterAll(async () => {
  proxy?.setMode('pass');
  await ledger?.close();
  await proxy?.close();
  await emulator?.close();
  await db?.drop();
  context.disable();
  await provider.shutdown();
});

describe('tracing with the PostgreSQL ledger', () => {
  it('ledger spans are children of the confirm; an outage is LEDGER_UNAVAILABLE on the span and 503 on the request', async () => {
    const orders = new Map<string, ShopOrder>();
    const handler = createPaymentHandler({
      secretKey: emulator.keys.secretKey,
      apiBaseUrl: emulator.url,
      orderLookup: (orderId) => orders.get(orderId) ?? null,
      ledger,
      tracing: { tracer: provider.getTracer('tosskit-ledger-test') },
      gateway: { retry: false },
      logger: { warn() {}, error() {} },
    });
    try {
      const confirm = async () => {
        const orderId = `trace-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
        orders.set(orderId, { amount: 5_000, orderName: '추적 주문', payable: true });
        const approved = await emulator.control.authorizePayment({
          orderId,
          amount: 5_000,
          orderName: '추적 주문',
        });
        return handler(
          new Request('http://shop.test/payments/confirm', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(approved),
          }),
        );
      };

      expect((await confirm()).status).toBe(200);
      const flow = exporter.getFinishedSpans().find((span) => span.name === 'tosskit.confirm')!;
      const ledgerSpans = exporter.getFinishedSpans().filter((span) => span.name.startsWith('ledger '));
      expect(ledgerSpans.map((span) => span.name)).toEqual(
        expect.arrayContaining(['ledger claimNewOrder', 'ledger settleClaimWithPayment']),
      );
      for (const span of ledgerSpans) {
        expect(span.parentSpanContext?.spanId).toBe(flow.spanContext().spanId);
        expect(span.attributes['db.system.name']).toBe('postgresql');
      }

      exporter.reset();
      proxy.setMode('reset');
      const outage = await confirm();
      expect(outage.status).toBe(503);
      const request = exporter.getFinishedSpans().find((span) => span.name === 'POST /payments/confirm')!;
      expect(request.attributes).toMatchObject({ 'http.response.status_code': 503, 'error.type': '503' });
      expect(request.status.code).toBe(2);
      const failedFlow = exporter.getFinishedSpans().find((span) => span.name === 'tosskit.confirm')!;
      expect(failedFlow.attributes['error.type']).toBe('LEDGER_UNAVAILABLE');
      const failedCalls = exporter
        .getFinishedSpans()
        .filter(
          (span) => span.name.startsWith('ledger ') && span.attributes['error.type'] === 'LEDGER_UNAVAILABLE',
        );
      expect(failedCalls.length).toBeGreaterThan(0);
      for (const span of failedCalls) {
        expect(span.parentSpanContext?.spanId).toBe(failedFlow.spanContext().spanId);
        expect(span.status.code).toBe(2);
      }
      // the confirm never reached the gateway without its claim
      expect(exporter.getFinishedSpans().some((span) => span.name === 'POST /v1/payments/confirm')).toBe(
        false,
      );
    } finally {
      proxy.setMode('pass');
      await handler.close();
    }
  });
});
