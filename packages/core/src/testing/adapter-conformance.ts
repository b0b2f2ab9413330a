/**
 * The conformance suite every framework adapter runs: a real server on port 0, the real emulator, and the
 * same HTTP behaviour asserted for each. An adapter's test file is a few lines:
 *
 * @example
 * runAdapterConformance({
 *   name: 'Express 5',
 *   createServer({ payments, mountPath, bodyParser }) {
 *     const app = express();
 *     if (bodyParser) app.use(express.json(), express.urlencoded({ extended: false }));
 *     app.use(mountPath || '/', tossPayments(payments));
 *     app.use((req, res) => res.send(`shop:${req.originalUrl}`));
 *     return app;
 *   },
 * });
 */
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TossPaymentsOptions } from '../http/index.js';
import { signWebhook } from '../flows/webhook-signature.js';
import { PAYOUT_CHANGED_WEBHOOK } from './fixtures.js';
import { createCollectingLogger } from './collecting-logger.js';
import {
  closeServer,
  CONFORMANCE_SECURITY_KEY,
  createConformanceHarness,
  listenOnFreePort,
  HANGUL,
  loadEmulator,
  newOrderId,
  type AdapterConformanceOptions,
  type ConformanceHarness,
} from './adapter-harness.js';
import {
  cancelAndWebhookCases,
  hostileInputCases,
  paymentRouteCases,
  type MountedShop,
} from './adapter-conformance-cases.js';

export function runAdapterConformance(options: AdapterConformanceOptions): void {
  const configurations = options.configurations ?? [
    { mountPath: '', bodyParser: false },
    { mountPath: '', bodyParser: true },
    { mountPath: '/shop', bodyParser: false },
    { mountPath: '/shop', bodyParser: true },
  ];

  describe(`adapter conformance: ${options.name}`, () => {
    let harness: ConformanceHarness;
    const seenResponses: string[] = [];

    beforeAll(async () => {
      harness = createConformanceHarness(await (options.createEmulator ?? loadEmulator)());
    });
    afterAll(async () => {
      await harness?.emulator.close();
    });

    for (const { mountPath, bodyParser } of configurations) {
      describe(`mounted at '${mountPath || '/'}', ${bodyParser ? 'after' : 'without'} a body parser`, () => {
        let origin = '';
        let server: Server | undefined;
        const base = `${mountPath}/payments`;

        beforeAll(async () => {
          const listener = await options.createServer({ payments: harness.payments, mountPath, bodyParser });
          ({ url: origin, server } = await listenOnFreePort(listener));
        });
        afterAll(async () => {
          if (server) await closeServer(server);
        });

        /** fetch that never follows redirects and records every answer for the secret-key check */
        async function call(path: string, init: RequestInit = {}) {
          const response = await fetch(`${origin}${path}`, { redirect: 'manual', ...init });
          const text = await response.text();
          const headerText = [...response.headers].map(([k, v]) => `${k}: ${v}`).join('\n');
          seenResponses.push(`${headerText}\n\n${text}`);
          expect(text).not.toContain(harness.payments.secretKey);
          expect(headerText).not.toContain(harness.payments.secretKey);
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          return {
            status: response.status,
            headers: response.headers,
            text,
            json: json as Record<string, unknown>,
          };
        }

        async function authorized(amount = 15_000) {
          const orderId = newOrderId();
          harness.orders.set(orderId, { amount, orderName: '티셔츠 외 2건', payable: true });
          const { paymentKey } = await harness.emulator.control.authorizePayment({
            orderId,
            amount,
            orderName: '티셔츠 외 2건',
          });
          return { orderId, paymentKey, amount };
        }

        async function confirmed(amount = 15_000) {
          const payment = await authorized(amount);
          const res = await call(`${base}/confirm`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/json' },
            body: JSON.stringify(payment),
          });
          expect(res.status).toBe(200);
          return payment;
        }

        const confirmsAtGateway = () =>
          harness.emulator.control.requests({ method: 'POST', path: '/v1/payments/confirm' }).length;
        const shop: MountedShop = {
          get harness() {
            return harness;
          },
          get origin() {
            return origin;
          },
          base,
          mountPath,
          bodyParser,
          call,
          authorized,
          confirmed,
          confirmsAtGateway,
        };
        paymentRouteCases(shop);
        cancelAndWebhookCases(shop);
        hostileInputCases(shop);
      });
    }

    signedWebhookCases(options, () => harness);

    it('no response carried the secret key', () => {
      expect(seenResponses.length).toBeGreaterThan(0);
      for (const text of seenResponses) expect(text).not.toContain(harness.payments.secretKey);
    });
  });
}

