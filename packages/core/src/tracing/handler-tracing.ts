/**
 * The handler's spans: one SERVER span per request (OpenTelemetry HTTP server conventions: method, route,
 * path, status) and one INTERNAL span per flow (confirm, cancel, webhook, reconcile, billing charge) with
 * tosskit's ids and outcome. Only built when the shop passes `tracing: { tracer }`; without it the handler
 * calls the flows directly and nothing here runs.
 */
import {
  cancelPayment,
  chargeForOrder,
  confirmPayment,
  handleWebhook,
  isValidId,
  reconcile,
} from '../flows/index.js';
import type { Route, Router } from '../http/router.js';
import { markFailed, runInSpan } from './span-runner.js';
import {
  SPAN_KIND,
  type TracingAttributeValue,
  type TracingSpan,
  type TracingTracer,
} from './tracer-types.js';

/** The flows the handler's routes and members call; traced or not, the same functions. */
export interface HandlerFlows {
  confirmPayment: typeof confirmPayment;
  cancelPayment: typeof cancelPayment;
  handleWebhook: typeof handleWebhook;
  reconcile: typeof reconcile;
  chargeForOrder: typeof chargeForOrder;
}

export const UNTRACED_FLOWS: HandlerFlows = {
  confirmPayment,
  cancelPayment,
  handleWebhook,
  reconcile,
  chargeForOrder,
};

/** Ids as span attributes, only when they are well-formed ids (never a raw, untrusted string). */
function idAttributes(ids: {
  orderId?: unknown;
  paymentKey?: unknown;
}): Record<string, TracingAttributeValue> {
  const attributes: Record<string, TracingAttributeValue> = {};
  if (isValidId('orderId', ids.orderId)) attributes['tosskit.order_id'] = ids.orderId as string;
  if (isValidId('paymentKey', ids.paymentKey)) attributes['tosskit.payment_key'] = ids.paymentKey as string;
  return attributes;
}

function setIds(span: TracingSpan, ids: { orderId: string | null; paymentKey: string | null }): void {
  for (const [key, value] of Object.entries(idAttributes(ids))) span.setAttribute(key, value);
}

export function tracedFlows(tracer: TracingTracer): HandlerFlows {
  const INTERNAL = SPAN_KIND.INTERNAL;
  return {
    confirmPayment: (context, input) =>
      runInSpan(tracer, 'tosskit.confirm', INTERNAL, idAttributes(input), async (span) => {
        const result = await confirmPayment(context, input);
        span.setAttribute('tosskit.payment.status', result.payment.status);
        span.setAttribute('tosskit.replayed', result.replayed);
        return result;
      }),
    cancelPayment: (context, input) =>
      runInSpan(tracer, 'tosskit.cancel', INTERNAL, idAttributes(input), async (span) => {
        const result = await cancelPayment(context, input);
        setIds(span, { orderId: result.payment.orderId, paymentKey: null });
        span.setAttribute('tosskit.payment.status', result.payment.status);
        span.setAttribute('tosskit.cancel.full', result.isFull);
        return result;
      }),
    handleWebhook: (context, body, signed) =>
      runInSpan(tracer, 'tosskit.webhook', INTERNAL, {}, async (span) => {
        const result = await handleWebhook(context, body, signed);
        setIds(span, result);
        span.setAttribute('tosskit.webhook.kind', result.kind);
        span.setAttribute('tosskit.webhook.outcome', result.outcome);
        if (result.status !== null) span.setAttribute('tosskit.payment.status', result.status);
        return result;
      }),
    reconcile: (context, options) =>
      runInSpan(tracer, 'tosskit.reconcile', INTERNAL, {}, async (span) => {
        const report = await reconcile(context, options);
        span.setAttribute('tosskit.reconcile.ran', report.ran);
        span.setAttribute('tosskit.reconcile.errors', report.errors.length);
        span.setAttribute('tosskit.reconcile.transactions_applied', report.transactions.applied);
        return report;
      }),
    chargeForOrder: (context, input) =>
      // the customerKey and the billing key stay out: the order names the charge
      runInSpan(
        tracer,
        'tosskit.billing.charge',
        INTERNAL,
        idAttributes({ orderId: input.orderId }),
        async (span) => {
          const result = await chargeForOrder(context, input);
          setIds(span, { orderId: null, paymentKey: result.payment.paymentKey });
          span.setAttribute('tosskit.payment.status', result.payment.status);
          span.setAttribute('tosskit.replayed', result.replayed);
          return result;
        },
      ),
  };
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'CONNECT', 'TRACE']);

/** The request span and the route table that names it once a route matched. */
export interface RequestTracing {
  dispatch(dispatch: Router['dispatch']): Router['dispatch'];
  routes(routes: readonly Route[], basePath: string): Route[];
}

export function createRequestTracing(tracer: TracingTracer): RequestTracing {
  // the span of each request in flight, for its route to name it (the router passes the same request on)
  const spans = new WeakMap<object, TracingSpan>();
  return {
    dispatch: (dispatch) => (request, handlerContext) => {
      const method = METHODS.has(request.method) ? request.method : '_OTHER';
      let path = '';
      let scheme = '';
      try {
        const url = new URL(request.url);
        path = url.pathname.slice(0, 512);
        scheme = url.protocol.slice(0, -1);
      } catch {
        // the router answers a URL it cannot parse; the span keeps the method only
      }
      const attributes: Record<string, TracingAttributeValue> = { 'http.request.method': method };
      if (path !== '') Object.assign(attributes, { 'url.path': path, 'url.scheme': scheme });
      return runInSpan(tracer, method, SPAN_KIND.SERVER, attributes, async (span) => {
        spans.set(request, span);
        const answer = await dispatch(request, handlerContext);
        span.setAttribute('http.response.status_code', answer.status);
        if (answer.status >= 500) markFailed(span, String(answer.status));
        return answer;
      });
    },
    routes: (routes, basePath) =>
      routes.map((route) => ({
        ...route,
        handle(routeRequest) {
          const span = spans.get(routeRequest.request);
          if (span !== undefined) {
            const template = `${routeRequest.mountPath}${basePath}${route.path}`;
            span.setAttribute('http.route', template);
            span.updateName(`${route.method} ${template}`);
          }
          return route.handle(routeRequest);
        },
      })),
  };
}
