/**
 * The handler's router: a table of routes under basePath, `:name` segments, 404 and 405 answers, and the one
 * place a thrown error becomes an HTTP answer (`errorAnswer`), logged when it is a 5xx.
 */
import { developerMessageFor, isLedgerUnavailable, type MessageParams } from '../errors/index.js';
import { flowError, type FlowContext, type FlowLogger } from '../flows/index.js';
import { errorAnswer } from './http-io.js';
import type { Answer } from './answer.js';
import type { IncomingRequest } from './incoming-request.js';

export type Method = 'GET' | 'POST';

export interface RouteRequest {
  request: IncomingRequest;
  url: URL;
  params: Record<string, string>;
  /** absolute URL of a route of this handler, mount path included */
  routeUrl(path: string): string;
  mountPath: string;
  /** the flows' context for this request: the gateway answers in the buyer's language */
  context: FlowContext;
}

/** One entry of the route table: the route parses its input, calls a flow and shapes the answer. */
export interface Route {
  method: Method;
  /** path under basePath; `:name` matches one segment */
  path: string;
  handle(route: RouteRequest): Promise<Answer>;
}

/** What an adapter tells the handler about a request besides the request itself. */
export interface HandlerContext {
  /** the prefix the framework stripped before calling the handler (Express `app.use('/shop', …)`) */
  mountPath?: string;
}

export interface Router {
  handles(pathname: string): boolean;
  dispatch(request: IncomingRequest, handlerContext?: HandlerContext): Promise<Answer>;
}

function matchPath(
  pattern: string | readonly string[],
  path: string | readonly string[],
): Record<string, string> | null {
  const want = typeof pattern === 'string' ? pattern.split('/') : pattern;
  const got = typeof path === 'string' ? path.split('/') : path;
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i += 1) {
    const w = want[i]!;
    const g = got[i]!;
    if (w.startsWith(':')) {
      if (g.length === 0) return null;
      params[w.slice(1)] = decodeSegment(g);
    } else if (w !== g) return null;
  }
  return params;
}

/**
 * A path parameter, percent-decoded. Bytes that are not UTF-8 (a lone surrogate's ED A0 80) become U+FFFD,
 * as in a query string, so the route's own id check answers them rather than a 404.
 */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    const bytes: number[] = [];
    for (let i = 0; i < segment.length; i += 1) {
      const hex = segment[i] === '%' ? segment.slice(i + 1, i + 3) : '';
      if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
        bytes.push(Number.parseInt(hex, 16));
        i += 2;
      } else {
        bytes.push(segment.charCodeAt(i) & 0xff);
      }
    }
    return new TextDecoder().decode(Uint8Array.from(bytes));
  }
}

function normalizeMountPath(mountPath: string | undefined): string {
  if (mountPath === undefined || mountPath === '/' || !mountPath.startsWith('/')) return '';
  return mountPath.replace(/\/+$/, '');
}

function failedAnswer(
  error: unknown,
  request: IncomingRequest,
  route: string,
  params: Record<string, string>,
  logger: FlowLogger,
): Answer {
  const code = (error as { code?: unknown } | null)?.code;
  const response = errorAnswer(
    error,
    request,
    code === 'UNAUTHORIZED' ? { 'www-authenticate': 'Bearer' } : {},
  );
  if (response.status < 500 && typeof code === 'string') {
    const detail = developerMessageFor(code, 'ko', (error as { details?: MessageParams }).details);
    // a refusal whose cause is the shop's integration (an amount that differs, an order orderLookup does not
    // know): the developer's text, with the numbers, goes to the log (the buyer's answer never carries it)
    if (detail !== null) logger.info('request refused', { route, status: response.status, code, detail });
  }
  if (response.status >= 500) {
    const details = (error as { details?: { orderId?: unknown; paymentKey?: unknown } } | null)?.details;
    // once per 5xx answer, with the cause and its stack (the sink redacts both)
    logger.error('request failed', {
      route,
      status: response.status,
      code: code ?? 'INTERNAL_ERROR',
      // a ledger outage says why (connect_timeout, query_timeout, connection_refused…)
      ...(isLedgerUnavailable(error) ? { reason: (error as { reason?: unknown }).reason } : {}),
      paymentKey: params['paymentKey'] ?? details?.paymentKey,
      orderId: details?.orderId,
      err: error,
    });
  }
  return response;
}

export function createRouter(options: {
  routes: readonly Route[];
  basePath: string;
  logger: FlowLogger;
  contextFor(request: IncomingRequest): FlowContext;
}): Router {
  const { routes, basePath, logger } = options;
  // each pattern split once, not on every request
  const table = routes.map((route) => ({ route, segments: route.path.split('/') }));

  function handles(pathname: string): boolean {
    // mounted at the root, only our own routes are ours: everything else belongs to the shop
    if (basePath === '') {
      const segments = pathname.split('/');
      return table.some((entry) => matchPath(entry.segments, segments) !== null);
    }
    return pathname === basePath || pathname.startsWith(`${basePath}/`);
  }

  async function dispatch(request: IncomingRequest, handlerContext?: HandlerContext): Promise<Answer> {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return errorAnswer(flowError('ROUTE_NOT_FOUND'), request);
    }
    const mountPath = normalizeMountPath(handlerContext?.mountPath);
    // a runtime that hands over the full URL (a Next.js route handler, a Hono sub-app) with the mount path it
    // serves under: the mount path is stripped here; adapters that strip it themselves pass the rest
    let pathname = url.pathname;
    if (!handles(pathname) && mountPath !== '' && pathname.startsWith(`${mountPath}/`)) {
      const rest = pathname.slice(mountPath.length);
      if (handles(rest)) pathname = rest;
    }
    const notFound = () =>
      errorAnswer(
        flowError('ROUTE_NOT_FOUND', { received: url.pathname, served: `${mountPath}${basePath}/…` }),
        request,
      );
    if (!handles(pathname)) return notFound();
    const sub = pathname.slice(basePath.length) || '/';
    const segments = sub.split('/');
    const candidates: { route: Route; params: Record<string, string> }[] = [];
    for (const entry of table) {
      const params = matchPath(entry.segments, segments);
      if (params !== null) candidates.push({ route: entry.route, params });
    }
    if (candidates.length === 0) return notFound();
    const match = candidates.find((c) => c.route.method === request.method);
    if (match === undefined) {
      const allow = [...new Set(candidates.map((c) => c.route.method))].join(', ');
      return errorAnswer(flowError('METHOD_NOT_ALLOWED', { allow }), request, { allow });
    }
    const routeRequest: RouteRequest = {
      request,
      url,
      params: match.params,
      mountPath,
      routeUrl: (path) => `${url.origin}${mountPath}${basePath}${path}`,
      context: options.contextFor(request),
    };
    try {
      return await match.route.handle(routeRequest);
    } catch (error) {
      return failedAnswer(error, request, `${request.method} ${match.route.path}`, match.params, logger);
    }
  }

  return { handles, dispatch };
}
