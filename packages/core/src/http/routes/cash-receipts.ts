/**
 * The cash-receipt routes: operator acts, guarded like a cancel (shop admin pages call them with the role
 * token). Each parses its input and calls flows/cash-receipt-flow.
 */
import { cancelCashReceipt, issueCashReceipt, listCashReceipts, verifyId } from '../../flows/index.js';
import type { HandlerWiring } from '../handler-flow-context.js';
import { jsonAnswer, readJsonBody } from '../http-io.js';
import type { Route } from '../router.js';
import { fieldsOf } from './payments.js';

export function cashReceiptRoutes(wiring: HandlerWiring): Route[] {
  const { authorizeOperator, verified } = wiring;
  return [
    {
      method: 'GET',
      path: '/cash-receipts',
      async handle(route) {
        await authorizeOperator(route.request, null);
        const orderId = route.url.searchParams.get('orderId');
        const receipts = await listCashReceipts(route.context, orderId === null ? {} : { orderId });
        return jsonAnswer(200, { receipts });
      },
    },
    {
      method: 'POST',
      path: '/cash-receipts',
      async handle(route) {
        await authorizeOperator(route.request, null);
        const input = fieldsOf(await readJsonBody(route.request, verified.bodyLimit));
        const receipt = await issueCashReceipt(route.context, {
          orderId: input['orderId'],
          paymentKey: input['paymentKey'],
          type: input['type'],
          customerIdentityNumber: input['customerIdentityNumber'],
          amount: input['amount'],
          taxFreeAmount: input['taxFreeAmount'],
        });
        return jsonAnswer(200, receipt);
      },
    },
    {
      method: 'POST',
      path: '/cash-receipts/:receiptKey/cancel',
      async handle(route) {
        await authorizeOperator(route.request, null);
        const body =
          route.request.headers.get('content-length') === '0'
            ? {}
            : await readJsonBody(route.request, verified.bodyLimit);
        const receiptKey = verifyId('receiptKey', route.params['receiptKey']);
        return jsonAnswer(200, await cancelCashReceipt(route.context, receiptKey, fieldsOf(body)['amount']));
      },
    },
  ];
}
