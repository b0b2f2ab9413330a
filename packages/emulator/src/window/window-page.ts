// HTML of the payment window. Plain server-rendered forms: every choice is a real <select>/<button>
// with a <label>, so it works with the keyboard alone (Tab through, Enter approves, Esc cancels) and
// tests can drive it by data-testid.
import {
  CASH_RECEIPT_TYPES,
  METHOD_LABELS,
  WINDOW_BANKS,
  WINDOW_CARD_COMPANIES,
  WINDOW_MOBILE_CARRIERS,
  type Institution,
} from './catalog.js';
import type { SessionOutcome, WindowSession } from './sessions.js';

/** Installments apply only from 50,000 KRW (spec §9). */
export const INSTALLMENT_MINIMUM_AMOUNT = 50_000;

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function formatWon(value: number): string {
  return `${String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}원`;
}

/** 50,000원 for KRW; USD 726.24 for a foreign currency. */
export function formatAmount(amount: { currency: string; value: number }): string {
  if (amount.currency === 'KRW') return formatWon(amount.value);
  const [whole = '0', cents = ''] = String(amount.value).split('.');
  return `${amount.currency} ${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents.padEnd(2, '0')}`;
}

/** JSON safe to place inside a <script> element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const STYLE = `
*{box-sizing:border-box}
html,body{margin:0;padding:0}
body{font-family:system-ui,-apple-system,"Apple SD Gothic Neo","Noto Sans KR","Malgun Gothic",sans-serif;background:#f2f4f6;color:#191f28;min-height:100vh;display:flex;align-items:flex-start;justify-content:center}
body.mode-iframe{background:#fff}
.window{width:100%;max-width:480px;background:#fff;margin:24px 12px;border-radius:16px;box-shadow:0 4px 24px rgba(0,27,55,.1);overflow:hidden}
body.mode-iframe .window{margin:0;box-shadow:none;border-radius:0}
.bar{display:flex;align-items:center;justify-content:space-between;padding:14px 20px;background:#3182f6;color:#fff}
.brand{font-weight:800;letter-spacing:-.3px;font-size:17px}
.badge{font-size:12px;background:rgba(255,255,255,.2);border-radius:999px;padding:3px 10px}
.content{padding:20px}
h1{font-size:20px;margin:0 0 16px}
dl.summary{margin:0 0 20px;border:1px solid #e5e8eb;border-radius:12px;padding:12px 16px}
dl.summary div{display:flex;justify-content:space-between;gap:12px;padding:6px 0}
dt{color:#6b7684}
dd{margin:0;font-weight:600;text-align:right;word-break:break-all}
dd.amount{color:#3182f6;font-size:18px}
fieldset{border:0;margin:0 0 16px;padding:0}
legend{font-weight:700;margin-bottom:10px;padding:0}
.field{display:flex;flex-direction:column;gap:6px;margin-bottom:14px}
label{font-size:14px;color:#4e5968}
select{font:inherit;padding:10px 12px;border:1px solid #d1d6db;border-radius:8px;background:#fff;color:#191f28}
select:focus-visible,button:focus-visible{outline:3px solid #90c2ff;outline-offset:2px}
.hint{font-size:13px;color:#6b7684;margin:4px 0 16px;line-height:1.5}
.error{background:#ffeeee;color:#d22030;border-radius:8px;padding:10px 12px;margin-bottom:16px}
.actions{display:flex;flex-direction:column;gap:8px;margin-top:8px}
button{font:inherit;font-weight:700;border:0;border-radius:10px;padding:14px;cursor:pointer}
button.primary{background:#3182f6;color:#fff}
button.primary:hover{background:#1b64da}
button.secondary{background:#fff0f0;color:#d22030}
button.ghost{background:#f2f4f6;color:#4e5968}
.notice{padding:32px 20px;text-align:center;line-height:1.6}
`;

export function options(
  list: readonly { code: string; name: string }[],
  selected: string | undefined,
): string {
  return list
    .map(
      (i) =>
        `<option value="${escapeHtml(i.code)}"${i.code === selected ? ' selected' : ''}>${escapeHtml(i.name)}</option>`,
    )
    .join('');
}

export function selectField(
  id: string,
  name: string,
  testId: string,
  label: string,
  body: string,
  disabled = false,
): string {
  return `<div class="field"><label for="${id}">${escapeHtml(label)}</label><select id="${id}" name="${name}" data-testid="${testId}"${disabled ? ' disabled' : ''}>${body}</select></div>`;
}

function cardFields(session: WindowSession): string {
  const req = session.payment;
  const card = req?.card;
  const preset = card?.cardCompany ?? session.billing?.cardCompany;
  const companies: readonly Institution[] =
    card?.flowMode === 'DIRECT' && preset
      ? WINDOW_CARD_COMPANIES.filter((c) => c.code === preset)
      : WINDOW_CARD_COMPANIES;
  let html = selectField(
    'card-company',
    'cardCompany',
    'card-company-select',
    '카드사',
    options(companies, preset),
  );
  if (req) {
    const installments = allowedInstallments(session);
    const fixed = card?.cardInstallmentPlan;
    const body = installments
      .map(
        (m) =>
          `<option value="${m}"${m === (fixed ?? 0) ? ' selected' : ''}>${m === 0 ? '일시불' : `${m}개월`}</option>`,
      )
      .join('');
    html += selectField('installment', 'installment', 'installment-select', '할부', body);
    if (req.amount.value < INSTALLMENT_MINIMUM_AMOUNT) {
      html += `<p class="hint">할부는 ${formatWon(INSTALLMENT_MINIMUM_AMOUNT)} 이상 결제할 때만 선택할 수 있습니다.</p>`;
    }
    if (card?.easyPay)
      html += `<p class="hint">간편결제: ${escapeHtml(card.easyPay)} (에뮬레이터에서는 카드 결제로 처리됩니다)</p>`;
  }
  return html;
}

/** 0 (lump sum) always; 2..max months only from 50,000 KRW. A fixed plan from the request is the only choice. */
export function allowedInstallments(session: WindowSession): number[] {
  const req = session.payment;
  if (!req) return [0];
  const fixed = req.card?.cardInstallmentPlan;
  if (fixed !== undefined) return [req.amount.value >= INSTALLMENT_MINIMUM_AMOUNT ? fixed : 0];
  if (req.amount.value < INSTALLMENT_MINIMUM_AMOUNT) return [0];
  const max = req.card?.maxCardInstallmentPlan ?? 12;
  const months = [0];
  for (let m = 2; m <= max; m += 1) months.push(m);
  return months;
}

