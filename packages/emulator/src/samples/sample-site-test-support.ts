// A shop written the way the gateway's public samples are (tosspayments-sample, express-javascript: public/*.html
// and server.js): plain pages with `<script src="https://js.tosspayments.com/v2/standard">`, the TossPayments
// global, redirect-form requests whose `switch` falls through, and a server that relays to the API with fetch and
// Basic auth. Our own text, the samples' shape. Test-only.
//
// Two things differ from production, and only these: the pages' SDK script URL and the server's API base URL
// (`toEmulator` swaps them, and the test checks nothing else changed). The keys are the public docs test keys, which
// the emulator accepts by default. The samples' own slips are not copied: billing.html reads `customerKeya`, and
// brandpay/checkout.html assigns an undefined `successUrl` after the redirect.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const REAL_SDK = 'https://js.tosspayments.com/v2/standard';
export const REAL_API = 'https://api.tosspayments.com';

const API_CLIENT_KEY = 'test_ck_D5GePWvyJnrK0W0k6q8gLzN97Eoq';
const WIDGET_CLIENT_KEY = 'test_gck_docs_Ovk5rk1EwkEbP0W43n07xlzm';
export const API_SECRET_KEY = 'test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R';
export const WIDGET_SECRET_KEY = 'test_gsk_docs_OaPz8L5KdmQXkzRz3y47BMw6';

const head = (title: string, sdk: boolean) =>
  `<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8" /><title>${title}</title>${sdk ? `\n<script src="${REAL_SDK}"></script>` : ''}</head>`;

const RANDOM = `function generateRandomString() { return window.btoa(Math.random()).slice(0, 20); }`;

/** Shows the server's JSON answer, or goes to fail.html with its code and message (the samples' success pages). */
const relay = (path: string, fields: string) => `
const urlParams = new URLSearchParams(window.location.search);
async function send() {
  const response = await fetch("${path}", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ ${fields} }) });
  const json = await response.json();
  if (!response.ok) throw { message: json.message, code: json.code };
  return json;
}
send().then(function (data) {
  document.getElementById("response").textContent = JSON.stringify(data);
}).catch(function (err) {
  window.location.href = "/fail.html?message=" + err.message + "&code=" + err.code;
});`;

const WIDGET_CHECKOUT = `${head('결제위젯', true)}<body>
<div id="payment-method"></div><div id="agreement"></div>
<button id="payment-button">결제하기</button>
<script>
main();
async function main() {
  const amount = { currency: "KRW", value: 50000 };
  const tossPayments = TossPayments("${WIDGET_CLIENT_KEY}");
  const widgets = tossPayments.widgets({ customerKey: generateRandomString() });
  await widgets.setAmount(amount);
  await Promise.all([
    widgets.renderPaymentMethods({ selector: "#payment-method", variantKey: "DEFAULT" }),
    widgets.renderAgreement({ selector: "#agreement", variantKey: "AGREEMENT" }),
  ]);
  document.getElementById("payment-button").addEventListener("click", async function () {
    await widgets.requestPayment({
      orderId: generateRandomString(),
      orderName: "토스 티셔츠 외 2건",
      successUrl: window.location.origin + "/widget/success.html",
      failUrl: window.location.origin + "/fail.html",
      customerEmail: "customer123@gmail.com",
      customerName: "김토스",
      customerMobilePhone: "01012341234",
    });
  });
  document.body.dataset.ready = "1";
}
${RANDOM}
</script></body></html>`;

const PAYMENT_METHODS = [
  'CARD',
  'TRANSFER',
  'VIRTUAL_ACCOUNT',
  'MOBILE_PHONE',
  'CULTURE_GIFT_CERTIFICATE',
  'FOREIGN_EASY_PAY',
];

const common = `orderId: generateRandomString(), orderName: "토스 티셔츠 외 2건",
      successUrl: window.location.origin + "/payment/success.html", failUrl: window.location.origin + "/fail.html",
      customerEmail: "customer123@gmail.com", customerName: "김토스",`;

