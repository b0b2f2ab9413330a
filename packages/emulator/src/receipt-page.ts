/**
 * The receipt page behind `receipt.url` (`/receipt/redirection?transactionId=<paymentKey>&ref=PX`, the path of the
 * gateway's dashboard receipt link, spec §3.1 `receipt`) and `mobilePhone.receiptUrl` (`/receipt/mobile/<paymentKey>`).
 *
 * It is laid out like the gateway's card receipt (카드 매출전표): the shop (MID), the order, the method with its card
 * or bank, the approval number, the installment, the amounts with supplied amount, VAT and tax-free part, the cancelled
 * amount and the status. The gateway's receipt shows the merchant's registered name, representative and business
 * number, which the emulator does not know: it shows the MID. Everything shown comes from the Payment.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BANK_NAMES, CARD_ISSUER_NAMES } from './gateway/institutions.js';
import type { EmulatorState, PaymentObject } from './state/index.js';

const STATUS_LABELS: Readonly<Record<string, string>> = {
  READY: '결제 대기',
  IN_PROGRESS: '인증 완료 (승인 전)',
  WAITING_FOR_DEPOSIT: '입금 대기',
  DONE: '승인',
  CANCELED: '취소',
  PARTIAL_CANCELED: '부분 취소',
  ABORTED: '승인 실패',
  EXPIRED: '만료',
};

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function won(value: number): string {
  return `${String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}원`;
}

function cardCompanyName(code: unknown): string {
  const name = typeof code === 'string' ? (CARD_ISSUER_NAMES[code] ?? code) : '';
  return name.endsWith('카드') ? name : `${name}카드`;
}

function bankName(code: unknown): string {
  return typeof code === 'string' ? (BANK_NAMES[code] ?? code) : '';
}

/** The method's own rows: card company, number, approval number, installment; or the bank. */
function methodRows(p: PaymentObject): [string, string][] {
  const rows: [string, string][] = [];
  const card = p.card as Record<string, unknown> | null;
  if (card !== null) {
    rows.push(['카드사', cardCompanyName(card['issuerCode'])]);
    rows.push(['카드번호', String(card['number'] ?? '')]);
    rows.push(['카드종류', `${String(card['cardType'] ?? '')} / ${String(card['ownerType'] ?? '')}`]);
    const months = Number(card['installmentPlanMonths'] ?? 0);
    rows.push(['할부', months > 0 ? `${months}개월` : '일시불']);
    rows.push(['승인번호', String(card['approveNo'] ?? '')]);
  }
  const transfer = p.transfer as Record<string, unknown> | null;
  if (transfer !== null) rows.push(['은행', bankName(transfer['bankCode'])]);
  const va = p.virtualAccount as Record<string, unknown> | null;
  if (va !== null) {
    rows.push(['은행', bankName(va['bankCode'])]);
    rows.push(['가상계좌', String(va['accountNumber'] ?? '')]);
  }
  const gift = p.giftCertificate as Record<string, unknown> | null;
  if (gift !== null) rows.push(['승인번호', String(gift['approveNo'] ?? '')]);
  const phone = p.mobilePhone as Record<string, unknown> | null;
  if (phone !== null) rows.push(['휴대폰 번호', String(phone['customerMobilePhone'] ?? '')]);
  return rows;
}

export function renderReceipt(p: PaymentObject): string {
  const canceled = (p.cancels ?? []).reduce((sum, c) => sum + c.cancelAmount, 0);
  const title = p.card !== null ? '카드 매출전표' : '결제 영수증';
  const rows: [string, string][] = [
    ['상점 (MID)', p.mId],
    ['주문번호', p.orderId],
    ['상품명', p.orderName],
    ['결제수단', p.method ?? '-'],
    ...methodRows(p),
    ['거래일시', p.approvedAt ?? p.requestedAt],
    ['거래상태', STATUS_LABELS[p.status] ?? p.status],
    ['공급가액', won(p.suppliedAmount)],
    ['부가세', won(p.vat)],
    ['면세', won(p.taxFreeAmount)],
  ];
  if (canceled > 0) rows.push(['취소 금액', won(canceled)]);
  rows.push(['합계', won(p.totalAmount)]);
  const body = rows
    .map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} - 토스페이먼츠 에뮬레이터</title>
<style>
body{font-family:system-ui,-apple-system,"Apple SD Gothic Neo","Noto Sans KR",sans-serif;background:#f2f4f6;color:#191f28;margin:0;padding:24px}
main{max-width:420px;margin:0 auto;background:#fff;border-radius:12px;padding:24px;box-shadow:0 4px 24px rgba(0,27,55,.1)}
h1{font-size:20px;margin:0 0 4px}p.note{color:#6b7684;font-size:12px;margin:0 0 16px}
table{width:100%;border-collapse:collapse}th,td{padding:8px 0;border-bottom:1px solid #e5e8eb;text-align:left;font-size:14px}
th{color:#4e5968;font-weight:500;width:40%}td{text-align:right}
</style></head>
<body><main data-testid="receipt"><h1>${escapeHtml(title)}</h1>
<p class="note">토스페이먼츠 에뮬레이터가 만든 시험용 영수증입니다. 실제 거래가 아닙니다.</p>
<table>
${body}
</table></main></body></html>`;
}

function notFound(): string {
  return `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>영수증을 찾을 수 없습니다</title></head>
<body><main><h1>영수증을 찾을 수 없습니다</h1><p>거래 번호(transactionId)가 올바르지 않거나 영수증이 없는 결제입니다.</p></main></body></html>`;
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(Buffer.byteLength(html)),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(res.req?.method === 'HEAD' ? undefined : html);
}

/** Answers GET/HEAD /receipt/... ; false for every other path. */
export function handleReceiptRequest(
  state: EmulatorState,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  search: string,
): boolean {
  if (path !== '/receipt' && !path.startsWith('/receipt/')) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-length': '0' });
    res.end();
    return true;
  }
  let key: string | null = null;
  if (path === '/receipt/redirection') key = new URLSearchParams(search).get('transactionId');
  else if (path.startsWith('/receipt/mobile/')) key = path.slice('/receipt/mobile/'.length);
  const rec = key === null ? undefined : state.findByKey(key);
  // a payment that never completed has no receipt (its `receipt` is null)
  if (!rec || rec.payment.status === 'EXPIRED' || rec.payment.status === 'ABORTED') {
    sendHtml(res, 404, notFound());
    return true;
  }
  sendHtml(res, 200, renderReceipt(rec.payment));
  return true;
}