function bankFields(label: string): string {
  return selectField('bank', 'bank', 'bank-select', label, options(WINDOW_BANKS, WINDOW_BANKS[0]?.code));
}

function cashReceiptField(preset: string | undefined): string {
  const list = CASH_RECEIPT_TYPES.map((t) => ({ code: t, name: t }));
  return selectField(
    'cash-receipt',
    'cashReceipt',
    'cash-receipt-select',
    '현금영수증',
    options(list, preset ?? '미발행'),
  );
}

export function allowedCarriers(session: WindowSession): { code: string; name: string }[] {
  const wanted = session.payment?.mobilePhone?.mobileCarriers;
  const list =
    wanted && wanted.length > 0
      ? WINDOW_MOBILE_CARRIERS.filter((c) => wanted.includes(c.code))
      : WINDOW_MOBILE_CARRIERS;
  return list.length > 0 ? [...list] : [...WINDOW_MOBILE_CARRIERS];
}

function methodFields(session: WindowSession): { legend: string; html: string; declinable: boolean } {
  if (session.billing) {
    return session.billing.method === 'CARD'
      ? { legend: '등록할 카드', html: cardFields(session), declinable: true }
      : { legend: '등록할 계좌', html: bankFields('은행'), declinable: false };
  }
  const req = session.payment!;
  switch (req.method) {
    case 'CARD':
      return { legend: '카드 선택', html: cardFields(session), declinable: true };
    case 'VIRTUAL_ACCOUNT': {
      const va = req.virtualAccount;
      let html = bankFields('입금할 은행');
      html += cashReceiptField(va?.cashReceiptType);
      const due = va?.dueDate ? `${escapeHtml(va.dueDate)}까지` : `발급 후 ${va?.validHours ?? 168}시간 안에`;
      html += `<p class="hint">가상계좌가 발급되면 ${due} 입금해주세요. 에뮬레이터에서는 제어 API의 deposit으로 입금을 흉내 냅니다.</p>`;
      return { legend: '가상계좌 발급', html, declinable: false };
    }
    case 'TRANSFER':
      return {
        legend: '계좌이체',
        html: bankFields('출금할 은행') + cashReceiptField(req.transfer?.cashReceiptType),
        declinable: false,
      };
    case 'MOBILE_PHONE':
      return {
        legend: '휴대폰 결제',
        html: selectField(
          'carrier',
          'carrier',
          'carrier-select',
          '통신사',
          options(allowedCarriers(session), undefined),
        ),
        declinable: false,
      };
    case 'FOREIGN_EASY_PAY':
      return {
        legend: 'PayPal',
        html: `<p class="hint" data-testid="foreign-easy-pay">PayPal 계정으로 결제합니다 (구매자 국가: ${escapeHtml(req.foreignEasyPay?.country ?? '')}). 에뮬레이터에서는 PayPal 로그인 없이 바로 승인됩니다.</p>`,
        declinable: false,
      };
    default:
      return {
        legend: METHOD_LABELS[req.method],
        html: '<p class="hint">에뮬레이터에서는 상품권 번호 입력 없이 바로 승인됩니다.</p>',
        declinable: false,
      };
  }
}

