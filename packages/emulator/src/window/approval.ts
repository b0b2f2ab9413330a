// What the window does when the buyer decides: the authorization input from the page's request, the buyer's
// choices read from the form, the authorization itself and the failure outcome (with its failUrl redirect).
import type { WindowAuthorizeInput, WindowContext } from './index.js';
import { findBank, findCardCompany, WINDOW_MOBILE_CARRIERS, CASH_RECEIPT_TYPES } from './catalog.js';
import { describeError, withQuery } from './http.js';
import { windowOptions } from './request-options.js';
import { ANONYMOUS, WindowRequestError, type SessionOutcome, type WindowSession } from './sessions.js';
import { allowedCarriers, allowedInstallments } from './window-page.js';

/** What every authorization carries from the page's request (the buyer's choices are added on approval). */
export function authorizeInput(session: WindowSession): WindowAuthorizeInput {
  const p = session.payment!;
  const input: WindowAuthorizeInput = {
    orderId: p.orderId,
    amount: p.amount.value,
    currency: p.amount.currency,
    orderName: p.orderName,
    method: p.method,
    clientKey: session.clientKey,
    paymentType: 'NORMAL',
  };
  if (session.customerKey !== ANONYMOUS) input.customerKey = session.customerKey;
  if (p.customerName !== undefined) input.customerName = p.customerName;
  if (p.customerEmail !== undefined) input.customerEmail = p.customerEmail;
  if (p.customerMobilePhone !== undefined) input.customerMobilePhone = p.customerMobilePhone;
  if (p.taxFreeAmount !== undefined) input.taxFreeAmount = p.taxFreeAmount;
  if (p.metadata !== undefined) input.metadata = p.metadata;
  if (p.method === 'VIRTUAL_ACCOUNT') {
    if (p.virtualAccount?.validHours !== undefined) input.validHours = p.virtualAccount.validHours;
    if (p.virtualAccount?.dueDate !== undefined) input.dueDate = p.virtualAccount.dueDate;
  }
  if (p.method === 'CARD' && p.card?.easyPay) input.easyPayProvider = p.card.easyPay;
  if (p.foreignEasyPay) input.foreignEasyPay = p.foreignEasyPay;
  Object.assign(input, windowOptions(p));
  return input;
}

/** The buyer's picks from the form, checked against what the window offered. */
export function readChoices(session: WindowSession, form: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const method = session.billing?.method ?? session.payment!.method;
  const pick = (name: string) => form.get(name) ?? undefined;
  if (method === 'CARD') {
    const company = findCardCompany(
      pick('cardCompany') ?? session.payment?.card?.cardCompany ?? session.billing?.cardCompany ?? 'KOOKMIN',
    );
    if (!company) throw new WindowRequestError('INVALID_CARD_COMPANY', '카드사를 선택해주세요.');
    out.cardCompany = company.numericCode;
    out.cardCompanyCode = company.code;
    if (session.payment) {
      const months = Number(pick('installment') ?? '0');
      if (!allowedInstallments(session).includes(months))
        throw new WindowRequestError('INVALID_CARD_INSTALLMENT_PLAN', '선택할 수 없는 할부 개월 수입니다.');
      out.installmentPlanMonths = months;
    }
  }
  if (method === 'VIRTUAL_ACCOUNT' || method === 'TRANSFER') {
    const bank = findBank(pick('bank') ?? 'KOOKMIN');
    if (!bank) throw new WindowRequestError('INVALID_BANK', '은행을 선택해주세요.');
    out.bank = bank.numericCode;
    out.bankCode = bank.numericCode;
    if (session.payment) {
      const type = pick('cashReceipt') ?? '미발행';
      if (!(CASH_RECEIPT_TYPES as readonly string[]).includes(type))
        throw new WindowRequestError('INVALID_PARAMETER', '현금영수증 종류가 올바르지 않습니다.');
      out.cashReceipt = { type };
    }
  }
  if (method === 'MOBILE_PHONE') {
    const carrier = pick('carrier') ?? allowedCarriers(session)[0]?.code;
    if (
      !allowedCarriers(session).some((c) => c.code === carrier) ||
      !WINDOW_MOBILE_CARRIERS.some((c) => c.code === carrier)
    ) {
      throw new WindowRequestError('INVALID_PARAMETER', '통신사를 선택해주세요.');
    }
    out.mobileCarrier = carrier;
  }
  return out;
}

export async function approve(
  session: WindowSession,
  choices: Record<string, unknown>,
  ctx: WindowContext,
): Promise<SessionOutcome> {
  try {
    if (session.billing) {
      const b = session.billing;
      const input: Parameters<WindowContext['authorizeBilling']>[0] = {
        customerKey: session.customerKey,
        clientKey: session.clientKey,
        method: b.method,
        ...choices,
      };
      if (b.customerName !== undefined) input.customerName = b.customerName;
      if (b.customerEmail !== undefined) input.customerEmail = b.customerEmail;
      const auth = await ctx.authorizeBilling(input);
      const result = { customerKey: auth.customerKey, authKey: auth.authKey };
      return {
        ok: true,
        result,
        redirectUrl: withQuery(session.successUrl!, [
          ['customerKey', auth.customerKey],
          ['authKey', auth.authKey],
        ]),
      };
    }
    const p = session.payment!;
    const input = { ...authorizeInput(session), ...choices };
    if (session.paymentKey) input.paymentKey = session.paymentKey;
    const auth = await ctx.authorizePayment(input);
    const amount = { currency: p.amount.currency, value: p.amount.value };
    const widget = session.kind === 'widget';
    const result: Record<string, unknown> = widget
      ? { paymentType: 'NORMAL', paymentKey: auth.paymentKey, orderId: auth.orderId, amount }
      : { paymentKey: auth.paymentKey, orderId: auth.orderId, amount };
    const outcome: SessionOutcome = { ok: true, result };
    if (session.mode === 'redirect' && session.successUrl) {
      const params: [string, string][] = [
        ['paymentKey', auth.paymentKey],
        ['orderId', auth.orderId],
        ['amount', String(p.amount.value)],
      ];
      if (widget) params.unshift(['paymentType', 'NORMAL']);
      outcome.redirectUrl = withQuery(session.successUrl, params);
    }
    return outcome;
  } catch (error) {
    const { code, message } = describeError(error);
    return failure(session, code, message);
  }
}

export function failure(session: WindowSession, code: string, message: string): SessionOutcome {
  const outcome: SessionOutcome = { ok: false, code, message };
  if (session.mode === 'redirect' && session.failUrl) {
    const params: [string, string][] = [
      ['code', code],
      ['message', message],
    ];
    if (session.payment) params.push(['orderId', session.payment.orderId]);
    outcome.redirectUrl = withQuery(session.failUrl, params);
  }
  return outcome;
}
