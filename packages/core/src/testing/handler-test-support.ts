/**
 * Shared set-up of the handler's integration tests: a real emulator on port 0, a tiny shop with
 * its own order table, and helpers to call the handler with web Requests. Test-only; not exported.
 */
import { createServer } from 'node:http';
import { createEmulator, type Emulator } from '@tosskit/emulator';
import type { PaymentEventMap, PaymentEventName, ShopOrder } from '../flows/index.js';
import type { Payment } from '../models/index.js';
import { createCollectingLogger, type CollectingLogger } from './collecting-logger.js';
import { handleNodeRequest } from '../node/index.js';
import { createPaymentHandler, type PaymentHandler } from '../http/create-payment-handler.js';
import type { TossPaymentsOptions } from '../http/options.js';

export const SHOP = 'http://shop.test';

export interface TestShop {
  emulator: Emulator;
  handler: PaymentHandler;
  orders: Map<string, ShopOrder>;
  events: { name: PaymentEventName; event: unknown }[];
  /** the handler's logger (unless the test passed its own) */
  logger: CollectingLogger;
  /** what `logger` collected, as `level message {fields}` lines */
  readonly logs: string[];
  /** order ids the shop's onPaymentConfirmed saw */
  confirmed: Payment[];
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  /** a payment the buyer approved in the window: IN_PROGRESS at the emulator, order known to the shop */
  approve(
    amount: number,
    extra?: Record<string, unknown>,
  ): Promise<{ paymentKey: string; orderId: string; amount: number }>;
  close(): Promise<void>;
}

let counter = 0;
export function newOrderId(): string {
  counter += 1;
  return `ord-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

export async function createTestShop(
  options: Partial<TossPaymentsOptions> = {},
  emulatorOptions: Parameters<typeof createEmulator>[0] = {},
): Promise<TestShop> {
  const emulator = await createEmulator(emulatorOptions);
  const orders = new Map<string, ShopOrder>();
  const events: { name: PaymentEventName; event: unknown }[] = [];
  const confirmed: Payment[] = [];
  // warnings kept for assertions, not printed; errors are printed too (a real failure must show)
  const logger = createCollectingLogger();
  const handler = createPaymentHandler({
    secretKey: emulator.keys.secretKey,
    clientKey: emulator.keys.clientKey,
    apiBaseUrl: emulator.url,
    orderLookup: (orderId) => orders.get(orderId) ?? null,
    onPaymentConfirmed: (payment) => {
      confirmed.push(payment);
      const order = orders.get(payment.orderId);
      if (order !== undefined) order.payable = false;
    },
    logger,
    ...options,
  });
  const names: PaymentEventName[] = [
    'confirm.started',
    'confirm.settled',
    'confirm.compensated',
    'confirm.pending',
    'payment.unknown_order',
    'cancel.applied',
    'webhook.applied',
    'webhook.ignored',
    'webhook.rejected',
    'gateway.retry',
    'hook.failed',
  ];
  for (const name of names)
    handler.on(name, (event: PaymentEventMap[typeof name]) => events.push({ name, event }));

  return {
    emulator,
    handler,
    orders,
    events,
    logger,
    get logs() {
      return logger.lines();
    },
    confirmed,
    get: (path, headers = {}) => handler(new Request(`${SHOP}${path}`, { headers })),
    post: (path, body, headers = {}) =>
      handler(
        new Request(`${SHOP}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        }),
      ),
    async approve(amount, extra = {}) {
      const orderId = newOrderId();
      orders.set(orderId, { amount, orderName: '테스트 주문', payable: true });
      return emulator.control.authorizePayment({ orderId, amount, orderName: '테스트 주문', ...extra });
    },
    async close() {
      await handler.close();
      await emulator.close();
    },
  };
}

/**
 * Serves the shop's handler over real HTTP through the Node bridge and registers its webhook route with the
 * emulator, so the emulator's own deliveries reach it. Returns the function that stops the server.
 */
export async function serveWebhooks(shop: TestShop): Promise<() => Promise<void>> {
  const server = createServer((req, res) => {
    handleNodeRequest(shop.handler, req, res).catch(() => {
      res.statusCode = 500;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  shop.emulator.control.addWebhookEndpoint(`http://127.0.0.1:${address.port}/payments/webhook`);
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