/** Signed webhooks (payout.changed) behind each kind of body parser: verified once, or refused with the fix. */
function signedWebhookCases(options: AdapterConformanceOptions, getHarness: () => ConformanceHarness): void {
  describe('signed webhooks (payout.changed) and body parsers', () => {
    const variants = [
      { label: 'without a body parser', bodyParser: false, verified: true },
      {
        label: 'after a JSON parser that keeps the raw body',
        bodyParser: true,
        rawBody: 'keep' as const,
        verified: true,
      },
      {
        label: 'after a JSON parser that drops the raw body',
        bodyParser: true,
        rawBody: 'drop' as const,
        verified: false,
      },
    ];
    for (const variant of variants) {
      it(`${variant.label}: ${variant.verified ? 'verified and applied once' : '400 RAW_BODY_REQUIRED naming the fix, logged, no hook'}`, async () => {
        const logger = createCollectingLogger({ echoErrors: null });
        const payouts: string[] = [];
        const payments: TossPaymentsOptions = {
          ...getHarness().payments,
          logger,
          securityKey: CONFORMANCE_SECURITY_KEY,
          onPayoutChanged: (payout) => void payouts.push(payout.id),
        };
        const listener = await options.createServer({
          payments,
          mountPath: '',
          bodyParser: variant.bodyParser,
          ...(variant.rawBody === undefined ? {} : { rawBody: variant.rawBody }),
        });
        const { url, server } = await listenOnFreePort(listener);
        try {
          const event = { ...PAYOUT_CHANGED_WEBHOOK, eventId: `evt_${newOrderId('conf')}` };
          // the bytes as the gateway sends them need not be JSON.stringify's: a parser's re-encoding differs
          const rawBody = JSON.stringify(event, null, 2);
          const time = new Date().toISOString();
          const headers = {
            'content-type': 'application/json',
            'tosspayments-webhook-transmission-time': time,
            'tosspayments-webhook-signature': signWebhook(rawBody, time, CONFORMANCE_SECURITY_KEY),
          };
          const post = (extra: Record<string, string> = {}) =>
            fetch(`${url}/payments/webhook`, {
              method: 'POST',
              headers: { ...headers, ...extra },
              body: rawBody,
            });
          const first = await post();
          const body = (await first.json()) as Record<string, unknown>;
          if (variant.verified || options.readsBodyBeforeParsers === true) {
            expect(first.status).toBe(200);
            expect(body).toEqual({ ok: true, outcome: 'applied' });
            expect(payouts).toEqual([event.entityBody.id]);
            expect(logger.entries.filter((e) => e.level === 'error')).toEqual([]);
            return;
          }
          expect(first.status).toBe(400);
          expect(body.code).toBe('RAW_BODY_REQUIRED');
          expect(String(body.message)).toMatch(HANGUL);
          expect(String(body.message)).toContain('express.json()');
          const english = await post({ 'accept-language': 'en' });
          const englishBody = (await english.json()) as Record<string, unknown>;
          expect(english.status).toBe(400);
          expect(englishBody.code).toBe('RAW_BODY_REQUIRED');
          expect(String(englishBody.message)).toMatch(/mount tosskit before express\.json\(\)/);
          expect(String(englishBody.message)).toMatch(/Koa/);
          expect(String(englishBody.message)).toMatch(/rawBody/);
          expect(String(englishBody.message)).not.toMatch(/securityKey is the security key/);
          expect(payouts).toEqual([]);
          const errors = logger.entries.filter((e) => e.level === 'error');
          expect(errors).toHaveLength(2);
          expect(errors[0]!.fields).toMatchObject({ code: 'RAW_BODY_REQUIRED', kind: 'PAYOUT_CHANGED' });
          expect(errors[0]!.message).toMatch(/express\.json\(\).*Koa/);
          expect(JSON.stringify(logger.entries)).not.toContain(CONFORMANCE_SECURITY_KEY);
        } finally {
          await closeServer(server);
        }
      });
    }
  });
}
