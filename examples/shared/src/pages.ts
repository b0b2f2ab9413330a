// The shop's pages: plain server-rendered HTML in Korean, a little vanilla JS where the browser must act
// (the checkout button, the admin's cancel forms). Both example servers render these same functions.
import { BANKS } from '@tosskit/core';
import type { LedgerTransaction, PaymentRecord } from '@tosskit/core';
import { formatWon, PRODUCTS } from './catalogue.js';
import type { PricedCart } from './catalogue.js';
import { Html, markup, jsonScript } from './html.js';
import type { OrderStatus, ShopOrder } from './order-store.js';

/** where tosskit serves the widget checkout (widget keys) */
export const BASE_PATH = '/payments';
/** where tosskit serves the payment-window checkout (API individual keys); mounted before BASE_PATH */
export const WINDOW_BASE_PATH = '/payments/window';

const ORDER_STATUS: Record<OrderStatus, string> = {
  PENDING: '결제 대기',
  WAITING_FOR_DEPOSIT: '입금 대기',
  PAID: '결제 완료',
  PARTIAL_CANCELED: '부분 취소',
  CANCELED: '취소됨',
  FAILED: '결제 실패',
  EXPIRED: '기한 만료',
};

const PAYMENT_STATUS: Record<string, string> = {
  READY: '준비',
  IN_PROGRESS: '인증 완료',
  WAITING_FOR_DEPOSIT: '입금 대기',
  DONE: '결제 완료',
  CANCELED: '취소됨',
  PARTIAL_CANCELED: '부분 취소',
  ABORTED: '승인 실패',
  EXPIRED: '기한 만료',
};

/**
 * The shop's name as registered with the gateway. A virtual account is the shop's account at the bank, so its
 * holder (예금주) is the shop, not the buyer (the buyer's name is the depositor, 입금자).
 */
export const SHOP_NAME = '토스킷 상점';

