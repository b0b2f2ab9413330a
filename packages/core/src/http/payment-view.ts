/**
 * `GET {basePath}/payments/:paymentKey`: who may look at a payment, and what each one sees.
 *
 * A paymentKey is not a secret (it is in the success URL, the browser history, Referer headers), so holding
 * one proves nothing. The route answers
 * - an operator (whoever the cancel authorisation admits: `authorizeCancel(request, payment)` or a `jwt` with
 *   one of its roles) with the operator view;
 * - the buyer of the payment's order (the shop's `identifyBuyer(request)` names a customerKey, and
 *   `orderLookup(orderId).customerKey` is the same) with the buyer view: what a result page needs;
 * - everyone else with the same `404 PAYMENT_NOT_FOUND` as a payment that does not exist, so the route tells a
 *   stranger nothing, not even that the key is real.
 * Neither view ever holds the virtual account's `secret`, card numbers or the buyer's contact data.
 */
import { constantTimeEqual, utf8 } from '../platform/bytes.js';
import { sha256 } from '../platform/sha256.js';
import { flowError, type FlowLogger, type OrderLookup } from '../flows/index.js';
import type { Ledger } from '../ledger/index.js';
import type { Payment } from '../models/index.js';
import { admitsOperator, type OperatorAuthorizer } from './authorize-operator.js';
import { jsonAnswer } from './http-io.js';
import type { BuyerIdentity, IdentifyBuyer } from './options.js';
import type { Answer } from './answer.js';
import { asWebRequest, type IncomingRequest } from './incoming-request.js';

/**
 * What the buyer's result page needs: the order, the amounts, the status and method, the receipt, and while a
 * virtual account waits for the deposit the account to pay into (number, bank, due date). Not the account
 * holder's name, not cancel reasons (an operator's text), nothing the buyer did not already know or must see.
 */
export function buyerPaymentView(payment: Payment): Record<string, unknown> {
  const va = payment.virtualAccount;
  const toPay = payment.status === 'WAITING_FOR_DEPOSIT' && va !== null && va !== undefined;
  return {
    paymentKey: payment.paymentKey,
    orderId: payment.orderId,
    orderName: payment.orderName ?? null,
    status: payment.status,
    method: payment.method ?? null,
    totalAmount: payment.totalAmount ?? null,
    balanceAmount: payment.balanceAmount ?? null,
    approvedAt: payment.approvedAt ?? null,
    virtualAccount: toPay
      ? {
          accountNumber: va.accountNumber ?? null,
          bankCode: va.bankCode ?? null,
          dueDate: va.dueDate ?? null,
        }
      : null,
    receiptUrl: payment.receipt?.url ?? null,
  };
}

/**
 * What an operator's page needs besides: when it was requested, the virtual account with its holder, depositor
 * and refund state, and every cancel with its reason. Still never the virtual account's `secret`.
 */
export function operatorPaymentView(payment: Payment): Record<string, unknown> {
  const va = payment.virtualAccount;
  const cancels = Array.isArray(payment.cancels) ? payment.cancels : [];
  return {
    ...buyerPaymentView(payment),
    requestedAt: payment.requestedAt ?? null,
    virtualAccount:
      va === null || va === undefined
        ? null
        : {
            accountNumber: va.accountNumber ?? null,
            bankCode: va.bankCode ?? null,
            bank: va.bank ?? null,
            holderName: va.customerName ?? null,
            depositorName: va.depositorName ?? null,
            dueDate: va.dueDate ?? null,
            expired: va.expired ?? null,
            refundStatus: va.refundStatus ?? null,
          },
    cancels: cancels.map((c) => ({
      cancelAmount: c.cancelAmount,
      cancelReason: c.cancelReason,
      canceledAt: c.canceledAt ?? null,
      transactionKey: c.transactionKey ?? null,
    })),
  };
}