// the sample's switch has no break: in redirect mode the first request navigates away and never settles
const PAYMENT_CHECKOUT = `${head('결제창', true)}<body>
<div id="payment-method">${PAYMENT_METHODS.map((m) => `<button id="${m}" onclick="selectPaymentMethod('${m}')">${m}</button>`).join('')}</div>
<button id="pay" onclick="requestPayment()">결제하기</button>
<div id="billing-method"><button id="BILLING_CARD" onclick="selectBillingMethod('CARD')">카드 자동결제</button><button id="BILLING_TRANSFER" onclick="selectBillingMethod('TRANSFER')">계좌 자동결제</button></div>
<button id="billing" onclick="requestBillingAuth()">자동결제 수단 등록하기</button>
<script>
const amount = { currency: "KRW", value: 50000 };
let selectedPaymentMethod = null;
let selectedBillingMethod = "CARD";
function selectPaymentMethod(method) { selectedPaymentMethod = method; }
function selectBillingMethod(method) { selectedBillingMethod = method; }
const customerKey = generateRandomString();
const tossPayments = TossPayments("${API_CLIENT_KEY}");
const payment = tossPayments.payment({ customerKey });
async function requestPayment() {
  switch (selectedPaymentMethod) {
    case "CARD":
      await payment.requestPayment({ method: "CARD", amount, ${common}
        card: { useEscrow: false, flowMode: "DEFAULT", useCardPoint: false, useAppCardOnly: false } });
    case "TRANSFER":
      await payment.requestPayment({ method: "TRANSFER", amount, ${common}
        transfer: { cashReceipt: { type: "소득공제" }, useEscrow: false } });
    case "VIRTUAL_ACCOUNT":
      await payment.requestPayment({ method: "VIRTUAL_ACCOUNT", amount, ${common}
        virtualAccount: { cashReceipt: { type: "소득공제" }, useEscrow: false, validHours: 24 } });
    case "MOBILE_PHONE":
      await payment.requestPayment({ method: "MOBILE_PHONE", amount, ${common} });
    case "CULTURE_GIFT_CERTIFICATE":
      await payment.requestPayment({ method: "CULTURE_GIFT_CERTIFICATE", amount, ${common} });
    case "FOREIGN_EASY_PAY":
      await payment.requestPayment({ method: "FOREIGN_EASY_PAY", amount: { value: 100, currency: "USD" }, ${common}
        foreignEasyPay: { provider: "PAYPAL", country: "KR" } });
  }
}
async function requestBillingAuth() {
  await payment.requestBillingAuth({
    method: selectedBillingMethod,
    successUrl: window.location.origin + "/payment/billing.html?billingMethod=" + selectedBillingMethod + "&",
    failUrl: window.location.origin + "/fail.html",
    customerEmail: "customer123@gmail.com",
    customerName: "김토스",
  });
}
${RANDOM}
</script></body></html>`;

const successPage = (
  path: string,
  fields = 'paymentKey: urlParams.get("paymentKey"), orderId: urlParams.get("orderId"), amount: urlParams.get("amount")',
) =>
  `${head('결제 완료', false)}<body><h2>결제를 완료했어요</h2><pre id="response"></pre>
<script>${relay(path, fields)}</script></body></html>`;

const BILLING = `${head('자동결제', false)}<body><h2 id="title">빌링키 발급을 완료하세요</h2>
<button id="confirm" onclick="confirmBillingNow()">빌링키로 자동결제 실행하기</button><pre id="response"></pre>
<script>
const urlParams = new URLSearchParams(window.location.search);
async function post(path, data) {
  const response = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(data) });
  const json = await response.json();
  if (!response.ok) throw { message: json.message, code: json.code };
  return json;
}
post("/issue-billing-key", { customerKey: urlParams.get("customerKey"), authKey: urlParams.get("authKey") })
  .then(function (data) { document.getElementById("response").textContent = JSON.stringify(data); document.body.dataset.issued = "1"; })
  .catch(function (err) { window.location.href = "/fail.html?message=" + err.message + "&code=" + err.code; });
function confirmBillingNow() {
  post("/confirm-billing", { customerKey: urlParams.get("customerKey"), amount: 4900, orderId: generateRandomString(),
    orderName: "토스 프라임 구독", customerEmail: "customer123@gmail.com", customerName: "김토스" })
    .then(function (data) { document.getElementById("title").innerText = "빌링키로 결제에 성공했어요."; document.getElementById("response").textContent = JSON.stringify(data); })
    .catch(function (err) { window.location.href = "/fail.html?message=" + err.message + "&code=" + err.code; });
}
${RANDOM}
</script></body></html>`;

const BRANDPAY_CHECKOUT = `${head('브랜드페이', true)}<body>
<button id="pay" onclick="requestPayment()">결제하기</button>
<button id="add" onclick="addPaymentMethod()">결제수단추가</button>
<button id="one-touch" onclick="changeOneTouchPay()">원터치페이설정변경</button>
<button id="is-one-touch" onclick="isOneTouchPayEnabled()">원터치결제사용가능여부 조회</button>
<p id="result"></p>
<script>
const params = new URLSearchParams(location.search);
const customerKey = params.get("customerKey") || generateRandomString();
const tossPayments = TossPayments("${API_CLIENT_KEY}");
const brandpay = tossPayments.brandpay({ customerKey, redirectUrl: window.location.origin + "/callback-auth" });
async function requestPayment() {
  await brandpay.requestPayment({
    amount: { currency: "KRW", value: 50000 },
    orderId: generateRandomString(),
    orderName: "토스 티셔츠 외 2건",
    successUrl: window.location.origin + "/brandpay/success.html?customerKey=" + customerKey + "&",
    failUrl: window.location.origin + "/fail.html",
    customerEmail: "customer123@gmail.com",
    customerName: "김토스",
  });
}
function show(promise) {
  promise.then(function (r) { document.getElementById("result").textContent = "ok " + JSON.stringify(r === undefined ? null : r); })
    .catch(function (e) { document.getElementById("result").textContent = "error " + e.code; });
}
function addPaymentMethod() { show(brandpay.addPaymentMethod()); }
function changeOneTouchPay() { show(brandpay.changeOneTouchPay()); }
function isOneTouchPayEnabled() { show(brandpay.isOneTouchPayEnabled()); }
${RANDOM}
</script></body></html>`;

