/** `POST {basePath}/webhook`: the gateway's deliveries, raw body kept for the signature (flows/webhook-flow). */
import { SIGNATURE_HEADER, TRANSMISSION_TIME_HEADER } from '../../flows/index.js';
import { isBodyReencoded } from '../body-origin.js';
import type { HandlerWiring } from '../handler-flow-context.js';
import { jsonAnswer, parseJsonText, readJsonText } from '../http-io.js';
import type { Route } from '../router.js';

export function webhookRoutes(wiring: HandlerWiring): Route[] {
  return [
    {
      method: 'POST',
      path: '/webhook',
      async handle(route) {
        const rawBody = await readJsonText(route.request, wiring.verified.bodyLimit, {
          allowMissingType: true,
        });
        const result = await wiring.flows.handleWebhook(route.context, parseJsonText(rawBody), {
          rawBody,
          signature: route.request.headers.get(SIGNATURE_HEADER),
          transmissionTime: route.request.headers.get(TRANSMISSION_TIME_HEADER),
          bodyReencoded: isBodyReencoded(route.request),
        });
        return jsonAnswer(200, { ok: true, outcome: result.outcome });
      },
    },
  ];
}
