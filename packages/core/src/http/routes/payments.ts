/**
 * The payment routes: checkout, the confirm (success URL and POST), the fail URL, a payment's view and its
 * cancel. Each parses its input and calls a flow (flows/checkout-flow, confirm-flow, fail-flow, cancel-flow).
 */
import { flowError, recordPaymentFailure, startCheckout, verifyId } from '../../flows/index.js';
import { confirmAnswer } from '../confirm-answer.js';
import type { HandlerWiring } from '../handler-flow-context.js';
import { jsonAnswer, readJsonBody, redirectAnswer, wantsJson } from '../http-io.js';
import { createPaymentViewAnswer, publicPaymentView } from '../payment-view.js';
import type { Route } from '../router.js';

/** A JSON body as a record of fields (anything else: no fields, so each flow reports what is missing). */
export function fieldsOf(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
}

export function paymentRoutes(wiring: HandlerWiring): Route[] {
  const { options, verified, ledger, authorizeOperator, redirects } = wiring;
  const answerPaymentView = createPaymentViewAnswer({
    ledger,
    orderLookup: options.orderLookup,
    identifyBuyer: options.identifyBuyer,
    authorizeOperator,
    logger: wiring.logger,
  });
  return [
    {
      method: 'POST',
      path: '/checkout',
      async handle(route) {
        if (options.createOrder === undefined) throw flowError('ROUTE_NOT_FOUND');
        const body = await readJsonBody(route.request, verified.bodyLimit);
        const answer = await startCheckout(route.context, options.createOrder, body, {
          clientKey: verified.clientKey,
          successUrl: route.routeUrl('/success'),
          failUrl: route.routeUrl('/fail'),
        });
        return jsonAnswer(200, answer);
      },
    },
    {
      method: 'GET',
      path: '/success',
      async handle(route) {
        const q = route.url.searchParams;
        // a BrandPay success URL adds paymentType=BRANDPAY and the buyer's customerKey
        const input = {
          paymentKey: q.get('paymentKey'),
          orderId: q.get('orderId'),
          amount: q.get('amount'),
          paymentType: q.get('paymentType'),
          customerKey: q.get('customerKey'),
        };
        return confirmAnswer(wiring, route, input, wantsJson(route.request));
      },
    },
    {
      method: 'POST',
      path: '/confirm',
      async handle(route) {
        const input = fieldsOf(await readJsonBody(route.request, verified.bodyLimit));
        const fields = {
          paymentKey: input['paymentKey'],
          orderId: input['orderId'],
          amount: input['amount'],
          paymentType: input['paymentType'],
          customerKey: input['customerKey'],
        };
        return confirmAnswer(wiring, route, fields, true);
      },
    },
    {
      method: 'GET',
      path: '/fail',
      async handle(route) {
        const q = route.url.searchParams;
        const result = await recordPaymentFailure(route.context, {
          code: q.get('code'),
          message: q.get('message'),
          orderId: q.get('orderId'),
        });
        const target = wantsJson(route.request)
          ? null
          : redirects.target('fail', route.mountPath, { orderId: result.orderId, code: result.code });
        return target === null
          ? jsonAnswer(200, { orderId: result.orderId, code: result.code, message: result.message })
          : redirectAnswer(target);
      },
    },
    {
      method: 'GET',
      path: '/payments/:paymentKey',
      // the order's buyer (identifyBuyer) or an operator; everyone else the 404 of an unknown payment
      handle: (route) => answerPaymentView(route.request, verifyId('paymentKey', route.params['paymentKey'])),
    },
    {
      method: 'POST',
      path: '/payments/:paymentKey/cancel',
      async handle(route) {
        const paymentKey = verifyId('paymentKey', route.params['paymentKey']);
        const record = await ledger.getPayment(paymentKey);
        // authorise before reading the body: an anonymous caller learns nothing
        await authorizeOperator(route.request, record?.payment ?? null);
        const body = await readJsonBody(route.request, verified.bodyLimit);
        const result = await wiring.flows.cancelPayment(route.context, {
          paymentKey,
          body,
          idempotencyKey: route.request.headers.get('idempotency-key')?.slice(0, 200) ?? null,
        });
        return jsonAnswer(200, publicPaymentView(result.payment));
      },
    },
  ];
}
