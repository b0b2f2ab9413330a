// The payment window and the SDK stand-in (owned by the emulator-window work).
// The emulator's HTTP server offers every request to handleWindowRequest first; it answers the routes
// it owns (`/v2/standard`, `/window/...`) and returns false for everything else.
//
// Routes:
//   GET  /v2/standard            the TossPayments(clientKey) global (sdk-script.ts), CORS-open
//   POST /window/sessions        JSON { clientKey, kind, customerKey, request, openerOrigin } → { sessionId, mode, path, url }
//   GET  /window/pay?session=ID  the window (window-page.ts)
//   POST /window/pay?session=ID  the buyer's decision: action=approve|decline|cancel plus the choices
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthorizeInput } from '../state/index.js';
import { approve, authorizeInput, failure, readChoices } from './approval.js';
import {
  BodyTooLargeError,
  MAX_FORM_BODY,
  MAX_JSON_BODY,
  clock,
  describeError,
  methodNotAllowed,
  preflight,
  readBody,
  send,
  sendHtml,
  sendJson,
  CORS_HEADERS,
} from './http.js';
import { handleBrandpayWindow, type BrandpayPort } from './brandpay.js';
import { renderSdkScript } from './sdk-script.js';
import {
  SESSION_TTL_MS,
  SessionStore,
  WindowRequestError,
  buildSession,
  type SessionOutcome,
  type WindowSession,
} from './sessions.js';
import { renderNoticePage, renderResultPage, renderWindowPage } from './window-page.js';

type MaybePromise<T> = T | Promise<T>;

/**
 * What the window hands the emulator when the buyer approves: the state's own input (type only, so the window
 * stays testable with a recording context). The window passes `cardCompany` and `bank` as numeric codes
 * ('41' 신한카드, '88' 신한은행) and `paymentKey` when the READY payment came from openPayment.
 */
export type WindowAuthorizeInput = AuthorizeInput;

export interface WindowContext {
  /** the emulator's own base URL, e.g. http://127.0.0.1:4010 */
  baseUrl: string;
  /** what the window does when the buyer approves: an IN_PROGRESS payment awaiting confirm */
  authorizePayment(
    input: WindowAuthorizeInput,
  ): MaybePromise<{ paymentKey: string; orderId: string; amount: number }>;
  /** what the billing-auth window does: a one-time authKey for customerKey */
  authorizeBilling(input: {
    customerKey: string;
    clientKey?: string;
    method?: string;
    cardCompany?: string;
    bank?: string;
    [key: string]: unknown;
  }): MaybePromise<{ authKey: string; customerKey: string }>;
  /** whether a client key is one the emulator accepts, and which family (`api` = ck, `widget` = gck) */
  clientKeyFamily(clientKey: string): 'api' | 'widget' | null;
  /**
   * Optional: the window opened → a READY payment (expires after 30 minutes). When given, the window
   * calls it as the session is created and passes its paymentKey to authorizePayment on approval.
   */
  openPayment?(
    input: WindowAuthorizeInput,
  ): MaybePromise<{ paymentKey: string; orderId: string; amount: number }>;
  /**
   * Optional: the card company refused in the window (the buyer pressed "카드사 거절") → the READY payment
   * opened by openPayment becomes ABORTED with failure { code, message }. Called only when openPayment gave a paymentKey.
   */
  abortPayment?(input: {
    paymentKey: string;
    orderId: string;
    code: string;
    message: string;
  }): MaybePromise<unknown>;
  /** Optional: the emulator's clock (ms), so window expiry follows control.advanceClock. Default Date.now. */
  now?(): number;
  /** Optional: BrandPay members (state/brandpay.ts); without it the BrandPay window answers 404. */
  brandpay?: BrandpayPort;
}

const sessions = new SessionStore();
export async function handleWindowRequest(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: WindowContext,
): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://emulator.invalid');
  const path = url.pathname;
  const method = (req.method ?? 'GET').toUpperCase();
  const owned =
    path === '/v2/standard' || path === '/v2/standard/' || path === '/window' || path.startsWith('/window/');
  if (!owned) return false;
  if (path.startsWith('/window/brandpay/') && ctx.brandpay) {
    const brandpayCtx = { ...ctx, brandpay: ctx.brandpay, now: () => clock(ctx) };
    if (await handleBrandpayWindow(req, res, url, brandpayCtx)) return true;
  }
  try {
    if (path === '/v2/standard' || path === '/v2/standard/') {
      if (method === 'OPTIONS') return preflight(res);
      if (method !== 'GET' && method !== 'HEAD') return (methodNotAllowed(res, 'GET, HEAD, OPTIONS'), true);
      send(res, 200, 'application/javascript; charset=utf-8', renderSdkScript(ctx.baseUrl), {
        ...CORS_HEADERS,
        'cross-origin-resource-policy': 'cross-origin',
        'cache-control': 'no-cache',
      });
      return true;
    }
    if (path === '/window/sessions') {
      if (method === 'OPTIONS') return preflight(res);
      if (method !== 'POST') return (methodNotAllowed(res, 'POST, OPTIONS'), true);
      await createSession(req, res, ctx);
      return true;
    }
    if (path === '/window/pay') {
      if (method !== 'GET' && method !== 'HEAD' && method !== 'POST')
        return (methodNotAllowed(res, 'GET, HEAD, POST'), true);
      await windowRoute(req, res, ctx, url.searchParams.get('session') ?? '', method === 'POST');
      return true;
    }
    sendHtml(res, 404, renderNoticePage('페이지를 찾을 수 없습니다', '결제창 주소가 올바르지 않습니다.'));
    return true;
  } catch (error) {
    if (!res.headersSent) {
      if (error instanceof BodyTooLargeError)
        sendJson(res, 413, { code: 'PAYLOAD_TOO_LARGE', message: '요청 본문이 너무 큽니다.' });
      else sendJson(res, 500, { code: 'INTERNAL_ERROR', message: '결제창에서 오류가 발생했습니다.' });
    } else {
      res.end();
    }
    return true;
  }
}