/** A small shopping-bag icon, inline: no request, no 404 for /favicon.ico. */
const FAVICON = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect x="5" y="10" width="22" height="19" rx="4" fill="#3182f6"/><path d="M11 12V9a5 5 0 0 1 10 0v3" fill="none" stroke="#3182f6" stroke-width="2.5"/></svg>',
)}`;

/** The emulator's webhook delivery states, in Korean. */
const DELIVERY_STATE: Record<string, string> = {
  pending: '재시도 대기',
  'in-flight': '보내는 중',
  delivered: '전달 완료',
  failed: '전달 실패',
  dropped: '유실 (장애 주입)',
  held: '보류 (장애 주입)',
};

const STYLE = `
body{font-family:system-ui,'Apple SD Gothic Neo','Noto Sans KR',sans-serif;max-width:960px;margin:0 auto;padding:0 16px 48px;color:#191f28}
header{display:flex;gap:16px;align-items:center;border-bottom:1px solid #e5e8eb;padding:12px 0;margin-bottom:16px}
header a{color:#333d4b;text-decoration:none}header .brand{font-weight:700;color:#3182f6;margin-right:auto}
table{border-collapse:collapse;width:100%;margin:8px 0}td,th{border-bottom:1px solid #e5e8eb;padding:6px 8px;text-align:left}
th{white-space:nowrap}table.log td:first-child{white-space:nowrap}table.log pre{white-space:pre-wrap;word-break:break-all;max-width:520px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:12px}
.card{border:1px solid #e5e8eb;border-radius:12px;padding:12px}.emoji{font-size:40px}
button,.button{background:#3182f6;color:#fff;border:0;border-radius:8px;padding:8px 14px;font-size:15px;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary{background:#e8f3ff;color:#1b64da}button:disabled{opacity:.5}
.error{color:#f04452}.notice{background:#f2f4f6;border-radius:8px;padding:12px}.dev{border:1px dashed #f59f00;border-radius:8px;padding:12px;margin-top:12px}
dl{display:grid;grid-template-columns:140px 1fr;gap:6px}dt{color:#6b7684}dd{margin:0}
details{margin:6px 0}input{padding:6px;border:1px solid #d1d6db;border-radius:6px}`;

export interface LayoutContext {
  cartCount: number;
  dev: boolean;
}

export function layout(title: string, body: Html, ctx: LayoutContext): string {
  return markup`<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} · ${SHOP_NAME}</title><link rel="icon" href="${FAVICON}"><style>${new Html(STYLE)}</style></head>
<body><header><a class="brand" href="/">${SHOP_NAME}</a><a href="/">상품</a>
<a href="/cart" data-testid="nav-cart">장바구니 (${ctx.cartCount})</a><a href="/orders">내 주문</a><a href="/admin">관리자</a>
${ctx.dev ? markup`<a href="/admin/webhooks">웹훅</a>` : ''}</header>
<main><h1>${title}</h1>${body}</main></body></html>`.value;
}

export function homePage(): Html {
  return markup`<p>가격은 서버의 상품표에서만 정해집니다. 장바구니에 담고 주문해 보세요.</p>
<div class="grid">${PRODUCTS.map(
    (
      p,
    ) => markup`<div class="card"><div class="emoji">${p.emoji}</div><strong>${p.name}</strong><p>${formatWon(p.price)}</p>
<form method="post" action="/cart/add"><input type="hidden" name="sku" value="${p.sku}">
<button data-testid="add-${p.sku}">장바구니에 담기</button></form></div>`,
  )}</div>`;
}

export function cartPage(priced: PricedCart | null): Html {
  if (!priced) return markup`<p class="notice">장바구니가 비어 있습니다. <a href="/">상품 보러 가기</a></p>`;
  return markup`<table><tr><th>상품</th><th>단가</th><th>수량</th><th>금액</th><th></th></tr>
${priced.lines.map(
  (
    l,
  ) => markup`<tr><td>${l.name}</td><td>${formatWon(l.price)}</td><td>${l.quantity}</td><td>${formatWon(l.subtotal)}</td>
<td><form method="post" action="/cart/remove"><input type="hidden" name="sku" value="${l.sku}"><button class="secondary">빼기</button></form></td></tr>`,
)}
<tr><th colspan="3">합계</th><th data-testid="cart-total">${formatWon(priced.amount)}</th><th></th></tr></table>
<a class="button" href="/checkout" data-testid="go-checkout">주문하기</a>`;
}

function methodLabel(order: ShopOrder, record: PaymentRecord | null): string {
  return record?.method ?? order.method ?? '-';
}

const bankName = (code: unknown) =>
  (typeof code === 'string' && (BANKS as Record<string, string>)[code]) || String(code ?? '-');

const dateTime = (at: unknown) =>
  typeof at === 'string' || typeof at === 'number'
    ? new Date(at).toLocaleString('ko-KR', { timeZone: 'Asia/Seoul' })
    : '-';

export interface OrderPageInput {
  order: ShopOrder;
  record: PaymentRecord | null;
  dev: boolean;
}

/** Success page and virtual-account instructions: what the ledger says about the order's payment. */
export function orderPage({ order, record, dev }: OrderPageInput): Html {
  const p = (record?.payment ?? {}) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const va = p.virtualAccount as Record<string, unknown> | undefined;
  const receiptUrl = p.receipt?.url as string | undefined;
  const waiting = order.status === 'WAITING_FOR_DEPOSIT';
  return markup`<p>주문번호 <code data-testid="order-id">${order.orderId}</code></p>
<p>상태: <strong data-testid="order-status" data-status="${order.status}">${ORDER_STATUS[order.status]}</strong></p>
<dl><dt>주문 상품</dt><dd>${order.orderName}</dd>
<dt>결제 금액</dt><dd data-testid="receipt-amount">${formatWon(record?.totalAmount ?? order.amount)}</dd>
${record && record.balanceAmount !== record.totalAmount ? markup`<dt>남은 금액</dt><dd>${formatWon(record.balanceAmount)}</dd>` : ''}
<dt>결제 수단</dt><dd data-testid="receipt-method">${methodLabel(order, record)}</dd>
${p.approvedAt ? markup`<dt>승인 시각</dt><dd data-testid="receipt-approved-at">${dateTime(p.approvedAt)}</dd>` : ''}
${receiptUrl ? markup`<dt>영수증</dt><dd><a data-testid="receipt-url" href="${receiptUrl}" target="_blank" rel="noopener">영수증 보기</a></dd>` : ''}
</dl>
${
  waiting && va
    ? markup`<div class="notice" data-testid="va-instructions"><h2>입금 안내</h2>
<dl><dt>은행</dt><dd data-testid="va-bank">${bankName(va.bankCode)}</dd>
<dt>계좌번호</dt><dd data-testid="va-account">${va.accountNumber}</dd>
<dt>예금주</dt><dd data-testid="va-holder">${SHOP_NAME}</dd>
<dt>입금 기한</dt><dd data-testid="va-due">${dateTime(va.dueDate)}</dd>
<dt>입금할 금액</dt><dd>${formatWon(order.amount)}</dd></dl>
<p>기한 안에 정확한 금액을 입금하면 결제가 완료됩니다. 입금이 확인되면 이 화면이 바뀝니다.</p></div>
${
  dev
    ? markup`<form class="dev" method="post" action="/dev/deposit/${order.orderId}"><strong>개발 모드</strong>
에뮬레이터가 은행 역할을 합니다: <button data-testid="simulate-deposit">입금 시뮬레이션</button></form>`
    : ''
}
<script>
// the deposit arrives as a webhook on the server; look again until the order changes
setInterval(async () => {
  const res = await fetch(location.pathname + '/status', { headers: { accept: 'application/json' } });
  if (res.ok && (await res.json()).status !== 'WAITING_FOR_DEPOSIT') location.reload();
}, 1000);
</script>`
    : ''
}
<p><a href="/orders">내 주문 보기</a> · <a href="/">쇼핑 계속하기</a></p>`;
}

export function failPage(input: { code: string; message: string; orderId: string | null }): Html {
  return markup`<p class="error">결제를 완료하지 못했습니다.</p>
<dl><dt>사유</dt><dd data-testid="fail-message">${input.message}</dd>
<dt>코드</dt><dd><code data-testid="fail-code">${input.code}</code></dd>
${input.orderId ? markup`<dt>주문번호</dt><dd>${input.orderId}</dd>` : ''}</dl>
<p>결제된 금액은 없습니다. <a href="/cart">장바구니로 돌아가 다시 시도하기</a></p>`;
}

export function notFoundPage(): Html {
  return markup`<p class="notice">없는 주문이거나 이 브라우저에서 한 주문이 아닙니다. <a href="/orders">내 주문 보기</a></p>`;
}

export function myOrdersPage(orders: ShopOrder[]): Html {
  if (orders.length === 0) return markup`<p class="notice">아직 주문이 없습니다.</p>`;
  return markup`<table data-testid="my-orders"><tr><th>주문일시</th><th>상품</th><th>금액</th><th>상태</th></tr>
${orders.map(
  (
    o,
  ) => markup`<tr><td>${dateTime(o.createdAt)}</td><td><a href="/orders/${o.orderId}">${o.orderName}</a></td>
<td>${formatWon(o.amount)}</td><td data-testid="my-order-status">${ORDER_STATUS[o.status]}</td></tr>`,
)}</table>`;
}

export function adminLoginPage(dev: boolean): Html {
  return dev
    ? markup`<p>개발 모드에서는 아래 버튼으로 <code>owner</code> 역할의 서명된 토큰(JWT, HS256)을 받습니다.</p>
<form method="post" action="/admin/login"><button data-testid="dev-login">개발용 관리자 로그인 (owner)</button></form>`
    : markup`<p class="notice">관리자 토큰이 필요합니다. 운영 환경에서는 실제 로그인 시스템이 역할(owner/manager/master)을 담은 토큰을 발급하세요.</p>`;
}

export interface AdminRow {
  record: PaymentRecord;
  transactions: LedgerTransaction[];
  order: ShopOrder | null;
}

/** Payments from the ledger; cancels go straight to the middleware's cancel route with the role token. */
export function adminPage({ rows, token, role }: { rows: AdminRow[]; token: string; role: string }): Html {
  return markup`<form method="post" action="/admin/logout">역할: <strong data-testid="admin-role">${role}</strong> <button class="secondary">로그아웃</button></form>
<p class="error" data-testid="admin-error" hidden></p>
${rows.length === 0 ? markup`<p class="notice">아직 결제가 없습니다.</p>` : ''}
${rows.map(({ record, transactions, order }) => {
  const cancelable =
    record.balanceAmount > 0 && (record.status === 'DONE' || record.status === 'PARTIAL_CANCELED');
  // a deposited virtual account is refunded by transfer: the gateway needs the account to send it to
  const refundsToAccount = record.method === '가상계좌';
  return markup`<section class="card" data-testid="admin-payment" data-order-id="${record.orderId}" data-payment-key="${record.paymentKey}" style="margin:12px 0">
<strong>${order?.orderName ?? record.orderId}</strong> · <span data-testid="admin-payment-status" data-status="${record.status}">${PAYMENT_STATUS[record.status] ?? record.status}</span>
<dl><dt>주문번호</dt><dd>${record.orderId}</dd><dt>결제 수단</dt><dd>${record.method ?? '-'}</dd>
<dt>결제 금액</dt><dd>${formatWon(record.totalAmount)}</dd><dt>취소 가능 금액</dt><dd data-testid="admin-balance">${formatWon(record.balanceAmount)}</dd></dl>
${
  cancelable
    ? markup`<form class="cancel" data-payment-key="${record.paymentKey}" data-base-path="${order?.checkout === 'window' ? WINDOW_BASE_PATH : BASE_PATH}">
<input name="cancelAmount" type="number" min="1" max="${record.balanceAmount}" placeholder="부분 취소 금액 (비우면 전액)" data-testid="cancel-amount" style="width:220px">
<input name="cancelReason" placeholder="취소 사유" value="고객 요청" data-testid="cancel-reason">
${
  refundsToAccount
    ? markup`<fieldset class="refund-account" data-testid="refund-account"><legend>환불 받을 계좌 (가상계좌 결제는 계좌로 환불됩니다)</legend>
<select name="refundBank" required data-testid="refund-bank"><option value="">은행 선택</option>${Object.entries(
        BANKS,
      ).map(([code, name]) => markup`<option value="${code}">${name}</option>`)}</select>
<input name="refundAccountNumber" required inputmode="numeric" autocomplete="off" placeholder="계좌번호 (숫자만)" data-testid="refund-account-number">
<input name="refundHolderName" required autocomplete="off" placeholder="예금주" data-testid="refund-holder-name"></fieldset>`
    : ''
}
<button data-testid="cancel-submit">취소하기</button></form>
<p class="error" data-testid="payment-error" hidden></p>`
    : ''
}
<details class="receipts" data-order-id="${record.orderId}"><summary>현금영수증</summary>
<table><tbody data-testid="receipt-rows"></tbody></table>
<form class="issue-receipt" data-order-id="${record.orderId}"><select name="type" data-testid="receipt-type"><option>소득공제</option><option>지출증빙</option></select>
<input name="customerIdentityNumber" placeholder="휴대폰/사업자 번호" data-testid="receipt-identity" autocomplete="off">
<input name="amount" type="number" min="1" placeholder="금액 (비우면 남은 금액)" data-testid="receipt-amount" style="width:180px">
<button data-testid="receipt-issue">발급하기</button></form></details>
<details open><summary>거래 내역 (${transactions.length})</summary><table>
<tr><th>거래</th><th>금액</th><th>상태</th><th>시각</th><th>사유</th></tr>
${transactions.map(
  (
    t,
  ) => markup`<tr data-testid="tx-row" data-kind="${t.kind}"><td>${t.kind === 'APPROVAL' ? '승인' : '취소'}</td><td>${formatWon(t.amount)}</td>
<td>${PAYMENT_STATUS[t.status] ?? t.status}</td><td>${dateTime(t.at)}</td><td>${t.reason ?? ''}</td></tr>`,
)}</table></details></section>`;
})}
<script>
const TOKEN = ${jsonScript(token)};
const errorBox = document.querySelector('[data-testid=admin-error]');
// the cancel route names the fields it refused (details.issues[].path)
const FIELD_LABELS = {
  cancelAmount: '취소 금액',
  cancelReason: '취소 사유',
  refundReceiveAccount: '환불 계좌',
  'refundReceiveAccount.bank': '은행',
  'refundReceiveAccount.accountNumber': '계좌번호',
  'refundReceiveAccount.holderName': '예금주',
};
for (const form of document.querySelectorAll('form.cancel')) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    form.querySelector('button').disabled = true;
    const body = { cancelReason: form.elements.cancelReason.value || '관리자 취소' };
    const amount = form.elements.cancelAmount.value.trim();
    if (amount) body.cancelAmount = Number(amount);
    if (form.elements.refundBank) {
      body.refundReceiveAccount = {
        bank: form.elements.refundBank.value,
        accountNumber: form.elements.refundAccountNumber.value.replace(/[\s-]/g, ''),
        holderName: form.elements.refundHolderName.value.trim(),
      };
    }
    // the checkout's own tosskit route: a payment is cancelled with the secret key of the set that took it
    const res = await fetch(form.dataset.basePath + '/payments/' + encodeURIComponent(form.dataset.paymentKey) + '/cancel', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: 'Bearer ' + TOKEN },
      body: JSON.stringify(body),
    });
    if (res.ok) return location.reload();
    const problem = await res.json().catch(() => ({}));
    // the error belongs to this payment: shown under its own form, not at the top of the page
    const paymentError = form.closest('[data-testid=admin-payment]').querySelector('[data-testid=payment-error]');
    const fields = (problem.details?.issues || []).map((issue) => FIELD_LABELS[issue.path] || issue.path);
    paymentError.textContent =
      (problem.message || '취소하지 못했습니다') +
      (fields.length ? ' 확인할 항목: ' + [...new Set(fields)].join(', ') + '.' : '') +
      ' (' + (problem.code || res.status) + ')';
    paymentError.hidden = false;
    form.querySelector('button').disabled = false;
  });
}
// cash receipts: tosskit's operator routes, with the same role token
const RECEIPT_STATUS = { IN_PROGRESS: '발급 중', COMPLETED: '발급 완료', FAILED: '발급 실패' };
async function receiptsApi(path, body) {
  const res = await fetch(${jsonScript(BASE_PATH)} + '/cash-receipts' + path, {
    method: body ? 'POST' : 'GET',
    headers: { accept: 'application/json', authorization: 'Bearer ' + TOKEN, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error((json.message || '요청하지 못했습니다') + ' (' + (json.code || res.status) + ')');
  return json;
}
async function showReceipts(details) {
  const { receipts } = await receiptsApi('?orderId=' + encodeURIComponent(details.dataset.orderId));
  const rows = details.querySelector('[data-testid=receipt-rows]');
  rows.replaceChildren();
  for (const r of receipts) {
    const tr = document.createElement('tr');
    tr.dataset.testid = 'receipt-row';
    tr.dataset.transactionType = r.transactionType;
    for (const text of [r.transactionType === 'CANCEL' ? '취소' : '발급', r.type, r.amount.toLocaleString('ko-KR') + '원', RECEIPT_STATUS[r.issueStatus] || r.issueStatus, r.customerIdentityNumber || '-', r.receiptKey]) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    rows.append(tr);
  }
  details.querySelector('summary').textContent = '현금영수증 (' + receipts.length + ')';
}
for (const details of document.querySelectorAll('details.receipts')) {
  showReceipts(details).catch(() => {});
}
for (const form of document.querySelectorAll('form.issue-receipt')) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    form.querySelector('button').disabled = true;
    try {
      const body = { orderId: form.dataset.orderId, type: form.elements.type.value, customerIdentityNumber: form.elements.customerIdentityNumber.value.trim() };
      const amount = form.elements.amount.value.trim();
      if (amount) body.amount = Number(amount);
      await receiptsApi('', body);
      form.elements.customerIdentityNumber.value = '';
      await showReceipts(form.closest('details'));
    } catch (error) {
      errorBox.textContent = error.message;
      errorBox.hidden = false;
    }
    form.querySelector('button').disabled = false;
  });
}
</script>`;
}

// a virtual account's `secret` proves a deposit callback is genuine: not something to put on a screen
const hideSecret = (key: string, value: unknown) =>
  key === 'secret' && typeof value === 'string' ? `${value.slice(0, 3)}…(숨김)` : value;

/** The emulator's delivery log (its `Delivery` objects): what reached the shop's webhook route and how it answered. */
export function webhooksPage(deliveries: Record<string, unknown>[], error: string | null): Html {
  return markup`<p>에뮬레이터가 이 상점의 <code>${BASE_PATH}/webhook</code>으로 보낸 웹훅입니다 (최신 순). <a href="/admin/webhooks">새로고침</a></p>
${error ? markup`<p class="error">${error}</p>` : ''}
<table class="log" data-testid="webhooks"><tr><th>시각</th><th>이벤트</th><th>상태</th><th>응답</th><th>시도</th><th>내용</th></tr>
${[...deliveries].reverse().map((d) => {
  const attempts = Array.isArray(d.attempts) ? (d.attempts as { status: number | null }[]) : [];
  const last = attempts[attempts.length - 1];
  return markup`<tr data-testid="webhook-row" data-event="${String(d.eventType)}"><td>${dateTime(d.createdAt)}</td><td>${String(d.eventType)}</td>
<td data-testid="webhook-state" data-state="${String(d.state ?? '')}">${DELIVERY_STATE[String(d.state)] ?? String(d.state ?? '-')}</td><td>${last ? String(last.status ?? '응답 없음') : '-'}</td><td>${attempts.length}</td>
<td><details><summary>보기</summary><pre>${JSON.stringify(d.body, hideSecret, 2)}</pre></details></td></tr>`;
})}</table>`;
}
