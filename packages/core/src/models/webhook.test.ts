import { describe, expect, it } from 'vitest';
import { ValidationError, isTosskitError, type TosskitError } from '../errors/index.js';
import {
  BILLING_DELETED_WEBHOOK,
  CANCEL_STATUS_CHANGED_WEBHOOK,
  DEPOSIT_CALLBACK_WEBHOOK,
  PAYMENT_STATUS_CHANGED_WEBHOOK,
  PAYOUT_CHANGED_WEBHOOK,
  SEED_004_DEPOSIT_CALLBACK,
  SEED_004_PAYMENT_STATUS_CHANGED,
  SELLER_CHANGED_WEBHOOK,
  makeDepositCallbackWebhook,
  makePaymentStatusChangedWebhook,
  makeWaitingVirtualAccountPayment,
} from '../testing/fixtures.js';
import { depositCallbackWebhookSchema, parseWebhookBody } from './index.js';

function rejection(body: unknown): TosskitError {
  try {
    parseWebhookBody(body);
  } catch (error) {
    if (isTosskitError(error)) return error;
    throw error;
  }
  throw new Error('expected the webhook body to be rejected');
}

const pathsOf = (error: TosskitError) => (error.details?.['issues'] as { path: string }[]).map((i) => i.path);

describe('parseWebhookBody', () => {
  it('recognises seed 004 PAYMENT_STATUS_CHANGED whose data is only paymentKey/status/orderId', () => {
    const parsed = parseWebhookBody(SEED_004_PAYMENT_STATUS_CHANGED);
    expect(parsed.kind).toBe('PAYMENT_STATUS_CHANGED');
    if (parsed.kind !== 'PAYMENT_STATUS_CHANGED') return;
    expect(parsed.body.data.orderId).toBe('GfOBATmOF5fePBzOgPupx');
    expect(parsed.body.data.status).toBe('DONE');
    // Not a whole Payment: the caller must re-fetch it.
    expect(parsed.payment).toBeNull();
  });

  it('recognises seed 004 deposit callback (flat, no eventType, no createdAt)', () => {
    const parsed = parseWebhookBody(SEED_004_DEPOSIT_CALLBACK);
    expect(parsed.kind).toBe('DEPOSIT_CALLBACK');
    if (parsed.kind !== 'DEPOSIT_CALLBACK') return;
    expect(parsed.body.secret).toBe('ps_ZORzdMaqN3weJkOmRgNr5AkYXQGw');
    expect(parsed.body.status).toBe('DONE');
  });

  it('gives the full Payment of a 2022-11-16 PAYMENT_STATUS_CHANGED', () => {
    const parsed = parseWebhookBody(PAYMENT_STATUS_CHANGED_WEBHOOK);
    expect(parsed.kind).toBe('PAYMENT_STATUS_CHANGED');
    if (parsed.kind !== 'PAYMENT_STATUS_CHANGED') return;
    expect(parsed.body.createdAt).toBe('2026-11-22T10:30:16.123456');
    expect(parsed.payment?.paymentKey).toBe(PAYMENT_STATUS_CHANGED_WEBHOOK.data.paymentKey);
    expect(parsed.payment?.card?.issuerCode).toBe('41');
  });

  it('parses the spec-shaped DEPOSIT_CALLBACK with createdAt and transactionKey, and its JSON text', () => {
    const parsed = parseWebhookBody(JSON.stringify(DEPOSIT_CALLBACK_WEBHOOK));
    expect(parsed.kind).toBe('DEPOSIT_CALLBACK');
    if (parsed.kind !== 'DEPOSIT_CALLBACK') return;
    expect(parsed.body.transactionKey).toBe(DEPOSIT_CALLBACK_WEBHOOK.transactionKey);
    expect(parsed.body.secret).toBe(makeWaitingVirtualAccountPayment().secret);
  });

  it('parses CANCEL_STATUS_CHANGED, BILLING_DELETED, payout.changed and seller.changed', () => {
    expect(parseWebhookBody(CANCEL_STATUS_CHANGED_WEBHOOK).kind).toBe('CANCEL_STATUS_CHANGED');
    const billing = parseWebhookBody(BILLING_DELETED_WEBHOOK);
    expect(billing.kind === 'BILLING_DELETED' && billing.body.data.reason).toBe('삭제 API 요청');
    const nullReason = parseWebhookBody({
      ...BILLING_DELETED_WEBHOOK,
      data: { billingKey: 'bk_1', reason: null },
    });
    expect(nullReason.kind).toBe('BILLING_DELETED');
    const payout = parseWebhookBody(PAYOUT_CHANGED_WEBHOOK);
    expect(payout.kind === 'PAYOUT_CHANGED' && payout.body.entityBody.status).toBe('COMPLETED');
    const seller = parseWebhookBody(SELLER_CHANGED_WEBHOOK);
    expect(seller.kind === 'SELLER_CHANGED' && seller.body.entityBody.status).toBe('APPROVED');
  });

  it('keeps unknown fields of the envelope and of the data', () => {
    const body = { ...makePaymentStatusChangedWebhook(), retryHint: 3 } as Record<string, unknown>;
    (body['data'] as Record<string, unknown>)['futureField'] = 'kept';
    const parsed = parseWebhookBody(body);
    if (parsed.kind !== 'PAYMENT_STATUS_CHANGED') throw new Error(parsed.kind);
    expect((parsed.body as Record<string, unknown>)['retryHint']).toBe(3);
    expect((parsed.body.data as Record<string, unknown>)['futureField']).toBe('kept');
    expect((parsed.payment as Record<string, unknown>)['futureField']).toBe('kept');
  });

  it('returns UNKNOWN for events it does not model, with the body untouched', () => {
    const body = {
      eventType: 'METHOD_UPDATED',
      createdAt: '2026-11-22T00:00:00.000000',
      data: { customerKey: 'c1', methodKey: 'm', status: 'ENABLED' },
    };
    const parsed = parseWebhookBody(body);
    expect(parsed).toEqual({ kind: 'UNKNOWN', body, eventType: 'METHOD_UPDATED' });
    expect(parseWebhookBody({ hello: 'world' })).toEqual({
      kind: 'UNKNOWN',
      body: { hello: 'world' },
      eventType: null,
    });
  });

  it('throws a 400 ValidationError INVALID_WEBHOOK_BODY with the path when a known event is malformed', () => {
    const missingStatus = makePaymentStatusChangedWebhook() as unknown as { data: Record<string, unknown> };
    delete missingStatus.data['status'];
    const error = rejection(missingStatus);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.status).toBe(400);
    expect(error.code).toBe('INVALID_WEBHOOK_BODY');
    expect(pathsOf(error)).toEqual(['data.status']);

    expect(pathsOf(rejection({ ...SEED_004_DEPOSIT_CALLBACK, status: 'PAID' }))).toEqual(['status']);
    expect(pathsOf(rejection({ status: 'DONE', orderId: 'order-1' }))).toEqual(['secret']);
    expect(pathsOf(rejection({ ...BILLING_DELETED_WEBHOOK, data: {} }))).toEqual(['data.billingKey']);
    expect(pathsOf(rejection({ ...PAYOUT_CHANGED_WEBHOOK, entityBody: { status: 'COMPLETED' } }))).toEqual([
      'entityBody.id',
    ]);
  });

  it('throws for a body that is not a JSON object', () => {
    for (const body of [null, 42, '[1]', 'not json', [{ eventType: 'PAYMENT_STATUS_CHANGED' }]]) {
      expect(rejection(body).code).toBe('INVALID_WEBHOOK_BODY');
    }
  });

  it('never leaks the body into the error message', () => {
    const error = rejection({ ...makeDepositCallbackWebhook(), status: 42 });
    expect(error.message).not.toContain('ps_');
    expect(JSON.stringify(error.toJSON())).not.toContain('ps_Ba5');
  });

  it('parses bodies built from the literal examples of spec §3/§8 (key styles, createdAt without offset)', () => {
    const payment = makeWaitingVirtualAccountPayment({
      paymentKey: 'tnhig20251121102047bvrO8',
      lastTransactionKey: '9A3F1C0B7E2D4A6B8C0D1E2F3A4B5C6D',
      secret: 'ps_eqRGgYO1r57E4Z541ZMW3QnN2Eya',
      receipt: {
        url: 'https://dashboard.tosspayments.com/receipt/redirection?transactionId=tnhig20251121102047bvrO8&ref=PX',
      },
      checkout: { url: 'https://api.tosspayments.com/v1/payments/tnhig20251121102047bvrO8/checkout' },
    });
    const parsed = parseWebhookBody({
      eventType: 'PAYMENT_STATUS_CHANGED',
      createdAt: '2022-01-01T00:00:00.000000',
      data: payment,
    });
    expect(parsed.kind === 'PAYMENT_STATUS_CHANGED' && parsed.payment?.secret).toBe(
      'ps_eqRGgYO1r57E4Z541ZMW3QnN2Eya',
    );
    const deposit = parseWebhookBody({
      createdAt: '2022-01-01T00:00:00.000000',
      secret: 'ps_eqRGgYO1r57E4Z541ZMW3QnN2Eya',
      status: 'DONE',
      transactionKey: 'txrd_a01jf3q4w5e6r7t8y9u0i1o2p3',
      orderId: payment.orderId,
    });
    expect(deposit.kind).toBe('DEPOSIT_CALLBACK');
  });

  it('depositCallbackWebhookSchema accepts every payment status the callback carries', () => {
    for (const status of ['WAITING_FOR_DEPOSIT', 'DONE', 'CANCELED', 'PARTIAL_CANCELED'] as const) {
      expect(depositCallbackWebhookSchema.parse({ ...DEPOSIT_CALLBACK_WEBHOOK, status }).status).toBe(status);
    }
  });
});
