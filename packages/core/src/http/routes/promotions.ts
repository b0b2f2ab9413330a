/** `GET {basePath}/promotions`: the card promotions that apply to `?amount` (flows/card-promotions-flow). */
import { parseAmount } from '../../amount/index.js';
import type { HandlerWiring } from '../handler-flow-context.js';
import { jsonAnswer } from '../http-io.js';
import type { Route } from '../router.js';

export function promotionRoutes(wiring: HandlerWiring): Route[] {
  return [
    {
      method: 'GET',
      path: '/promotions',
      async handle(route) {
        const raw = route.url.searchParams.get('amount');
        const amount = raw === null || raw === '' ? null : parseAmount(raw);
        return jsonAnswer(200, await wiring.promotions.applicable(amount));
      },
    },
  ];
}