export function layout(
  title: string,
  session: { mode: string } | undefined,
  main: string,
  script = '',
): string {
  const mode = session?.mode === 'iframe' ? 'mode-iframe' : 'mode-redirect';
  return `<!doctype html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body class="${mode}">
${main}
${script}
</body>
</html>`;
}

export const BAR = `<div class="bar"><span class="brand" aria-hidden="true">toss payments</span><span class="badge">테스트 · 에뮬레이터</span></div>`;

export function renderWindowPage(session: WindowSession, error?: string): string {
  const { legend, html, declinable } = methodFields(session);
  const req = session.payment;
  const billing = session.billing;
  const title = billing ? '자동결제 등록' : '결제하기';
  const summary = req
    ? `<div><dt>주문</dt><dd data-testid="window-order-name">${escapeHtml(req.orderName)}</dd></div>
<div><dt>주문번호</dt><dd data-testid="window-order-id">${escapeHtml(req.orderId)}</dd></div>
<div><dt>결제 수단</dt><dd data-testid="window-method">${escapeHtml(METHOD_LABELS[req.method])}</dd></div>
<div><dt>결제 금액</dt><dd class="amount" data-testid="window-amount">${formatAmount(req.amount)}</dd></div>`
    : `<div><dt>구매자</dt><dd data-testid="window-customer">${escapeHtml(billing?.customerName ?? session.customerKey)}</dd></div>
<div><dt>등록 수단</dt><dd data-testid="window-method">${billing?.method === 'TRANSFER' ? '계좌' : '카드'}</dd></div>`;
  const approveLabel = billing
    ? billing.method === 'CARD'
      ? '카드 등록하기'
      : '계좌 등록하기'
    : req!.method === 'VIRTUAL_ACCOUNT'
      ? '가상계좌 발급받기'
      : `${formatAmount(req!.amount)} 결제하기`;
  const action = `pay?session=${encodeURIComponent(session.id)}`;
  const main = `<main class="window" data-testid="payment-window" aria-labelledby="window-title">
${BAR}
<div class="content">
<h1 id="window-title">${title}</h1>
${error ? `<p class="error" role="alert" data-testid="window-error">${escapeHtml(error)}</p>` : ''}
<dl class="summary">${summary}</dl>
<form method="post" action="${escapeHtml(action)}" data-testid="window-form">
<fieldset><legend>${escapeHtml(legend)}</legend>${html}</fieldset>
<div class="actions">
<button type="submit" name="action" value="approve" class="primary" data-testid="approve">${escapeHtml(approveLabel)}</button>
${declinable ? '<button type="submit" name="action" value="decline" class="secondary" data-testid="decline">카드사 거절 (시험용)</button>' : ''}
<button type="submit" name="action" value="cancel" class="ghost" data-testid="cancel" formnovalidate>취소</button>
</div>
<p class="hint">이 창은 @tosskit/emulator의 시험용 결제창입니다. 실제 결제는 일어나지 않습니다. Esc 키로 취소할 수 있습니다.</p>
</form>
</div>
</main>`;
  // Esc = cancel, as closing the real window does. Guarded so a double press submits once.
  const script = `<script>
(function () {
  var sent = false;
  var first = document.querySelector('form select:not([disabled]), form button');
  if (first) first.focus();
  document.querySelector('form').addEventListener('submit', function (e) { if (sent) e.preventDefault(); sent = true; });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && !sent) { document.querySelector('[data-testid="cancel"]').click(); }
  });
})();
</script>`;
  return layout(`토스페이먼츠 ${title} (에뮬레이터)`, session, main, script);
}

/** The iframe (promise form) ends here: the outcome goes to the opener page, which resolves or rejects. */
export function renderResultPage(
  session: { id: string; openerOrigin: string; mode: string },
  outcome: SessionOutcome,
): string {
  const message = outcome.ok
    ? { source: 'tosskit-emulator-window', sessionId: session.id, ok: true, result: outcome.result }
    : {
        source: 'tosskit-emulator-window',
        sessionId: session.id,
        ok: false,
        code: outcome.code,
        message: outcome.message,
      };
  const target = session.openerOrigin === 'null' ? '*' : session.openerOrigin;
  const text = outcome.ok ? '결제 인증이 끝났습니다.' : escapeHtml(outcome.message);
  const main = `<main class="window" data-testid="payment-window-result"><div class="notice" role="status">${text}</div></main>`;
  const script = `<script>window.parent.postMessage(${scriptJson(message)}, ${scriptJson(target)});</script>`;
  return layout('토스페이먼츠 결제창 (에뮬레이터)', session, main, script);
}

export function renderNoticePage(title: string, text: string): string {
  const main = `<main class="window" data-testid="payment-window-notice">${BAR}<div class="notice" role="alert"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></div></main>`;
  return layout(`${title} (토스페이먼츠 에뮬레이터)`, undefined, main);
}
