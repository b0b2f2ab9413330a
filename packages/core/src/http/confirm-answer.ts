/**
 * The HTTP answer of a confirm (`GET {basePath}/success` from the browser, `POST {basePath}/confirm` from a
 * page's script): the buyer's view or the shop's success page; the shop's fail page on a failure; 202 while
 * the outcome is not known yet. The confirm itself is `confirmPayment` (flows/confirm-flow.ts).
 */
import { localizeError, resolveLocale, type TosskitError } from '../errors/index.js';
import { isConfirming, isValidId, type ConfirmInput } from '../flows/index.js';
import type { HandlerWiring } from './handler-flow-context.js';
import { CONFIRMING_RETRY_MS, confirmingPage, jsonAnswer, redirectAnswer } from './http-io.js';
import { buyerPaymentView } from './payment-view.js';
import type { RouteRequest } from './router.js';
import type { Answer } from './answer.js';

export async function confirmAnswer(
  wiring: HandlerWiring,
  route: RouteRequest,
  input: ConfirmInput,
  asJson: boolean,
): Promise<Answer> {
  try {
    const { payment } = await wiring.flows.confirmPayment(route.context, input);
    const target = asJson
      ? null
      : wiring.redirects.target('success', route.mountPath, {
          orderId: payment.orderId,
          paymentKey: payment.paymentKey,
          status: payment.status,
        });
    // the success URL is in the browser history: its answer is the buyer's view, never an operator's text
    return target === null ? jsonAnswer(200, buyerPaymentView(payment)) : redirectAnswer(target);
  } catch (error) {
    if (isConfirming(error)) return confirmingAnswer(wiring, route, error as TosskitError, asJson);
    if (!asJson) {
      const orderId = isValidId('orderId', input.orderId) ? input.orderId : null;
      const redirect = wiring.redirects.failure('fail', route.request, route.mountPath, error, { orderId });
      if (redirect !== null) return redirect;
    }
    throw error;
  }
}

/**
 * The outcome is not known yet (a lost answer, a refused lookup, the ledger briefly down): 202 with
 * Retry-After. JSON callers re-POST the same confirm to poll; a browser on the success URL is sent to
 * `redirects.pending`, or gets a small page that re-opens the success URL after the delay.
 */
function confirmingAnswer(
  wiring: HandlerWiring,
  route: RouteRequest,
  error: TosskitError,
  asJson: boolean,
): Answer {
  const locale = resolveLocale(route.request.headers.get('accept-language'));
  const { body } = localizeError(error, locale);
  const details = (error.details ?? {}) as Record<string, unknown>;
  const retryAfter = { 'retry-after': String(Math.ceil(CONFIRMING_RETRY_MS / 1000)) };
  if (asJson) {
    return jsonAnswer(
      202,
      {
        code: body.code,
        message: body.message,
        orderId: details['orderId'] ?? null,
        paymentKey: details['paymentKey'] ?? null,
        retryAfterMs: CONFIRMING_RETRY_MS,
      },
      retryAfter,
    );
  }
  const q = route.url.searchParams;
  const target = wiring.redirects.target('pending', route.mountPath, {
    orderId: q.get('orderId'),
    paymentKey: q.get('paymentKey'),
    amount: q.get('amount'),
    code: body.code,
  });
  if (target !== null) return redirectAnswer(target);
  return confirmingPage(route.url.pathname + route.url.search, body.message, locale, retryAfter);
}
