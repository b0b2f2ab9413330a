/**
 * The gateway's endpoints (spec §2), one table entry each: method, path, body, the schema of the answer, and the
 * ids a retry report names. Grouped by area; `createGatewayClient` puts the groups together.
 */
import { z } from 'zod';
import {
  billingSchema,
  cardPromotionSchema,
  cashReceiptSchema,
  paymentSchema,
  promotionSchema,
  settlementSchema,
  transactionSchema,
} from '../models/index.js';
import type { GatewayCall } from './gateway-call.js';
import type { GatewayClient } from './gateway-types.js';

function segment(value: string): string {
  return encodeURIComponent(value);
}

const promotionListSchema = z.union([z.array(promotionSchema), promotionSchema.transform((p) => [p])]);
const cashReceiptListSchema = z.looseObject({
  hasNext: z.boolean(),
  lastCursor: z
    .number()
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  data: z.array(cashReceiptSchema),
});
const settlementResultSchema = z.looseObject({ result: z.boolean() });

type PaymentEndpoints = Pick<
  GatewayClient,
  | 'confirm'
  | 'confirmBrandpay'
  | 'getPayment'
  | 'getPaymentByOrderId'
  | 'cancel'
  | 'keyIn'
  | 'issueVirtualAccount'
>;

export function paymentEndpoints(call: GatewayCall): PaymentEndpoints {
  return {
    confirm(params, callOptions) {
      return call({
        method: 'POST',
        path: '/v1/payments/confirm',
        body: { paymentKey: params.paymentKey, orderId: params.orderId, amount: params.amount },
        parser: paymentSchema,
        options: callOptions,
        paymentKey: params.paymentKey,
        orderId: params.orderId,
      });
    },
    confirmBrandpay(params, callOptions) {
      return call({
        method: 'POST',
        path: '/v1/brandpay/payments/confirm',
        body: {
          paymentKey: params.paymentKey,
          orderId: params.orderId,
          amount: params.amount,
          customerKey: params.customerKey,
        },
        parser: paymentSchema,
        options: callOptions,
        paymentKey: params.paymentKey,
        orderId: params.orderId,
      });
    },
    getPayment(paymentKey, callOptions) {
      return call({
        method: 'GET',
        path: `/v1/payments/${segment(paymentKey)}`,
        route: '/v1/payments/{paymentKey}',
        parser: paymentSchema,
        options: callOptions,
        paymentKey,
      });
    },
    getPaymentByOrderId(orderId, callOptions) {
      return call({
        method: 'GET',
        path: `/v1/payments/orders/${segment(orderId)}`,
        route: '/v1/payments/orders/{orderId}',
        parser: paymentSchema,
        options: callOptions,
        orderId,
      });
    },
    cancel(paymentKey, params, callOptions) {
      return call({
        method: 'POST',
        path: `/v1/payments/${segment(paymentKey)}/cancel`,
        route: '/v1/payments/{paymentKey}/cancel',
        body: params,
        parser: paymentSchema,
        options: callOptions,
        paymentKey,
      });
    },
    keyIn(params, callOptions) {
      return call({
        method: 'POST',
        path: '/v1/payments/key-in',
        body: params,
        parser: paymentSchema,
        options: callOptions,
        orderId: params.orderId,
      });
    },
    issueVirtualAccount(params, callOptions) {
      return call({
        method: 'POST',
        path: '/v1/virtual-accounts',
        body: params,
        parser: paymentSchema,
        options: callOptions,
        orderId: params.orderId,
      });
    },
  };
}

type BillingEndpoints = Pick<
  GatewayClient,
  'issueBillingKey' | 'authorizeBillingCard' | 'chargeBilling' | 'deleteBillingKey'
>;

export function billingEndpoints(call: GatewayCall): BillingEndpoints {
  return {
    issueBillingKey(params, callOptions) {
      return call({
        method: 'POST',
        path: '/v1/billing/authorizations/issue',
        body: params,
        parser: billingSchema,
        options: callOptions,
      });
    },
    authorizeBillingCard(params, callOptions) {
      return call({
        method: 'POST',
        path: '/v1/billing/authorizations/card',
        body: params,
        parser: billingSchema,
        options: callOptions,
      });
    },
    chargeBilling(billingKey, params, callOptions) {
      return call({
        method: 'POST',
        path: `/v1/billing/${segment(billingKey)}`,
        logPath: '/v1/billing/{billingKey}',
        body: params,
        parser: paymentSchema,
        long: true,
        options: callOptions,
        orderId: params.orderId,
      });
    },
    deleteBillingKey(billingKey, callOptions) {
      return call({
        method: 'DELETE',
        path: `/v1/billing/${segment(billingKey)}`,
        logPath: '/v1/billing/{billingKey}',
        parser: null,
        options: callOptions,
      });
    },
  };
}

type ReportEndpoints = Pick<GatewayClient, 'listTransactions' | 'listSettlements' | 'requestSettlement'>;

export function reportEndpoints(call: GatewayCall): ReportEndpoints {
  return {
    listTransactions(params, callOptions) {
      return call({
        method: 'GET',
        path: '/v1/transactions',
        query: {
          startDate: params.startDate,
          endDate: params.endDate,
          startingAfter: params.startingAfter,
          limit: params.limit,
        },
        parser: z.array(transactionSchema),
        long: true,
        options: callOptions,
      });
    },
    listSettlements(params, callOptions) {
      return call({
        method: 'GET',
        path: '/v1/settlements',
        query: {
          startDate: params.startDate,
          endDate: params.endDate,
          dateType: params.dateType,
          page: params.page,
          size: params.size,
        },
        parser: z.array(settlementSchema),
        long: true,
        options: callOptions,
      });
    },
    requestSettlement(params, callOptions) {
      return call({
        method: 'POST',
        path: '/v1/settlements',
        body: { paymentKey: params.paymentKey },
        parser: settlementResultSchema,
        long: true,
        options: callOptions,
        paymentKey: params.paymentKey,
      });
    },
  };
}

type CashReceiptAndPromotionEndpoints = Pick<
  GatewayClient,
  'issueCashReceipt' | 'cancelCashReceipt' | 'listCashReceipts' | 'getPromotions' | 'getCardPromotions'
>;

export function cashReceiptAndPromotionEndpoints(call: GatewayCall): CashReceiptAndPromotionEndpoints {
  return {
    issueCashReceipt(params, callOptions) {
      return call({
        method: 'POST',
        path: '/v1/cash-receipts',
        body: params,
        parser: cashReceiptSchema,
        options: callOptions,
        orderId: params.orderId,
      });
    },
    cancelCashReceipt(receiptKey, params, callOptions) {
      return call({
        method: 'POST',
        path: `/v1/cash-receipts/${segment(receiptKey)}/cancel`,
        route: '/v1/cash-receipts/{receiptKey}/cancel',
        body: params ?? {},
        parser: cashReceiptSchema,
        options: callOptions,
      });
    },
    listCashReceipts(params, callOptions) {
      return call({
        method: 'GET',
        path: '/v1/cash-receipts',
        query: { requestDate: params.requestDate, cursor: params.cursor, limit: params.limit },
        parser: cashReceiptListSchema,
        long: true,
        options: callOptions,
      });
    },
    getPromotions(callOptions) {
      return call({
        method: 'GET',
        path: '/v1/promotions',
        parser: promotionListSchema,
        options: callOptions,
      });
    },
    getCardPromotions(callOptions) {
      return call({
        method: 'GET',
        path: '/v1/promotions/card',
        parser: cardPromotionSchema,
        options: callOptions,
      });
    },
  };
}
