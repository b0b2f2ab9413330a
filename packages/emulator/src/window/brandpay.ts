// The BrandPay window behind the SDK stand-in's `brandpay({ customerKey, redirectUrl })`
// (docs.tosspayments.com/sdk/v2/js, "브랜드페이"; v2 SDK typings TossPaymentsBrandpay).
//
// Routes:
//   POST /window/brandpay/sessions        JSON { clientKey, customerKey, redirectUrl, op, request, openerOrigin }
//   GET  /window/brandpay/pay?session=ID  the window
//   POST /window/brandpay/pay?session=ID  action=register|registered|approve|cancel
//   GET  /window/brandpay/status          ?clientKey&customerKey → { registered, oneTouchEnabled }
//
// First use (the buyer has no BrandPay yet): the buyer agrees to the terms and enters a card; the window sends the
// browser to the shop's redirectUrl with `code` and `customerKey` (docs.tosspayments.com/guides/v2/brandpay/auth),
// the shop trades the code for an Access Token, and only then the card can pay. The window loads redirectUrl in a
// frame and checks with the emulator's state that the code was traded; if not, the request fails.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WindowAuthorizeInput } from './index.js';
import { findCardCompany } from './catalog.js';
import {
  BodyTooLargeError,
  MAX_FORM_BODY,
  MAX_JSON_BODY,
  describeError,
  methodNotAllowed,
  preflight,
  readBody,
  sendHtml,
  sendJson,
  withQuery,
} from './http.js';
import {
  renderManage,
  renderPay,
  renderRedirectTrip,
  renderSignUp,
  type RegisteredCard,
} from './brandpay-page.js';
import {
  ANONYMOUS,
  SESSION_TTL_MS,
  WindowRequestError,
  verifyCustomerKey,
  verifyOrderId,
  verifyOrderName,
  verifyRedirectUrl,
  type SessionOutcome,
} from './sessions.js';
import { renderNoticePage, renderResultPage } from './window-page.js';

/** What the BrandPay window needs from the emulator's state (state/brandpay.ts). */
export interface BrandpayPort {
  isRegistered(customerKey: string): boolean;
  cards(customerKey: string): RegisteredCard[];
  oneTouchEnabled(customerKey: string): boolean;
  /** terms agreed and a card entered: the one-time code for the shop's redirectUrl */
  issueCode(input: { customerKey: string; clientKey: string; cardCompany: string }): string;
  codeExchanged(code: string): boolean;
  addCard(customerKey: string, cardCompany: string): void;
  setOneTouch(customerKey: string, enabled: boolean): void;
}

export interface BrandpayWindowContext {
  brandpay: BrandpayPort;
  clientKeyFamily(clientKey: string): 'api' | 'widget' | null;
  authorizePayment(
    input: WindowAuthorizeInput,
  ):
    | { paymentKey: string; orderId: string; amount: number }
    | Promise<{ paymentKey: string; orderId: string; amount: number }>;
  now(): number;
}

export type BrandpayOp =
  | 'payment'
  | 'addPaymentMethod'
  | 'openSettings'
  | 'changePassword'
  | 'changeOneTouchPay';
const OPS: readonly BrandpayOp[] = [
  'payment',
  'addPaymentMethod',
  'openSettings',
  'changePassword',
  'changeOneTouchPay',
];

export interface BrandpaySession {
  id: string;
  op: BrandpayOp;
  mode: 'redirect' | 'iframe';
  clientKey: string;
  customerKey: string;
  redirectUrl: string | null;
  openerOrigin: string;
  payment?: {
    amount: { currency: 'KRW'; value: number };
    orderId: string;
    orderName: string;
    customerName?: string;
    customerEmail?: string;
  };
  successUrl?: string;
  failUrl?: string;
  /** the code sent to redirectUrl, while the window waits for the shop to trade it */
  code?: string;
  createdAt: number;
  outcome?: SessionOutcome;
}

