/**
 * The billing routes: the card registration window's success and fail URLs, and charging a registered
 * card (an operator's act, guarded like a cancel). Each parses its input and calls a flow
 * (flows/billing-flow, flows/billing-auth-failure, flows/charge-order).
 */
import {
  flowError,
  issueBillingKey,
  isValidId,
  recordBillingAuthFailure,
  verifyId,
} from '../../flows/index.js';
import type { HandlerWiring } from '../handler-flow-context.js';
import { jsonAnswer, readJsonBody, redirectAnswer, wantsJson } from '../http-io.js';
import { publicPaymentView } from '../payment-view.js';
import type { Route, RouteRequest } from '../router.js';
import { fieldsOf } from './payments.js';
import type { Answer } from '../answer.js';
import { asWebRequest } from '../incoming-request.js';

async function registerCard(wiring: HandlerWiring, route: RouteRequest): Promise<Answer> {
  const q = route.url.searchParams;
  const customerKey = q.get('customerKey');
  // bad input is a 400 before any other work: the shop's hook never sees a missing or malformed key (a
  // lookup of '' in its own tables may throw, which would answer 500 to a bad request)
  verifyId('customerKey', customerKey);
  verifyId('authKey', q.get('authKey'));
  const allowed = wiring.options.authorizeBillingCustomer;
  if (allowed !== undefined && !(await allowed(asWebRequest(route.request), customerKey ?? '')))
    throw flowError('FORBIDDEN');
  const info = await issueBillingKey(route.context, wiring.billingHooks, {
    customerKey,
    authKey: q.get('authKey'),
  });
  const view = {
    customerKey: info.customerKey,
    method: info.method,
    card: info.card,
    authenticatedAt: info.authenticatedAt,
  };
  const target = wantsJson(route.request)
    ? null
    : wiring.redirects.target('billingSuccess', route.mountPath, { customerKey: info.customerKey });
  return target === null ? jsonAnswer(200, view) : redirectAnswer(target);
}

export function billingRoutes(wiring: HandlerWiring): Route[] {
  return [
    {
      method: 'GET',
      path: '/billing/success',
      async handle(route) {
        try {
          return await registerCard(wiring, route);
        } catch (error) {
          const raw = route.url.searchParams.get('customerKey');
          const customerKey = isValidId('customerKey', raw) ? raw : null;
          const redirect = wantsJson(route.request)
            ? null
            : wiring.redirects.failure('billingFail', route.request, route.mountPath, error, { customerKey });
          if (redirect !== null) return redirect;
          throw error;
        }
      },
    },
    {
      method: 'GET',
      path: '/billing/fail',
      async handle(route) {
        const q = route.url.searchParams;
        const failure = recordBillingAuthFailure(route.context, {
          code: q.get('code'),
          message: q.get('message'),
          customerKey: q.get('customerKey'),
        });
        const target = wantsJson(route.request)
          ? null
          : wiring.redirects.target('billingFail', route.mountPath, { ...failure });
        return target === null ? jsonAnswer(200, failure) : redirectAnswer(target);
      },
    },
    {
      method: 'POST',
      path: '/billing/charge',
      async handle(route) {
        // charging a stored card is an operator's act
        await wiring.authorizeOperator(route.request, null);
        const input = fieldsOf(await readJsonBody(route.request, wiring.verified.bodyLimit));
        const result = await wiring.flows.chargeForOrder(route.context, {
          customerKey: input['customerKey'],
          orderId: input['orderId'],
          orderName: input['orderName'],
          amount: input['amount'],
          taxFreeAmount: input['taxFreeAmount'],
        });
        return jsonAnswer(200, { ...publicPaymentView(result.payment), replayed: result.replayed });
      },
    },
  ];
}
