/**
 * The dashboard's page (`GET /__emulator/dashboard`): plain HTML, no build step. The lists are empty here; the
 * script (script.ts) fills them from the control API and keeps them live with its server-sent events.
 * Texts carry `data-i18n` keys; the script puts in the Korean or English words (i18n.ts).
 */
import { API_ROUTES } from '../faults.js';
import { PAYMENT_STATUSES } from '../control-views.js';
import { METHOD_NAMES } from '../gateway/methods.js';
import { WEBHOOK_EVENT_TYPES } from '../webhook-events.js';

const options = (values: readonly string[]) =>
  values.map((v) => `<option value="${v}">${v}</option>`).join('');

const STYLE = `
body{font:14px/1.45 system-ui,'Apple SD Gothic Neo','Noto Sans KR',sans-serif;margin:0;color:#191f28;background:#f2f4f6}
header{display:flex;gap:16px;align-items:center;padding:10px 20px;background:#0064ff;color:#fff}
header h1{font-size:17px;margin:0;flex:1}
header button{background:#fff;color:#0064ff;border:0;border-radius:6px;padding:4px 10px;cursor:pointer}
main{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:16px;padding:16px 20px}
section{background:#fff;border-radius:10px;padding:12px 16px}
section.wide{grid-column:1/-1}
h2{font-size:15px;margin:4px 0 10px}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:5px 6px;border-bottom:1px solid #e5e8eb;font-size:13px;vertical-align:top}
tbody tr.payment{cursor:pointer}
tbody tr.payment:hover,tbody tr.selected{background:#e8f3ff}
form{display:flex;flex-wrap:wrap;gap:6px;align-items:center;margin:6px 0}
input,select,button{font:inherit}
button{cursor:pointer}
.status{font-weight:600}
#message{margin:10px 20px;padding:8px 12px;border-radius:8px;background:#ffeeee;color:#c92a2a}
#message.ok{background:#e6fcf5;color:#087f5b}
#timeline{list-style:none;padding:0;margin:0}
#timeline>li{border-left:3px solid #d1d6db;padding:4px 10px;margin:6px 0}
#timeline>li[data-kind=delivery]{border-color:#0064ff}
#timeline>li[data-kind=cancel]{border-color:#f03e3e}
.time{color:#6b7684;font-size:12px;margin-right:6px}
pre{background:#f9fafb;padding:6px;overflow:auto;max-height:220px;font-size:12px;margin:4px 0}
.attempts{padding-left:18px;margin:4px 0}
.muted{color:#8b95a1}
.events label{margin-right:8px;white-space:nowrap}
`;