export interface PaymentViewDeps {
  ledger: Ledger;
  orderLookup: OrderLookup;
  identifyBuyer: IdentifyBuyer | undefined;
  /** the guard of operator actions: whoever it admits is an operator */
  authorizeOperator: OperatorAuthorizer;
  logger: FlowLogger;
}

/** The route's answer for `paymentKey`: the operator view, the buyer view, or PAYMENT_NOT_FOUND (thrown). */
export function createPaymentViewAnswer(
  deps: PaymentViewDeps,
): (request: IncomingRequest, paymentKey: string) => Promise<Answer> {
  let warnedNoCustomerKey = false;

  async function buyerOf(request: IncomingRequest): Promise<BuyerIdentity | null> {
    if (deps.identifyBuyer === undefined) return null;
    const identity: unknown = await deps.identifyBuyer(asWebRequest(request));
    if (typeof identity !== 'object' || identity === null) return null;
    const customerKey = (identity as { customerKey?: unknown }).customerKey;
    return typeof customerKey === 'string' && customerKey !== '' ? { customerKey } : null;
  }

  async function isBuyerOf(buyer: BuyerIdentity, payment: Payment): Promise<boolean> {
    const order = await deps.orderLookup(payment.orderId);
    if (order === null || order === undefined) return false;
    if (typeof order.customerKey !== 'string' || order.customerKey === '') {
      if (!warnedNoCustomerKey) {
        warnedNoCustomerKey = true;
        deps.logger.warn(
          'payment view: orderLookup returned no customerKey, so no buyer can be matched to the order and only operators see its payment. Fix: return the order buyer’s customerKey from orderLookup.',
          { orderId: payment.orderId },
        );
      }
      return false;
    }
    return sameKey(order.customerKey, buyer.customerKey);
  }

  return async (request, paymentKey) => {
    // who is asking is settled before the ledger is read: the work done does not depend on the key's existence
    const buyer = await buyerOf(request);
    const record = await deps.ledger.getPayment(paymentKey);
    if (record === null) throw flowError('PAYMENT_NOT_FOUND');
    if (await admitsOperator(deps.authorizeOperator, request, record.payment)) {
      return jsonAnswer(200, operatorPaymentView(record.payment));
    }
    if (buyer !== null && (await isBuyerOf(buyer, record.payment))) {
      return jsonAnswer(200, buyerPaymentView(record.payment));
    }
    // the same answer as a payment that does not exist
    throw flowError('PAYMENT_NOT_FOUND');
  };
}

/** Constant-time equality of two customerKeys (a shop may use it as its buyer's session id). */
function sameKey(a: string, b: string): boolean {
  return constantTimeEqual(sha256(utf8(a)), sha256(utf8(b)));
}

/**
 * What a payment looks like in the confirm, cancel and charge answers of operator routes: never the secret,
 * never customer data. `GET {basePath}/payments/:paymentKey` answers `buyerPaymentView` or `operatorPaymentView`.
 */
export function publicPaymentView(payment: Payment): Record<string, unknown> {
  const va = payment.virtualAccount;
  const cancels = Array.isArray(payment.cancels) ? payment.cancels : [];
  return {
    paymentKey: payment.paymentKey,
    orderId: payment.orderId,
    orderName: payment.orderName ?? null,
    status: payment.status,
    method: payment.method ?? null,
    totalAmount: payment.totalAmount ?? null,
    balanceAmount: payment.balanceAmount ?? null,
    approvedAt: payment.approvedAt ?? null,
    virtualAccount:
      va === null || va === undefined
        ? null
        : {
            accountNumber: va.accountNumber ?? null,
            bankCode: va.bankCode ?? null,
            dueDate: va.dueDate ?? null,
          },
    cancels: cancels.map((c) => ({
      cancelAmount: c.cancelAmount,
      cancelReason: c.cancelReason,
      canceledAt: c.canceledAt ?? null,
      transactionKey: c.transactionKey ?? null,
    })),
    receiptUrl: payment.receipt?.url ?? null,
  };
}