const sessions = new Map<string, BrandpaySession>();

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function buildBrandpaySession(body: unknown, ctx: BrandpayWindowContext): BrandpaySession {
  if (!isObject(body)) throw new WindowRequestError('INVALID_PARAMETER', '요청 본문이 JSON 객체가 아닙니다.');
  const clientKey = typeof body.clientKey === 'string' ? body.clientKey : '';
  const family = clientKey === '' ? null : ctx.clientKeyFamily(clientKey);
  if (family === null)
    throw new WindowRequestError(
      'INVALID_CLIENT_KEY',
      '에뮬레이터에 등록되지 않은 클라이언트 키입니다.',
      401,
    );
  if (family !== 'api')
    throw new WindowRequestError(
      'NOT_SUPPORTED_WIDGET_KEY',
      '브랜드페이는 API 개별 연동 키(ck)로만 쓸 수 있습니다. 결제위젯 연동 키(gck)는 지원하지 않습니다.',
    );
  const customerKey = verifyCustomerKey(body.customerKey);
  if (customerKey === ANONYMOUS)
    throw new WindowRequestError(
      'INVALID_CUSTOMER_KEY',
      '브랜드페이에는 구매자를 식별하는 customerKey가 필요합니다.',
    );
  const op = OPS.find((o) => o === body.op);
  if (op === undefined)
    throw new WindowRequestError('INVALID_PARAMETER', `알 수 없는 브랜드페이 요청입니다: ${String(body.op)}`);
  const redirectUrl =
    body.redirectUrl === undefined || body.redirectUrl === null
      ? null
      : verifyRedirectUrl(body.redirectUrl, 'success');
  // The SDK falls back to the first redirect URL registered in the developer center; the emulator has none.
  if (redirectUrl === null && !ctx.brandpay.isRegistered(customerKey))
    throw new WindowRequestError(
      'NOT_REGISTERED_REDIRECT_URL',
      'redirectUrl이 없습니다. brandpay({ customerKey, redirectUrl })에 Access Token을 발급받을 상점 URL을 넣어주세요.',
    );
  const session: BrandpaySession = {
    id: `bs_${randomBytes(16).toString('hex')}`,
    op,
    mode: 'iframe',
    clientKey,
    customerKey,
    redirectUrl,
    openerOrigin: verifyOpener(body.openerOrigin),
    createdAt: ctx.now(),
  };
  if (op === 'payment') readPaymentRequest(session, body.request);
  return session;
}

function readPaymentRequest(session: BrandpaySession, raw: unknown): void {
  if (!isObject(raw))
    throw new WindowRequestError('INVALID_PARAMETER', '결제 요청 파라미터가 올바르지 않습니다.');
  const a = raw.amount;
  // BrandpayAmount: "브랜드페이는 KRW 결제만 지원합니다" (SDK typings)
  if (!isObject(a) || a.currency !== 'KRW')
    throw new WindowRequestError('INVALID_AMOUNT_CURRENCY', '브랜드페이는 원화(KRW) 결제만 지원합니다.');
  if (typeof a.value !== 'number' || !Number.isSafeInteger(a.value))
    throw new WindowRequestError('INVALID_AMOUNT_VALUE', '결제 금액은 정수(원 단위)여야 합니다.');
  if (a.value <= 0) throw new WindowRequestError('BELOW_ZERO_AMOUNT', '결제 금액은 0원보다 커야 합니다.');
  session.payment = {
    amount: { currency: 'KRW', value: a.value },
    orderId: verifyOrderId(raw.orderId),
    orderName: verifyOrderName(raw.orderName),
  };
  if (typeof raw.customerName === 'string') session.payment.customerName = raw.customerName.slice(0, 100);
  if (typeof raw.customerEmail === 'string') session.payment.customerEmail = raw.customerEmail.slice(0, 100);
  const hasUrls = raw.successUrl !== undefined && raw.successUrl !== null;
  if (hasUrls || (raw.failUrl !== undefined && raw.failUrl !== null)) {
    session.successUrl = verifyRedirectUrl(raw.successUrl, 'success');
    session.failUrl = verifyRedirectUrl(raw.failUrl, 'fail');
    session.mode = 'redirect';
  }
}

function verifyOpener(value: unknown): string {
  if (value === 'null') return value;
  try {
    const url = new URL(String(value));
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
  } catch {
    // fall through
  }
  throw new WindowRequestError('INVALID_PARAMETER', 'openerOrigin이 올바르지 않습니다.');
}