/** The whole page; `apiUrl` is shown so a developer sees where the shop should point. */
export function dashboardPage(apiUrl: string): string {
  return `<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>tosskit 에뮬레이터 대시보드</title><style>${STYLE}</style></head>
<body>
<header><h1 data-i18n="title">tosskit 에뮬레이터 대시보드</h1>
<span><span data-i18n="apiBase">API</span> <code>${apiUrl}</code></span>
<span data-testid="clock"><span data-i18n="clock">시계</span> <b id="clock"></b></span>
<span id="live" data-testid="live" data-state="connecting"></span>
<button id="lang" type="button" data-testid="lang-switch">English</button></header>
<p id="message" data-testid="message" role="alert" hidden></p>
<main>
<section><h2 data-i18n="payments">결제</h2>
<form id="filters" data-testid="filters">
<select name="status" data-testid="filter-status"><option value="" data-i18n="allStatuses">모든 상태</option>${options(PAYMENT_STATUSES)}</select>
<select name="method" data-testid="filter-method"><option value="" data-i18n="allMethods">모든 결제수단</option>${options(Object.keys(METHOD_NAMES))}</select>
<input name="orderId" data-testid="filter-order-id" data-i18n-ph="orderId" placeholder="주문번호">
<label><span data-i18n="from">부터</span> <input type="date" name="from" data-testid="filter-from"></label>
<label><span data-i18n="to">까지</span> <input type="date" name="to" data-testid="filter-to"></label>
<button type="reset" data-i18n="clearFilters">필터 지우기</button></form>
<table data-testid="payments"><thead><tr><th data-i18n="requestedAt">요청 시각</th><th data-i18n="orderId">주문번호</th>
<th data-i18n="orderName">주문명</th><th data-i18n="method">결제수단</th><th data-i18n="status">상태</th><th data-i18n="amount">금액</th></tr></thead>
<tbody id="payment-rows"></tbody></table>
<p id="no-payments" class="muted" data-i18n="noPayments">결제가 없습니다.</p></section>
<section id="detail" data-testid="payment-detail"><h2 data-i18n="timeline">타임라인</h2>
<p id="no-detail" class="muted" data-i18n="pickPayment">목록에서 결제를 고르세요.</p>
<div id="detail-body" hidden>
<p><b id="detail-order" data-testid="detail-order"></b> <span id="detail-status" class="status" data-testid="detail-status"></span>
<br><code id="detail-key" class="muted"></code> <span id="detail-amount"></span></p>
<form id="actions" data-testid="actions">
<button type="button" data-action="deposit" data-testid="action-deposit" data-i18n="deposit">입금</button>
<button type="button" data-action="deposit-error" data-testid="action-deposit-error" data-i18n="depositError">입금 오류</button>
<button type="button" data-action="expire" data-testid="action-expire" data-i18n="expire">만료</button></form>
<form id="cancel-form" data-testid="cancel-form">
<input name="cancelAmount" type="number" min="1" step="1" data-testid="cancel-amount" data-i18n-ph="cancelAmount" placeholder="취소 금액 (비우면 전액)">
<input name="cancelReason" data-testid="cancel-reason" data-i18n-ph="cancelReason" placeholder="취소 사유">
<button data-testid="action-cancel" data-i18n="cancel">취소</button></form>
<ol id="timeline" data-testid="timeline"></ol></div></section>
<section><h2 data-i18n="webhooks">웹훅 엔드포인트</h2>
<table data-testid="endpoints"><tbody id="endpoint-rows"></tbody></table>
<form id="endpoint-form" data-testid="endpoint-form">
<input name="url" type="url" required size="40" data-testid="endpoint-url" placeholder="http://127.0.0.1:3000/payments/webhook">
<span class="events">${WEBHOOK_EVENT_TYPES.map((e) => `<label><input type="checkbox" name="events" value="${e}">${e}</label>`).join('')}</span>
<span class="muted" data-i18n="noneIsAll">(고르지 않으면 모든 이벤트)</span>
<button data-testid="endpoint-add" data-i18n="register">등록</button></form></section>
<section><h2 data-i18n="faults">장애</h2>
<table data-testid="faults"><tbody id="fault-rows"></tbody></table>
<form id="fault-form" data-testid="fault-form">
<select name="kind" data-testid="fault-kind">${options(['latency', 'drop', 'fail', 'webhook'])}</select>
<select name="route" data-testid="fault-route">${options(['*', ...API_ROUTES])}</select>
<select name="action" data-testid="fault-action">${options(['duplicate', 'delay', 'reorder', 'drop'])}</select>
<input name="ms" type="number" min="0" step="1" data-i18n-ph="faultMs" placeholder="지연(ms)">
<input name="code" data-i18n-ph="faultCode" placeholder="오류 코드">
<input name="status" type="number" min="400" max="599" data-i18n-ph="faultStatus" placeholder="HTTP 상태">
<input name="times" type="number" min="1" step="1" data-i18n-ph="faultTimes" placeholder="횟수">
<button data-testid="fault-add" data-i18n="setFault">장애 설정</button>
<button type="button" id="faults-clear" data-testid="faults-clear" data-i18n="clearFaults">모두 해제</button></form></section>
<section><h2 data-i18n="clockTitle">시계 이동</h2>
<form id="clock-form" data-testid="clock-form">
<input name="amount" type="number" min="1" step="1" value="10" data-testid="clock-amount">
<select name="unit" data-testid="clock-unit"><option value="60000" data-i18n="minutes">분</option>
<option value="3600000" data-i18n="hours">시간</option><option value="86400000" data-i18n="days">일</option></select>
<button data-testid="clock-advance" data-i18n="advance">앞으로</button></form></section>
</main>
<script src="/__emulator/dashboard.js"></script>
</body></html>`;
}
