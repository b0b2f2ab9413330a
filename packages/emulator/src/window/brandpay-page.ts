// HTML of the BrandPay window: sign-up (terms + first card), the trip through the shop's redirectUrl, payment with
// a registered card, and the management screens (add a card, settings, password, one-touch). Plain forms driven by
// data-testid, like the payment window.
import { WINDOW_CARD_COMPANIES } from './catalog.js';
import type { BrandpaySession } from './brandpay.js';
import { BAR, escapeHtml, formatWon, layout, options, selectField } from './window-page.js';

export interface RegisteredCard {
  methodKey: string;
  cardCompany: string;
  alias: string;
}

const OP_TITLES: Record<BrandpaySession['op'], string> = {
  payment: '브랜드페이 결제',
  addPaymentMethod: '결제수단 추가',
  openSettings: '브랜드페이 설정',
  changePassword: '결제 비밀번호 변경',
  changeOneTouchPay: '원터치결제 설정',
};

function cardName(issuerCode: string): string {
  return WINDOW_CARD_COMPANIES.find((c) => c.numericCode === issuerCode)?.name ?? `카드(${issuerCode})`;
}

function page(session: BrandpaySession, body: string, error?: string, script = ''): string {
  const title = OP_TITLES[session.op];
  const summary = session.payment
    ? `<dl class="summary"><div><dt>주문</dt><dd data-testid="window-order-name">${escapeHtml(session.payment.orderName)}</dd></div>
<div><dt>결제 금액</dt><dd class="amount" data-testid="window-amount">${formatWon(session.payment.amount.value)}</dd></div></dl>`
    : '';
  const main = `<main class="window" data-testid="brandpay-window" aria-labelledby="window-title">
${BAR}
<div class="content">
<h1 id="window-title">${escapeHtml(title)}</h1>
${error ? `<p class="error" role="alert" data-testid="window-error">${escapeHtml(error)}</p>` : ''}
${summary}
<form method="post" action="${escapeHtml(`pay?session=${encodeURIComponent(session.id)}`)}" data-testid="window-form">
${body}
</form>
<p class="hint">이 창은 @tosskit/emulator의 시험용 브랜드페이 창입니다. 실제 결제는 일어나지 않습니다.</p>
</div>
</main>`;
  return layout(`토스페이먼츠 ${title} (에뮬레이터)`, session, main, script);
}

const cancelButton =
  '<button type="submit" name="action" value="cancel" class="ghost" data-testid="cancel" formnovalidate>닫기</button>';

/** First use: the buyer agrees to the terms and registers a card. */
export function renderSignUp(session: BrandpaySession, error?: string): string {
  const body = `<fieldset><legend>브랜드페이 가입</legend>
${selectField('card-company', 'cardCompany', 'card-company-select', '등록할 카드', options(WINDOW_CARD_COMPANIES, 'KOOKMIN'))}
<div class="field"><label><input type="checkbox" name="terms" value="agreed" required data-testid="brandpay-terms" checked> [필수] 브랜드페이 이용약관 및 개인정보 수집·이용에 동의합니다</label></div>
</fieldset>
<div class="actions">
<button type="submit" name="action" value="register" class="primary" data-testid="approve">동의하고 카드 등록하기</button>
${cancelButton}
</div>`;
  return page(session, body, error);
}

/**
 * The gateway sends the buyer's browser to the shop's redirectUrl with the code; the shop's server trades it for an
 * Access Token and answers. The window waits for that page to load, then continues.
 */
export function renderRedirectTrip(session: BrandpaySession, redirectTo: string): string {
  const body = `<p class="hint" role="status" data-testid="brandpay-authorizing">상점에서 인증을 확인하고 있습니다…</p>
<iframe data-testid="brandpay-redirect" title="브랜드페이 인증" src="${escapeHtml(redirectTo)}" style="width:1px;height:1px;border:0;opacity:0"></iframe>
<div class="actions"><button type="submit" name="action" value="registered" class="primary" data-testid="continue">계속</button></div>`;
  const script = `<script>
(function () {
  var frame = document.querySelector('[data-testid="brandpay-redirect"]');
  var sent = false;
  frame.addEventListener('load', function () {
    if (sent) return;
    sent = true;
    document.querySelector('[data-testid="continue"]').click();
  });
})();
</script>`;
  return page(session, body, undefined, script);
}

function cardChoices(cards: readonly RegisteredCard[]): string {
  return cards
    .map(
      (c, i) =>
        `<div class="field"><label><input type="radio" name="methodKey" value="${escapeHtml(c.methodKey)}"${i === cards.length - 1 ? ' checked' : ''} data-testid="brandpay-method"> ${escapeHtml(cardName(c.cardCompany))} · ${escapeHtml(c.alias)}</label></div>`,
    )
    .join('');
}

/** A registered buyer pays with one of the cards (the password step is simulated by the button). */
export function renderPay(
  session: BrandpaySession,
  cards: readonly RegisteredCard[],
  error?: string,
): string {
  const body = `<fieldset><legend>결제할 카드</legend>${cardChoices(cards)}</fieldset>
<div class="actions">
<button type="submit" name="action" value="approve" class="primary" data-testid="approve">${formatWon(session.payment!.amount.value)} 결제하기</button>
${cancelButton}
</div>`;
  return page(session, body, error);
}

/** addPaymentMethod, openSettings, changePassword, changeOneTouchPay for a registered buyer. */
export function renderManage(
  session: BrandpaySession,
  cards: readonly RegisteredCard[],
  oneTouchEnabled: boolean,
): string {
  let fields: string;
  let label: string;
  switch (session.op) {
    case 'addPaymentMethod':
      fields = selectField(
        'card-company',
        'cardCompany',
        'card-company-select',
        '추가할 카드',
        options(WINDOW_CARD_COMPANIES, 'SHINHAN'),
      );
      label = '카드 추가하기';
      break;
    case 'changePassword':
      fields = `<div class="field"><label for="pw">새 결제 비밀번호 (숫자 6자리)</label><input id="pw" name="password" type="password" inputmode="numeric" pattern="[0-9]{6}" required data-testid="brandpay-password" value="000000"></div>`;
      label = '비밀번호 변경';
      break;
    case 'changeOneTouchPay':
      fields = `<div class="field"><label><input type="checkbox" name="oneTouch" value="on" data-testid="brandpay-one-touch"${oneTouchEnabled ? ' checked' : ''}> 원터치결제 사용</label></div>`;
      label = '저장';
      break;
    default:
      fields = `<ul data-testid="brandpay-methods">${cards.map((c) => `<li>${escapeHtml(cardName(c.cardCompany))} · ${escapeHtml(c.alias)}</li>`).join('')}</ul>`;
      label = '확인';
  }
  const body = `<fieldset><legend>${escapeHtml(OP_TITLES[session.op])}</legend>${fields}</fieldset>
<div class="actions">
<button type="submit" name="action" value="approve" class="primary" data-testid="approve">${escapeHtml(label)}</button>
${cancelButton}
</div>`;
  return page(session, body);
}
