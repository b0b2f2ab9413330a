// The two checkout pages. The default one renders the Toss payment widget (결제위젯) at the server's amount and
// takes a coupon through the server; the second one opens the payment window (결제창). In both, the browser
// sends a cart and shows the server's numbers: it never decides an amount.
import { formatWon } from './catalogue.js';
import type { Cart, PricedCart } from './catalogue.js';
import { COUPONS } from './coupons.js';
import { Html, markup, jsonScript } from './html.js';
import { BASE_PATH, WINDOW_BASE_PATH } from './pages.js';

export interface CheckoutPageInput {
  priced: PricedCart;
  cart: Cart;
  sdkSrc: string | undefined;
}

/** the card promotions that apply to an amount, shown under the total (tosskit answers from a short cache) */
function promotionsScript(amount: number): Html {
  return markup`// card promotions that apply to this amount (tosskit answers from a short server-side cache)
fetch(${jsonScript(BASE_PATH)} + '/promotions?amount=' + ${jsonScript(amount)}, { headers: { accept: 'application/json' } })
  .then((res) => (res.ok ? res.json() : null))
  .then((promotions) => {
    if (!promotions) return;
    const won = (n) => n.toLocaleString('ko-KR') + '원';
    const lines = [
      ...promotions.discountCards.map((d) => (d.issuerName || d.issuerCode) + '카드 즉시 할인 ' + won(d.discountAmount) + ' (' + won(d.discountedAmount) + '에 결제)'),
      ...promotions.interestFreeCards.map((i) => (i.issuerName || i.issuerCode) + '카드 무이자 ' + i.installmentFreeMonths.join('·') + '개월'),
    ];
    if (lines.length === 0) return;
    const box = document.querySelector('[data-testid=checkout-promotions]');
    for (const line of lines) {
      const li = document.createElement('li');
      li.textContent = line;
      li.dataset.testid = 'checkout-promotion';
      box.querySelector('ul').append(li);
    }
    box.hidden = false;
  })
  .catch(() => {});`;
}

/**
 * The page a shop copies (결제위젯): the server makes and prices the order, the widget renders the methods and
 * the agreement at that amount, a coupon goes to the server, and its answer moves the widget's amount.
 */
export function checkoutPage({ priced, cart, sdkSrc }: CheckoutPageInput): Html {
  return markup`<table>${priced.lines.map((l) => markup`<tr><td>${l.name} × ${l.quantity}</td><td>${formatWon(l.subtotal)}</td></tr>`)}
<tr data-testid="checkout-discount-row" hidden><td>쿠폰 할인 <span data-testid="checkout-coupon-label"></span></td><td data-testid="checkout-discount"></td></tr>
<tr><th>결제 금액</th><th data-testid="checkout-total">${formatWon(priced.amount)}</th></tr></table>
<div class="notice" data-testid="checkout-promotions" hidden><strong>카드사 혜택</strong><ul></ul></div>
<form id="coupon"><label>쿠폰 <input name="code" autocomplete="off" placeholder="쿠폰 코드" data-testid="coupon-code"></label>
<button class="secondary" disabled data-testid="coupon-apply">적용</button> <span data-testid="coupon-message"></span>
<small>(예: ${COUPONS.map((c) => `${c.code} ${c.label}`).join(', ')})</small></form>
<form id="pay"><p><label>주문자 이름 <input name="name" value="김토스" required data-testid="buyer-name"></label></p>
<div id="payment-methods"></div><div id="agreement"></div>
<button disabled data-testid="pay-button">${formatWon(priced.amount)} 결제하기</button></form>
<p class="error" data-testid="checkout-error" hidden></p>
<p><a href="/checkout/window" data-testid="window-checkout-link">결제창으로 결제하기 (카드·가상계좌)</a></p>
<script src="/assets/tosskit-browser.js"></script>
<script>
const CART = ${jsonScript(cart)};
${promotionsScript(priced.amount)}
const byTestId = (id) => document.querySelector('[data-testid=' + id + ']');
const won = (n) => n.toLocaleString('ko-KR') + '원';
const payForm = document.getElementById('pay');
const couponForm = document.getElementById('coupon');
const errorBox = byTestId('checkout-error');
const showError = (error) => {
  errorBox.textContent = error.message + ' (' + (error.code || 'ERROR') + ')';
  errorBox.hidden = false;
};
// the page shows the server's numbers, nothing of its own
function show(order) {
  byTestId('checkout-total').textContent = won(order.amount);
  payForm.querySelector('button').textContent = won(order.amount) + ' 결제하기';
  byTestId('checkout-discount-row').hidden = !order.coupon;
  byTestId('checkout-discount').textContent = order.coupon ? '-' + won(order.coupon.discount) : '';
  byTestId('checkout-coupon-label').textContent = order.coupon ? order.coupon.label : '';
}
let widget;
(async () => {
  // the server makes the order from the cart and prices it; the widget renders at that amount
  const order = await TosskitBrowser.createCheckout({ basePath: ${jsonScript(BASE_PATH)} }).order({
    cart: CART,
    customer: { name: payForm.elements.name.value },
  });
  widget = await TosskitBrowser.startWidgetCheckout({
    order,
    selectors: { methods: '#payment-methods', agreement: '#agreement' },
    sdkSrc: ${jsonScript(sdkSrc ?? null)} || undefined,
  });
  show(order);
  for (const button of document.querySelectorAll('#pay button, #coupon button')) button.disabled = false;
})().catch(showError);
couponForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const button = couponForm.querySelector('button');
  button.disabled = true;
  const message = byTestId('coupon-message');
  try {
    // the server re-prices the same order; its answer, not the page, sets the widget's amount
    const res = await fetch('/checkout/coupon', {
      method: 'POST',
      headers: { accept: 'application/json' },
      body: new URLSearchParams({ orderId: widget.order.orderId, code: couponForm.elements.code.value }),
    });
    const answer = await res.json();
    if (!res.ok) {
      message.textContent = answer.message;
      return;
    }
    show(await widget.setAmount(answer));
    message.textContent = answer.coupon ? answer.coupon.label + ' 적용됨' : '쿠폰을 뺐습니다';
  } catch (error) {
    showError(error);
  } finally {
    button.disabled = false;
  }
});
payForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const button = payForm.querySelector('button');
  button.disabled = true;
  errorBox.hidden = true;
  try {
    await widget.pay({ customer: { name: payForm.elements.name.value } });
  } catch (error) {
    // the buyer closed the window: let the server record it and show the fail page
    if (error.code === 'USER_CANCELED' && error.details.failUrl) return location.assign(error.details.failUrl);
    showError(error);
    button.disabled = false;
  }
});
</script>`;
}

