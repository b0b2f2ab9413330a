/**
 * The API door: a request to /v1/... goes through auth → body → route match → idempotency → test code →
 * consecutive-request rule → faults → the route itself, and every call is logged.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { consecutiveTarget, matchRoute, runRoute } from './api-routes.js';
import type { RouteMatch } from './api-routes.js';
import type { Authenticator } from './auth.js';
import { isTestKey } from './auth.js';
import type { EmulatorClock } from './clock.js';
import { gatewayError, isKnownGatewayCode, messageOf, resolveLocale } from './errors.js';
import type { Locale } from './errors.js';
import type { FaultRegistry } from './faults.js';
import { confirmFailureAbortsSession } from './gateway/confirm-failures.js';
import { errorAnswer, parseJsonBody, readBody, send } from './http-io.js';
import type { Answer } from './http-io.js';
import type { IdempotencyStore } from './idempotency.js';
import type { RequestLog } from './request-log.js';
import type { EmulatorState } from './state/index.js';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * FORBIDDEN_CONSECUTIVE_REQUEST: the same GET or cancel of one payment (same key, path and body) repeated within the
 * window while the payment did not change is refused (the gateway asks for "a moment", seed 001: about 1 s).
 */
export class ConsecutiveRequests {
  private readonly recent = new Map<string, { at: number; version: number }>();

  constructor(
    private readonly clock: EmulatorClock,
    private readonly windowMs: number,
  ) {}

  check(key: string, target: { version: number }): void {
    const last = this.recent.get(key);
    if (last && this.clock.now() - last.at < this.windowMs && last.version === target.version)
      throw gatewayError('FORBIDDEN_CONSECUTIVE_REQUEST');
  }

  note(key: string, target: { version: number }): void {
    this.recent.set(key, { at: this.clock.now(), version: target.version });
    if (this.recent.size > 10_000) {
      const cutoff = this.clock.now() - this.windowMs;
      for (const [k, v] of this.recent) if (v.at < cutoff) this.recent.delete(k);
    }
  }

  clear(): void {
    this.recent.clear();
  }
}

export interface ApiDeps {
  state: EmulatorState;
  faults: FaultRegistry;
  auth: Authenticator;
  idempotency: IdempotencyStore;
  log: RequestLog;
  /** null when the consecutive-request rule is off */
  consecutive: ConsecutiveRequests | null;
}

interface Call {
  req: IncomingMessage;
  m: RouteMatch;
  method: string;
  path: string;
  search: string;
  bodyText: string;
  secretKey: string;
  locale: Locale;
}

export type ApiHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  path: string,
  search: string,
) => Promise<void>;

export function createApiHandler(deps: ApiDeps): ApiHandler {
  return async (req, res, method, path, search) => {
    const locale = resolveLocale(req.headers['accept-language']);
    const idemHeader = req.headers['idempotency-key'];
    const idemKey = method === 'POST' && typeof idemHeader === 'string' ? idemHeader : null;
    const m = matchRoute(method, path);
    const finish = (answer: Answer, extra: { replayed?: boolean; dropped?: boolean } = {}) => {
      deps.log.record({
        method,
        path,
        route: m?.route ?? null,
        status: answer.status,
        code: answer.code,
        idempotencyKey: idemKey,
        acceptLanguage:
          typeof req.headers['accept-language'] === 'string' ? req.headers['accept-language'] : null,
        replayed: extra.replayed ?? false,
        dropped: extra.dropped ?? false,
      });
      if (extra.dropped) {
        res.socket?.destroy();
        return;
      }
      send(res, answer);
    };
    let secretKey: string;
    try {
      secretKey = deps.auth.authenticate(req.headers.authorization);
    } catch (error) {
      if (method === 'POST' || method === 'DELETE') req.resume();
      finish(errorAnswer(error, locale));
      return;
    }
    let bodyText = '';
    if (method === 'POST' || method === 'DELETE') {
      try {
        bodyText = await readBody(req);
      } catch (error) {
        finish(errorAnswer(error, locale));
        return;
      }
    }
    if (m === null) {
      finish(noSuchApi(locale));
      return;
    }
    let scope: string | null = null;
    if (idemKey !== null) {
      const verdict = deps.idempotency.begin(idemKey, secretKey, method, path);
      if (verdict.kind === 'refuse') return finish(errorAnswer(verdict.error, locale));
      if (verdict.kind === 'replay') return finish(verdict.answer, { replayed: true });
      scope = verdict.scope;
    }
    const { answer, dropped } = await guardedRoute(deps, {
      req,
      m,
      method,
      path,
      search,
      bodyText,
      secretKey,
      locale,
    });
    if (scope !== null) deps.idempotency.settle(scope, answer);
    finish(answer, { dropped });
  };
}