/** Answers the /window/brandpay/... routes; false for any other path. */
export async function handleBrandpayWindow(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: BrandpayWindowContext,
): Promise<boolean> {
  const method = (req.method ?? 'GET').toUpperCase();
  try {
    switch (url.pathname) {
      case '/window/brandpay/sessions':
        if (method === 'OPTIONS') return preflight(res);
        if (method !== 'POST') return (methodNotAllowed(res, 'POST, OPTIONS'), true);
        await createBrandpaySession(req, res, ctx);
        return true;
      case '/window/brandpay/status': {
        if (method === 'OPTIONS') return preflight(res);
        const customerKey = url.searchParams.get('customerKey') ?? '';
        sendJson(res, 200, {
          registered: ctx.brandpay.isRegistered(customerKey),
          oneTouchEnabled: ctx.brandpay.oneTouchEnabled(customerKey),
        });
        return true;
      }
      case '/window/brandpay/pay': {
        if (method !== 'GET' && method !== 'POST') return (methodNotAllowed(res, 'GET, POST'), true);
        const form = method === 'POST' ? new URLSearchParams(await readBody(req, MAX_FORM_BODY)) : null;
        await brandpayRoute(res, ctx, url.searchParams.get('session') ?? '', form);
        return true;
      }
      default:
        return false;
    }
  } catch (error) {
    if (res.headersSent) res.end();
    else if (error instanceof BodyTooLargeError)
      sendJson(res, 413, { code: 'PAYLOAD_TOO_LARGE', message: '요청 본문이 너무 큽니다.' });
    else sendJson(res, 500, { code: 'INTERNAL_ERROR', message: '브랜드페이 창에서 오류가 발생했습니다.' });
    return true;
  }
}

async function createBrandpaySession(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: BrandpayWindowContext,
): Promise<void> {
  let session: BrandpaySession;
  try {
    session = buildBrandpaySession(JSON.parse(await readBody(req, MAX_JSON_BODY)) as unknown, ctx);
  } catch (error) {
    if (error instanceof WindowRequestError)
      return sendJson(res, error.status, { code: error.code, message: error.message });
    if (error instanceof SyntaxError)
      return sendJson(res, 400, {
        code: 'INVALID_PARAMETER',
        message: '요청 본문이 올바른 JSON이 아닙니다.',
      });
    throw error;
  }
  for (const [id, s] of sessions) if (ctx.now() - s.createdAt > 2 * SESSION_TTL_MS) sessions.delete(id);
  sessions.set(session.id, session);
  const path = `window/brandpay/pay?session=${encodeURIComponent(session.id)}`;
  sendJson(res, 201, { sessionId: session.id, mode: session.mode, path });
}

async function brandpayRoute(
  res: ServerResponse,
  ctx: BrandpayWindowContext,
  id: string,
  form: URLSearchParams | null,
): Promise<void> {
  const session = sessions.get(id);
  if (!session) {
    sendHtml(
      res,
      404,
      renderNoticePage('브랜드페이 창을 찾을 수 없습니다', '창이 만료되었거나 주소가 올바르지 않습니다.'),
    );
    return;
  }
  if (session.outcome) return deliver(res, session, session.outcome);
  if (ctx.now() - session.createdAt > SESSION_TTL_MS)
    return finish(
      res,
      session,
      failure(session, 'PAY_PROCESS_ABORTED', '브랜드페이 창의 유효 시간(30분)이 지났습니다.'),
    );
  const bp = ctx.brandpay;
  const action = form?.get('action') ?? null;
  if (action === 'cancel')
    return finish(res, session, failure(session, 'USER_CANCEL', '사용자가 브랜드페이 창을 닫았습니다.'));
  if (!bp.isRegistered(session.customerKey)) return signUp(res, ctx, session, action, form);
  // just signed up through addPaymentMethod: the card entered there is the one added
  if (action === 'registered' && session.op === 'addPaymentMethod')
    return finish(res, session, { ok: true, result: {} });
  if (action === 'approve') return finish(res, session, await approve(ctx, session, form!));
  sendHtml(res, 200, currentPage(ctx, session));
}

/** The first use: terms + card, the redirectUrl trip, and the check that the shop traded the code. */
function signUp(
  res: ServerResponse,
  ctx: BrandpayWindowContext,
  session: BrandpaySession,
  action: string | null,
  form: URLSearchParams | null,
): void {
  if (action === 'register' && session.code === undefined) {
    const company = findCardCompany(form?.get('cardCompany') ?? 'KOOKMIN');
    if (!company || form?.get('terms') !== 'agreed') {
      sendHtml(res, 400, renderSignUp(session, '약관에 동의하고 카드를 선택해주세요.'));
      return;
    }
    session.code = ctx.brandpay.issueCode({
      customerKey: session.customerKey,
      clientKey: session.clientKey,
      cardCompany: company.numericCode,
    });
  }
  if (session.code === undefined) return void sendHtml(res, 200, renderSignUp(session));
  const trip = withQuery(session.redirectUrl!, [
    ['code', session.code],
    ['customerKey', session.customerKey],
  ]);
  if (action !== 'registered') return void sendHtml(res, 200, renderRedirectTrip(session, trip));
  // the redirectUrl page loaded: the shop's server had to trade the code for an Access Token on the way
  finish(
    res,
    session,
    failure(
      session,
      'PAY_PROCESS_ABORTED',
      '상점 서버가 인증 코드로 Access Token을 발급받지 않았습니다. redirectUrl에서 /v1/brandpay/authorizations/access-token을 호출하세요.',
    ),
  );
}

