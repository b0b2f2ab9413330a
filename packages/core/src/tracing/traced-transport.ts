/**
 * One CLIENT span per HTTP attempt to the gateway (OpenTelemetry HTTP client conventions: a retry is another
 * span). Only the method, the host, the status and the path as a template: a path holding a billing key (a
 * secret) or any id is never recorded as is, and the headers (Basic auth with the secret key) never are.
 */
import type { GatewayTransport } from '../gateway/index.js';
import { markFailed, runInSpan } from './span-runner.js';
import { SPAN_KIND, type TracingTracer } from './tracer-types.js';

const TEMPLATES: readonly [RegExp, string][] = [
  [/^\/v1\/payments\/(confirm|key-in)$/, ''],
  [/^\/v1\/payments\/orders\/[^/]+$/, '/v1/payments/orders/{orderId}'],
  [/^\/v1\/payments\/[^/]+\/cancel$/, '/v1/payments/{paymentKey}/cancel'],
  [/^\/v1\/payments\/[^/]+$/, '/v1/payments/{paymentKey}'],
  [/^\/v1\/billing\/authorizations\/[^/]+$/, ''],
  // the billing key is a secret: never in a span
  [/^\/v1\/billing\/[^/]+$/, '/v1/billing/{billingKey}'],
  [/^\/v1\/cash-receipts\/[^/]+\/cancel$/, '/v1/cash-receipts/{receiptKey}/cancel'],
  [
    /^\/v1\/(brandpay\/payments\/confirm|cash-receipts|promotions(\/card)?|settlements|transactions|virtual-accounts)$/,
    '',
  ],
];

/** The gateway path as a template with no id in it (`''` in the table: the path has none). */
export function gatewayUrlTemplate(pathname: string): string {
  for (const [pattern, template] of TEMPLATES) if (pattern.test(pathname)) return template || pathname;
  // a path this table does not know (a newer endpoint): its segments after /v1/x are not trusted to be safe
  return pathname.split('/').slice(0, 3).join('/') + '/{…}';
}

export function traceTransport(transport: GatewayTransport, tracer: TracingTracer): GatewayTransport {
  return {
    send(request) {
      const url = new URL(request.url);
      const template = gatewayUrlTemplate(url.pathname);
      const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
      return runInSpan(
        tracer,
        `${request.method} ${template}`,
        SPAN_KIND.CLIENT,
        {
          'http.request.method': request.method,
          'server.address': url.hostname,
          'server.port': port,
          'url.scheme': url.protocol.slice(0, -1),
          'url.template': template,
        },
        async (span) => {
          const response = await transport.send(request);
          span.setAttribute('http.response.status_code', response.status);
          if (response.status >= 400) markFailed(span, String(response.status));
          return response;
        },
      );
    },
    close: () => transport.close(),
  };
}