/**
 * The payment-window checkout (결제창, API individual keys): the cart goes to the server under
 * WINDOW_BASE_PATH, which answers the order; @tosskit/browser opens the window at that amount.
 */
export function windowCheckoutPage({ priced, cart, sdkSrc }: CheckoutPageInput): Html {
  return markup`<table>${priced.lines.map((l) => markup`<tr><td>${l.name} × ${l.quantity}</td><td>${formatWon(l.subtotal)}</td></tr>`)}
<tr><th>결제 금액</th><th data-testid="checkout-total">${formatWon(priced.amount)}</th></tr></table>
<div class="notice" data-testid="checkout-promotions" hidden><strong>카드사 혜택</strong><ul></ul></div>
<form id="pay"><p><label>주문자 이름 <input name="name" value="김토스" required data-testid="buyer-name"></label></p>
<p><label><input type="radio" name="method" value="CARD" checked data-testid="method-card"> 신용·체크카드</label>
<label><input type="radio" name="method" value="VIRTUAL_ACCOUNT" data-testid="method-virtual-account"> 가상계좌 (무통장입금)</label></p>
<button data-testid="pay-button">${formatWon(priced.amount)} 결제하기</button></form>
<p class="error" data-testid="checkout-error" hidden></p>
<p><a href="/checkout" data-testid="widget-checkout-link">결제위젯으로 결제하기</a></p>
<script src="/assets/tosskit-browser.js"></script>
<script>
const CART = ${jsonScript(cart)};
${promotionsScript(priced.amount)}
const checkout = TosskitBrowser.createCheckout({ basePath: ${jsonScript(WINDOW_BASE_PATH)}, sdkSrc: ${jsonScript(sdkSrc ?? null)} || undefined });
const form = document.getElementById('pay');
const errorBox = document.querySelector('[data-testid=checkout-error]');
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const button = form.querySelector('button');
  button.disabled = true;
  errorBox.hidden = true;
  const method = form.elements.method.value;
  try {
    // the server prices CART from its own catalogue; the page never says how much
    await checkout.pay({
      cart: CART,
      method,
      customer: { name: form.elements.name.value },
      virtualAccount: method === 'VIRTUAL_ACCOUNT' ? { validHours: 72, cashReceipt: { type: '소득공제' } } : undefined,
    });
  } catch (error) {
    // the buyer closed the window: let the server record it and show the fail page
    if (error.code === 'USER_CANCELED' && error.details.failUrl) return location.assign(error.details.failUrl);
    errorBox.textContent = error.message + ' (' + (error.code || 'ERROR') + ')';
    errorBox.hidden = false;
    button.disabled = false;
  }
});
</script>`;
}