function noSuchApi(locale: Locale): Answer {
  return {
    status: 404,
    json: JSON.stringify({
      code: 'NOT_FOUND',
      message: messageOf('NOT_FOUND', locale, { ko: '존재하지 않는 API입니다.', en: 'No such API.' }),
    }),
    code: 'NOT_FOUND',
  };
}

/** The route behind the test code, the consecutive-request rule and the faults; an error becomes its answer. */
async function guardedRoute(deps: ApiDeps, call: Call): Promise<{ answer: Answer; dropped: boolean }> {
  const m = call.m;
  const state = deps.state;
  const consecutiveKey = `${call.secretKey}\u0000${call.method}\u0000${call.path}\u0000${call.bodyText}`;
  let dropped = false;
  let answer: Answer;
  try {
    const testCode = call.req.headers['tosspayments-test-code'];
    if (typeof testCode === 'string' && testCode !== '' && isTestKey(call.secretKey)) {
      if (!isKnownGatewayCode(testCode)) throw gatewayError('INVALID_TEST_CODE');
      throw gatewayError(testCode);
    }
    const before = deps.consecutive ? consecutiveTarget(state, m) : undefined;
    if (before) deps.consecutive!.check(consecutiveKey, before);
    if (deps.faults.size > 0) {
      const latency = deps.faults.take('latency', (s) => s.route === '*' || s.route === m.route);
      if (latency) await sleep(latency.ms);
    }
    const body = call.bodyText === '' ? {} : parseJsonBody(call.bodyText);
    if (deps.faults.size > 0) failIfArmed(deps, m, body);
    answer = runRoute(state, m, body, new URLSearchParams(call.search), call.secretKey);
    // commit-then-drop applies to a call that committed; a refused call leaves the fault armed
    if (deps.faults.size > 0) dropped = deps.faults.take('drop', (s) => s.route === m.route) !== undefined;
  } catch (error) {
    answer = errorAnswer(error, call.locale);
    dropped = false;
  }
  const after = deps.consecutive ? consecutiveTarget(state, m) : undefined;
  if (after) deps.consecutive!.note(consecutiveKey, after);
  return { answer, dropped };
}

/** A `fail` fault armed for the route answers instead of it. */
function failIfArmed(deps: ApiDeps, m: RouteMatch, body: Record<string, unknown>): void {
  const fail = deps.faults.take('fail', (s) => s.route === '*' || s.route === m.route);
  if (!fail) return;
  if (fail.code === undefined)
    throw gatewayError('FAILED_INTERNAL_SYSTEM_PROCESSING', undefined, fail.status ?? 500);
  // A refusal of the approval ends the authenticated session: IN_PROGRESS → ABORTED, as at the gateway.
  if (
    (m.route === 'confirm' || m.route === 'brandpayConfirm') &&
    confirmFailureAbortsSession(fail.code) &&
    typeof body['paymentKey'] === 'string'
  )
    deps.state.abortSession(body['paymentKey'], fail.code, messageOf(fail.code, 'ko'));
  throw gatewayError(fail.code, undefined, fail.status);
}