async function createSession(req: IncomingMessage, res: ServerResponse, ctx: WindowContext): Promise<void> {
  const text = await readBody(req, MAX_JSON_BODY);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    sendJson(res, 400, { code: 'INVALID_PARAMETER', message: '요청 본문이 올바른 JSON이 아닙니다.' });
    return;
  }
  let session: WindowSession;
  try {
    session = buildSession(body, (key) => ctx.clientKeyFamily(key), clock(ctx));
  } catch (error) {
    if (error instanceof WindowRequestError) {
      sendJson(res, error.status, { code: error.code, message: error.message });
      return;
    }
    throw error;
  }
  if (session.payment && ctx.openPayment) {
    try {
      const opened = await ctx.openPayment(authorizeInput(session));
      session.paymentKey = opened.paymentKey;
    } catch (error) {
      const { code, message } = describeError(error);
      sendJson(res, 400, { code, message });
      return;
    }
  }
  sessions.add(session);
  const path = `window/pay?session=${encodeURIComponent(session.id)}`;
  sendJson(res, 201, {
    sessionId: session.id,
    mode: session.mode,
    path,
    url: `${ctx.baseUrl.replace(/\/+$/, '')}/${path}`,
  });
}

async function windowRoute(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: WindowContext,
  id: string,
  isPost: boolean,
): Promise<void> {
  const form = isPost ? new URLSearchParams(await readBody(req, MAX_FORM_BODY)) : null;
  const session = /^ws_[0-9a-f]{32}$/.test(id) ? sessions.get(id) : undefined;
  if (!session) {
    sendHtml(
      res,
      404,
      renderNoticePage(
        '결제창을 찾을 수 없습니다',
        '결제창이 만료되었거나 주소가 올바르지 않습니다. 상점으로 돌아가 다시 결제해주세요.',
      ),
    );
    return;
  }
  if (session.outcome) return deliver(res, session, session.outcome);
  if (session.pending) return deliver(res, session, await session.pending);
  if (clock(ctx) - session.createdAt > SESSION_TTL_MS) {
    return deliver(
      res,
      session,
      settle(
        session,
        failure(session, 'PAY_PROCESS_ABORTED', '결제창의 유효 시간(30분)이 지났습니다. 다시 결제해주세요.'),
      ),
    );
  }
  if (!form) {
    sendHtml(res, 200, renderWindowPage(session));
    return;
  }
  const action = form.get('action');
  if (action === 'cancel') {
    const outcome =
      session.mode === 'iframe'
        ? failure(session, 'USER_CANCEL', '사용자가 결제를 취소했습니다.')
        : failure(session, 'PAY_PROCESS_CANCELED', '사용자에 의해 결제가 취소되었습니다.');
    return deliver(res, session, settle(session, outcome));
  }
  if (action === 'decline') {
    const message = '카드사에서 결제를 거절했습니다. 다른 카드로 결제해주세요. (에뮬레이터 시험용 거절)';
    const outcome = failure(session, 'REJECT_CARD_COMPANY', message);
    if (session.paymentKey && session.payment && ctx.abortPayment) {
      try {
        await ctx.abortPayment({
          paymentKey: session.paymentKey,
          orderId: session.payment.orderId,
          code: 'REJECT_CARD_COMPANY',
          message,
        });
      } catch {
        // the buyer still sees the refusal; the READY payment then simply expires
      }
    }
    return deliver(res, session, settle(session, outcome));
  }
  if (action !== 'approve') {
    sendHtml(res, 400, renderWindowPage(session, '결제, 거절, 취소 중 하나를 선택해주세요.'));
    return;
  }
  let choices: Record<string, unknown>;
  try {
    choices = readChoices(session, form);
  } catch (error) {
    sendHtml(
      res,
      400,
      renderWindowPage(
        session,
        error instanceof WindowRequestError ? error.message : '선택한 값이 올바르지 않습니다.',
      ),
    );
    return;
  }
  const pending = approve(session, choices, ctx);
  session.pending = pending;
  const outcome = await pending;
  session.pending = undefined;
  deliver(res, session, settle(session, outcome));
}

function settle(session: WindowSession, outcome: SessionOutcome): SessionOutcome {
  session.outcome = outcome;
  return outcome;
}

function deliver(res: ServerResponse, session: WindowSession, outcome: SessionOutcome): void {
  if (session.mode === 'redirect' && outcome.redirectUrl) {
    res.writeHead(303, { location: outcome.redirectUrl, 'cache-control': 'no-store', 'content-length': '0' });
    res.end();
    return;
  }
  sendHtml(res, 200, renderResultPage(session, outcome));
}

export { renderSdkScript } from './sdk-script.js';
export { WINDOW_BANKS, WINDOW_CARD_COMPANIES, WINDOW_METHODS } from './catalog.js';