function currentPage(ctx: BrandpayWindowContext, session: BrandpaySession): string {
  const cards = ctx.brandpay.cards(session.customerKey);
  if (session.op === 'payment') return renderPay(session, cards);
  return renderManage(session, cards, ctx.brandpay.oneTouchEnabled(session.customerKey));
}

async function approve(
  ctx: BrandpayWindowContext,
  session: BrandpaySession,
  form: URLSearchParams,
): Promise<SessionOutcome> {
  const bp = ctx.brandpay;
  switch (session.op) {
    case 'addPaymentMethod': {
      const company = findCardCompany(form.get('cardCompany') ?? '');
      if (!company) return failure(session, 'INVALID_PARAMETER', '카드를 선택해주세요.');
      bp.addCard(session.customerKey, company.numericCode);
      return { ok: true, result: {} };
    }
    case 'changeOneTouchPay':
      bp.setOneTouch(session.customerKey, form.get('oneTouch') === 'on');
      return { ok: true, result: {} };
    case 'payment':
      return pay(ctx, session, form);
    default:
      return { ok: true, result: {} };
  }
}

async function pay(
  ctx: BrandpayWindowContext,
  session: BrandpaySession,
  form: URLSearchParams,
): Promise<SessionOutcome> {
  const cards = ctx.brandpay.cards(session.customerKey);
  const card = cards.find((c) => c.methodKey === form.get('methodKey')) ?? cards.at(-1);
  const p = session.payment!;
  if (card === undefined) return failure(session, 'INVALID_PARAMETER', '등록된 결제수단이 없습니다.');
  try {
    const input: WindowAuthorizeInput = {
      orderId: p.orderId,
      amount: p.amount.value,
      orderName: p.orderName,
      method: 'CARD',
      currency: 'KRW',
      clientKey: session.clientKey,
      customerKey: session.customerKey,
      cardCompany: card.cardCompany,
      paymentType: 'BRANDPAY',
    };
    if (p.customerName !== undefined) input.customerName = p.customerName;
    const auth = await ctx.authorizePayment(input);
    const outcome: SessionOutcome = {
      ok: true,
      result: {
        paymentKey: auth.paymentKey,
        orderId: auth.orderId,
        amount: { currency: 'KRW', value: p.amount.value },
      },
    };
    // "{successUrl}?amount={AMOUNT}&orderId={ORDER_ID}&paymentKey={PAYMENT_KEY}" (SDK typings, brandpay.requestPayment)
    if (session.mode === 'redirect')
      outcome.redirectUrl = withQuery(session.successUrl!, [
        ['amount', String(p.amount.value)],
        ['orderId', auth.orderId],
        ['paymentKey', auth.paymentKey],
      ]);
    return outcome;
  } catch (error) {
    const { code, message } = describeError(error);
    return failure(session, code, message);
  }
}

function failure(session: BrandpaySession, code: string, message: string): SessionOutcome {
  const outcome: SessionOutcome = { ok: false, code, message };
  if (session.mode === 'redirect' && session.failUrl) {
    const params: [string, string][] = [
      ['code', code === 'USER_CANCEL' ? 'PAY_PROCESS_CANCELED' : code],
      ['message', message],
    ];
    if (session.payment) params.push(['orderId', session.payment.orderId]);
    outcome.redirectUrl = withQuery(session.failUrl, params);
  }
  return outcome;
}

function finish(res: ServerResponse, session: BrandpaySession, outcome: SessionOutcome): void {
  session.outcome = outcome;
  deliver(res, session, outcome);
}

function deliver(res: ServerResponse, session: BrandpaySession, outcome: SessionOutcome): void {
  if (session.mode === 'redirect' && outcome.redirectUrl) {
    res.writeHead(303, { location: outcome.redirectUrl, 'cache-control': 'no-store', 'content-length': '0' });
    res.end();
    return;
  }
  sendHtml(res, 200, renderResultPage(session, outcome));
}
