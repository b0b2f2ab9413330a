/**
 * `GET {basePath}/health`, only with option `health: true`: the readiness probe (flows/health-flow). 200 while
 * the ledger answers and is migrated, 503 otherwise; never cached.
 */
import { checkHealth } from '../../flows/index.js';
import type { HandlerWiring } from '../handler-flow-context.js';
import { jsonAnswer } from '../http-io.js';
import type { Route } from '../router.js';

export function healthRoutes(wiring: HandlerWiring): Route[] {
  if (wiring.options.health !== true) return [];
  return [
    {
      method: 'GET',
      path: '/health',
      async handle() {
        const report = await checkHealth(wiring.ledger, wiring.context.now);
        return jsonAnswer(report.status === 'ok' ? 200 : 503, report, { 'cache-control': 'no-store' });
      },
    },
  ];
}