const FAIL = `${head('결제 실패', false)}<body><h2>결제를 실패했어요</h2><p id="code"></p><p id="message"></p>
<script>
const urlParams = new URLSearchParams(window.location.search);
document.getElementById("code").textContent = urlParams.get("code");
document.getElementById("message").textContent = urlParams.get("message");
</script></body></html>`;

export const SAMPLE_PAGES: Readonly<Record<string, string>> = {
  '/widget/checkout.html': WIDGET_CHECKOUT,
  '/widget/success.html': successPage('/confirm/widget'),
  '/payment/checkout.html': PAYMENT_CHECKOUT,
  '/payment/success.html': successPage('/confirm'),
  '/payment/billing.html': BILLING,
  '/brandpay/checkout.html': BRANDPAY_CHECKOUT,
  '/brandpay/success.html': successPage(
    '/confirm/brandpay',
    'paymentKey: urlParams.get("paymentKey"), orderId: urlParams.get("orderId"), amount: urlParams.get("amount"), customerKey: urlParams.get("customerKey")',
  ),
  '/fail.html': FAIL,
};

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
}

/**
 * The sample's server.js on node:http: each route relays to the API with fetch and answers with the API's status
 * and body. `apiBase` is https://api.tosspayments.com in production.
 */
export function sampleServer(apiBase: string, pages: Readonly<Record<string, string>>): Server {
  const widgetAuth = 'Basic ' + Buffer.from(WIDGET_SECRET_KEY + ':').toString('base64');
  const apiAuth = 'Basic ' + Buffer.from(API_SECRET_KEY + ':').toString('base64');
  const billingKeyMap = new Map<unknown, unknown>();
  const relayTo = async (path: string, auth: string, body: unknown) => {
    const response = await fetch(apiBase + path, {
      method: 'POST',
      headers: { Authorization: auth, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, result: (await response.json()) as Record<string, unknown> };
  };
  const routes: Record<
    string,
    (req: IncomingMessage, url: URL) => Promise<{ status: number; result: unknown }>
  > = {
    'POST /confirm/widget': async (req) => {
      const { paymentKey, orderId, amount } = await readJson(req);
      return relayTo('/v1/payments/confirm', widgetAuth, { orderId, amount, paymentKey });
    },
    'POST /confirm': async (req) => {
      const { paymentKey, orderId, amount } = await readJson(req);
      return relayTo('/v1/payments/confirm', apiAuth, { orderId, amount, paymentKey });
    },
    'POST /confirm/brandpay': async (req) => {
      const { paymentKey, orderId, amount, customerKey } = await readJson(req);
      return relayTo('/v1/brandpay/payments/confirm', apiAuth, { orderId, amount, paymentKey, customerKey });
    },
    'GET /callback-auth': async (_req, url) =>
      relayTo('/v1/brandpay/authorizations/access-token', apiAuth, {
        grantType: 'AuthorizationCode',
        customerKey: url.searchParams.get('customerKey'),
        code: url.searchParams.get('code'),
      }),
    'POST /issue-billing-key': async (req) => {
      const { customerKey, authKey } = await readJson(req);
      const answer = await relayTo('/v1/billing/authorizations/issue', apiAuth, { customerKey, authKey });
      if (answer.status === 200) billingKeyMap.set(customerKey, answer.result['billingKey']);
      return answer;
    },
    'POST /confirm-billing': async (req) => {
      const body = await readJson(req);
      return relayTo(`/v1/billing/${String(billingKeyMap.get(body['customerKey']))}`, apiAuth, body);
    },
  };
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sample');
    const route = routes[`${req.method ?? 'GET'} ${url.pathname}`];
    if (route) {
      route(req, url).then(
        ({ status, result }) =>
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(result)),
        () => res.writeHead(500).end(),
      );
      return;
    }
    const page = pages[url.pathname];
    if (page === undefined) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  });
}

/** The two changes for the emulator: the pages' SDK script URL and the server's API base URL. */
export function toEmulator(emulatorUrl: string): { pages: Record<string, string>; apiBase: string } {
  const pages: Record<string, string> = {};
  for (const [path, html] of Object.entries(SAMPLE_PAGES))
    pages[path] = html.split(REAL_SDK).join(`${emulatorUrl}/v2/standard`);
  return { pages, apiBase: emulatorUrl };
}

export async function listenLocal(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
