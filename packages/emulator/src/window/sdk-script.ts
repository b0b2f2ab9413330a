// The SDK stand-in served at GET /v2/standard. It defines the `TossPayments(clientKey)` global the way
// the CDN script does, so `loadTossPayments(clientKey, { src: emulatorUrl + '/v2/standard' })` from the
// real @tosspayments/tosspayments-sdk (or a plain <script src>) works unchanged.
//
// It is browser JavaScript kept as a string (no bundler, nothing to build): ES2017, no template
// literals, so it can live inside this String.raw literal. The server re-checks everything it receives
// in sessions.ts; the checks here exist so that mistakes surface where the real SDK surfaces them.
//
// Flow: requestPayment/requestBillingAuth POST the request to /window/sessions. Redirect form (successUrl
// and failUrl given): the page navigates to the window, which later redirects to successUrl/failUrl; the
// returned promise never settles, as the real SDK's does not.
// Promise form (no URLs): the window opens in an overlay iframe and posts its result back here.

import { BRANDPAY_SCRIPT } from './sdk-script-brandpay.js';
import { METHOD_LABELS, PAYMENT_WINDOW_METHODS, WINDOW_METHODS } from './catalog.js';

const TEMPLATE = String.raw`/* Toss Payments SDK stand-in served by @tosskit/emulator (offline, test use only). */
(function () {
  'use strict';
  if (typeof window === 'undefined' || typeof document === 'undefined') return;

  var FALLBACK_BASE = __TOSSKIT_FALLBACK_BASE__;
  var ANONYMOUS = '@@ANONYMOUS';
  var MESSAGE_SOURCE = 'tosskit-emulator-window';
  var BASE = (function () {
    var s = document.currentScript;
    var m = s && s.src ? /^(.*?)\/v2\/standard\/?(?:[?#].*)?$/.exec(s.src) : null;
    return m ? m[1] : FALLBACK_BASE;
  })();
  var ORIGIN = new URL(BASE).origin;

  var SECRET_KEY = /^(test|live)_(g?sk|ak)_/;
  var WIDGET_KEY = /^(test|live)_gck_/;
  var API_KEY = /^(test|live)_ck_/;
  var ORDER_ID = /^[A-Za-z0-9_=-]{6,64}$/;
  var CUSTOMER_KEY = /^[A-Za-z0-9\-_=.@]{2,50}$/;
  var METHODS = __TOSSKIT_METHODS__;
  var PAYMENT_METHODS = __TOSSKIT_PAYMENT_METHODS__;
  // KRW everywhere; PayPal (FOREIGN_EASY_PAY) in USD, with cents
  var CURRENCIES = { FOREIGN_EASY_PAY: 'USD' };
  var METHOD_LABELS = __TOSSKIT_METHOD_LABELS__;
  var ERROR_NAMES = {
    USER_CANCEL: 'UserCancelError',
    INVALID_PARAMETER: 'InvalidParametersError',
    INVALID_ORDER_ID: 'InvalidParametersError',
    INVALID_ORDER_NAME: 'InvalidParametersError',
    INVALID_CUSTOMER_KEY: 'InvalidParametersError',
    INVALID_AMOUNT_VALUE: 'InvalidAmountValueError',
    INVALID_AMOUNT_CURRENCY: 'InvalidAmountCurrencyError',
    BELOW_ZERO_AMOUNT: 'BelowZeroAmountError',
    INCORRECT_SUCCESS_URL_FORMAT: 'IncorrectSuccessUrlFormatError',
    INCORRECT_FAIL_URL_FORMAT: 'IncorrectFailUrlFormatError',
    NOT_SUPPORTED_METHOD: 'NotSupportedMethodError',
    NOT_SUPPORTED_WIDGET_KEY: 'NotSupportedWidgetKeyError',
    NOT_SUPPORTED_API_INDIVIDUAL_KEY: 'NotSupportedApiIndividualKeyError',
    INSECURE_KEY_USAGE: 'InsecureKeyUsageError',
    INVALID_METHOD_TRANSACTION: 'InvalidMethodTransactionError',
    PAYMENT_REQUEST_ABORTED: 'PaymentRequestAbortedError',
    NOT_SETUP_AMOUNT: 'NotSetupAmountError',
    NOT_SELECTED_PAYMENT_METHOD: 'NotSelectedPaymentMethodError',
    NEED_AGREEMENT_WITH_REQUIRED_TERMS: 'NeedAgreementWithRequiredTermsError',
    INVALID_SELECTOR: 'InvalidSelectorError',
    PAYMENT_METHODS_WIDGET_ALREADY_RENDERED: 'PaymentMethodsWidgetAlreadyRenderedError',
    AGREEMENT_WIDGET_ALREADY_RENDERED: 'AgreementWidgetAlreadyRenderedError',
    INVALID_EVENT_PARAMETER: 'InvalidEventParameterError',
    INVALID_CALLBACK_PARAMETER: 'InvalidCallbackParameterError',
    NOT_REGISTERED_REDIRECT_URL: 'NotRegisteredRedirectUrlError',
    NEED_AGREEMENT_WITH_TERMS: 'NeedAgreementWithTermsError'
  };

  class TossPaymentsError extends Error {
    constructor(code, message) {
      super(message);
      this.name = ERROR_NAMES[code] || 'PaymentRequestFailError';
      this.code = code;
    }
  }
  function fail(code, message) { return new TossPaymentsError(code, message); }
  function isObject(v) { return typeof v === 'object' && v !== null && !Array.isArray(v); }
  function absent(v) { return v === undefined || v === null; }

  function checkCustomerKey(value) {
    if (typeof value === 'string' && SECRET_KEY.test(value)) {
      throw fail('INSECURE_KEY_USAGE', 'customerKey에 시크릿 키를 넣으면 안 됩니다. 시크릿 키를 재발급하세요.');
    }
    if (value === ANONYMOUS) return value;
    if (typeof value !== 'string' || !CUSTOMER_KEY.test(value)) {
      throw fail('INVALID_CUSTOMER_KEY', 'customerKey는 영문 대소문자, 숫자, 특수문자 -, _, =, ., @ 로 이루어진 2자 이상 50자 이하의 문자열이거나 ANONYMOUS여야 합니다.');
    }
    return value;
  }

  function checkAmount(a, allowZero, method) {
    var currency = CURRENCIES[method] || 'KRW';
    if (!isObject(a)) throw fail('INVALID_AMOUNT_VALUE', 'amount는 { currency, value } 형태여야 합니다.');
    if (a.currency !== currency) {
      throw fail('INVALID_AMOUNT_CURRENCY', currency === 'KRW' ? '지원하지 않는 통화입니다. 원화(KRW)만 결제할 수 있습니다.' : '지원하지 않는 통화입니다. ' + method + '는 ' + currency + '로만 결제할 수 있습니다.');
    }
    var whole = currency === 'KRW' ? a.value : Math.round(a.value * 100);
    if (typeof a.value !== 'number' || !Number.isSafeInteger(whole) || (currency !== 'KRW' && Math.abs(a.value * 100 - whole) > 1e-6)) {
      throw fail('INVALID_AMOUNT_VALUE', currency === 'KRW' ? '결제 금액은 정수(원 단위)여야 합니다.' : '결제 금액은 소수 둘째 자리까지 쓸 수 있습니다.');
    }
    if (a.value < 0 || (a.value === 0 && !allowZero)) throw fail('BELOW_ZERO_AMOUNT', '결제 금액은 0보다 커야 합니다.');
    return { currency: currency, value: a.value };
  }

  function checkUrl(value, which) {
    var code = which === 'success' ? 'INCORRECT_SUCCESS_URL_FORMAT' : 'INCORRECT_FAIL_URL_FORMAT';
    var url = null;
    try { url = typeof value === 'string' ? new URL(value) : null; } catch (e) { url = null; }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw fail(code, which + 'Url은 http(s)로 시작하는 절대 URL이어야 합니다. 예: window.location.origin + "/' + which + '"');
    }
  }

  // true when the redirect form is used (both URLs), false for the promise form (neither)
  function checkRedirection(req, required) {
    var hasSuccess = !absent(req.successUrl);
    var hasFail = !absent(req.failUrl);
    if (!hasSuccess && !hasFail && !required) return false;
    checkUrl(req.successUrl, 'success');
    checkUrl(req.failUrl, 'fail');
    return true;
  }

  function checkPaymentRequest(req, offered) {
    if (offered.indexOf(req.method) < 0) {
      throw fail('NOT_SUPPORTED_METHOD', '지원하지 않는 결제수단입니다: ' + String(req.method));
    }
    checkAmount(req.amount, false, req.method);
    if (typeof req.orderId !== 'string' || !ORDER_ID.test(req.orderId)) {
      throw fail('INVALID_ORDER_ID', 'orderId는 영문 대소문자, 숫자, 특수문자 -, _, = 로 이루어진 6자 이상 64자 이하의 문자열이어야 합니다.');
    }
    if (typeof req.orderName !== 'string' || req.orderName.trim().length === 0 || req.orderName.length > 100) {
      throw fail('INVALID_ORDER_NAME', 'orderName은 1자 이상 100자 이하의 문자열이어야 합니다.');
    }
    return checkRedirection(req, false);
  }

  function plain(req) {
    var out = {};
    Object.keys(req).forEach(function (k) { if (typeof req[k] !== 'function') out[k] = req[k]; });
    return JSON.parse(JSON.stringify(out));
  }

  // One request at a time per page, as the real SDK's "method transaction" lock does.
  var active = null;
  window.addEventListener('pageshow', function (ev) { if (ev.persisted) active = null; });

  function createSession(payload) {
    payload.openerOrigin = window.location.origin;
    return fetch(BASE + (payload.kind === 'brandpay' ? '/window/brandpay/sessions' : '/window/sessions'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload)
    }).then(function (res) {
      return res.json().catch(function () { return null; }).then(function (body) {
        if (!res.ok || !body || typeof body.path !== 'string') {
          throw fail((body && body.code) || 'UNKNOWN_ERROR', (body && body.message) || '결제창을 열지 못했습니다 (HTTP ' + res.status + ').');
        }
        return body;
      });
    }, function () {
      throw fail('NETWORK_ERROR', '토스페이먼츠 에뮬레이터(' + BASE + ')에 연결하지 못했습니다.');
    });
  }

  function start(payload, owner) {
    if (active) return Promise.reject(fail('INVALID_METHOD_TRANSACTION', '이미 진행 중인 결제 요청이 있습니다.'));
    var token = { owner: owner, abort: null };
    active = token;
    return createSession(payload).then(function (created) {
      if (active !== token) throw fail('PAYMENT_REQUEST_ABORTED', 'destroy() 호출로 결제 요청이 중단되었습니다.');
      var url = new URL(created.path, BASE + '/').href;
      if (created.mode === 'redirect') {
        // The real SDK navigates away and its promise never settles: code after the await (or a switch that
        // falls through to the next requestPayment, as the gateway's sample does) must not run. The lock
        // stays held until the page is left (or comes back from the back-forward cache, see pageshow).
        window.location.assign(url);
        return new Promise(function () { /* never settles */ });
      }
      return openFrame(url, created.sessionId, token);
    }).catch(function (error) {
      if (active === token) active = null;
      throw error;
    });
  }

  function openFrame(url, sessionId, token) {
    return new Promise(function (resolve, reject) {
      var overlay = document.createElement('div');
      overlay.setAttribute('data-testid', 'tosspayments-overlay');
      overlay.setAttribute('style', 'position:fixed;inset:0;z-index:2147483647;background:rgba(0,23,51,.45);display:flex;align-items:center;justify-content:center;');
      var frame = document.createElement('iframe');
      frame.src = url;
      frame.title = '토스페이먼츠 결제창';
      frame.name = 'tosspayments-window';
      frame.setAttribute('data-testid', 'tosspayments-window');
      frame.setAttribute('style', 'width:min(480px,100vw);height:min(720px,100vh);border:0;border-radius:16px;background:#fff;box-shadow:0 12px 40px rgba(0,0,0,.3);');
      frame.addEventListener('load', function () { try { frame.focus(); } catch (e) { /* ignore */ } });
      overlay.appendChild(frame);
      (document.body || document.documentElement).appendChild(overlay);
      function finish() {
        window.removeEventListener('message', onMessage);
        if (overlay.parentNode) overlay.parentNode.removeChild(overlay);
        if (active === token) active = null;
      }
      function onMessage(ev) {
        if (ev.origin !== ORIGIN || ev.source !== frame.contentWindow) return;
        var d = ev.data;
        if (!isObject(d) || d.source !== MESSAGE_SOURCE || d.sessionId !== sessionId) return;
        finish();
        if (d.ok) resolve(d.result);
        else reject(fail(d.code, d.message));
      }
      window.addEventListener('message', onMessage);
      token.abort = function () {
        finish();
        reject(fail('PAYMENT_REQUEST_ABORTED', 'destroy() 호출로 결제 요청이 중단되었습니다.'));
      };
    });
  }

  function abortOwned(owner) {
    if (active && active.owner === owner) {
      if (active.abort) active.abort();
      else active = null;
    }
    return Promise.resolve();
  }

  var styleInjected = false;
  function injectStyle() {
    if (styleInjected || document.getElementById('tosskit-emulator-widget-style')) return;
    styleInjected = true;
    var style = document.createElement('style');
    style.id = 'tosskit-emulator-widget-style';
    style.textContent = [
      '.tk-emu-widget{font-family:system-ui,-apple-system,"Apple SD Gothic Neo","Noto Sans KR",sans-serif;border:1px solid #e5e8eb;border-radius:12px;padding:16px;margin:8px 0;background:#fff;color:#191f28}',
      '.tk-emu-widget fieldset{border:0;margin:0;padding:0}',
      '.tk-emu-widget legend{font-weight:700;font-size:16px;margin-bottom:8px;padding:0}',
      '.tk-emu-widget .tk-emu-note{font-weight:400;font-size:12px;color:#6b7684;margin-left:6px}',
      '.tk-emu-methods{display:grid;grid-template-columns:repeat(auto-fill,minmax(140px,1fr));gap:8px}',
      '.tk-emu-option{display:flex;align-items:center;gap:8px;border:1px solid #d1d6db;border-radius:8px;padding:10px 12px;cursor:pointer}',
      '.tk-emu-option:has(input:checked){border-color:#3182f6;background:#e8f3ff}',
      '.tk-emu-option input:focus-visible{outline:2px solid #3182f6;outline-offset:2px}',
      '.tk-emu-agreement label{display:flex;align-items:center;gap:8px;cursor:pointer}'
    ].join('\n');
    document.head.appendChild(style);
  }

  function hostFor(params, already, alreadyCode, what) {
    if (already) throw fail(alreadyCode, '이미 ' + what + '이(가) 렌더링되어 있습니다.');
    var selector = params && params.selector;
    var host = null;
    try { host = typeof selector === 'string' ? document.querySelector(selector) : null; } catch (e) { host = null; }
    if (!host) throw fail('INVALID_SELECTOR', 'selector에 해당하는 요소를 찾을 수 없습니다: ' + String(selector));
    return host;
  }

  function checkListener(eventName, expected, callback) {
    if (eventName !== expected) throw fail('INVALID_EVENT_PARAMETER', "지원하지 않는 이벤트입니다: " + String(eventName));
    if (typeof callback !== 'function') throw fail('INVALID_CALLBACK_PARAMETER', 'callback은 함수여야 합니다.');
  }

  var widgetSeq = 0;
  function renderMethods(host) {
    injectStyle();
    var group = 'tk-emu-method-' + (++widgetSeq);
    var selected = 'CARD';
    var listeners = [];
    var root = document.createElement('div');
    root.className = 'tk-emu-widget';
    root.setAttribute('data-testid', 'payment-methods');
    var fieldset = document.createElement('fieldset');
    var legend = document.createElement('legend');
    legend.textContent = '결제 방법';
    var note = document.createElement('span');
    note.className = 'tk-emu-note';
    note.textContent = '토스페이먼츠 에뮬레이터';
    legend.appendChild(note);
    fieldset.appendChild(legend);
    var list = document.createElement('div');
    list.className = 'tk-emu-methods';
    METHODS.forEach(function (code) {
      var label = document.createElement('label');
      label.className = 'tk-emu-option';
      var input = document.createElement('input');
      input.type = 'radio';
      input.name = group;
      input.value = code;
      input.checked = code === selected;
      input.setAttribute('data-testid', 'method-' + code.toLowerCase().replace(/_/g, '-'));
      input.addEventListener('change', function () {
        if (!input.checked) return;
        selected = code;
        listeners.slice().forEach(function (cb) { try { cb({ code: code }); } catch (e) { setTimeout(function () { throw e; }); } });
      });
      label.appendChild(input);
      label.appendChild(document.createTextNode(METHOD_LABELS[code]));
      list.appendChild(label);
    });
    fieldset.appendChild(list);
    root.appendChild(fieldset);
    host.appendChild(root);
    return {
      selected: function () { return selected; },
      api: {
        on: function (eventName, callback) { checkListener(eventName, 'paymentMethodSelect', callback); listeners.push(callback); },
        getSelectedPaymentMethod: function () { return Promise.resolve({ code: selected }); },
        destroy: function () { if (root.parentNode) root.parentNode.removeChild(root); return Promise.resolve(); }
      },
      root: root
    };
  }

  function renderAgreement(host) {
    injectStyle();
    var listeners = [];
    var root = document.createElement('div');
    root.className = 'tk-emu-widget tk-emu-agreement';
    root.setAttribute('data-testid', 'agreement');
    var label = document.createElement('label');
    var box = document.createElement('input');
    box.type = 'checkbox';
    box.checked = true;
    box.setAttribute('data-testid', 'agreement-checkbox');
    function status() {
      return { agreedRequiredTerms: box.checked, agreements: [{ term: { id: 'EMULATOR_REQUIRED_TERMS', required: true }, agreed: box.checked }] };
    }
    box.addEventListener('change', function () {
      var s = status();
      listeners.slice().forEach(function (cb) { try { cb(s); } catch (e) { setTimeout(function () { throw e; }); } });
    });
    label.appendChild(box);
    label.appendChild(document.createTextNode('[필수] 주문 내용을 확인했으며 결제 서비스 이용 약관에 동의합니다'));
    root.appendChild(label);
    host.appendChild(root);
    return {
      agreed: function () { return box.checked; },
      api: {
        on: function (eventName, callback) { checkListener(eventName, 'agreementStatusChange', callback); listeners.push(callback); },
        destroy: function () { if (root.parentNode) root.parentNode.removeChild(root); return Promise.resolve(); }
      },
      root: root
    };
  }

  function notSupported(what) {
    return function () { return Promise.reject(fail('NOT_SUPPORTED_IN_EMULATOR', '에뮬레이터는 ' + what + '을(를) 지원하지 않습니다.')); };
  }

  function TossPayments(clientKey) {
    if (typeof clientKey !== 'string' || clientKey.length === 0) throw fail('INVALID_CLIENT_KEY', '클라이언트 키가 없습니다.');
    if (SECRET_KEY.test(clientKey)) {
      throw fail('INSECURE_KEY_USAGE', '브라우저에서 시크릿 키를 사용하면 안 됩니다. 클라이언트 키를 쓰고, 노출된 시크릿 키는 재발급하세요.');
    }
    // Keys without a known prefix (custom emulator keys) are classified by the server instead.
    var family = WIDGET_KEY.test(clientKey) ? 'widget' : API_KEY.test(clientKey) ? 'api' : null;

    function payment(params) {
      if (family === 'widget') {
        throw fail('NOT_SUPPORTED_WIDGET_KEY', '결제위젯 연동 키(gck)는 payment()에서 쓸 수 없습니다. API 개별 연동 키의 클라이언트 키(ck)를 쓰세요.');
      }
      var customerKey = checkCustomerKey(params && params.customerKey);
      var self = {};
      self.requestPayment = function (req) {
        return Promise.resolve().then(function () {
          if (!isObject(req)) throw fail('INVALID_PARAMETER', '결제 요청 파라미터가 필요합니다.');
          var redirect = checkPaymentRequest(req, PAYMENT_METHODS);
          if (req.method === 'FOREIGN_EASY_PAY' && !redirect) {
            throw fail('INVALID_PARAMETER', 'FOREIGN_EASY_PAY는 리다이렉트 방식만 지원합니다. successUrl과 failUrl을 넣어주세요.');
          }
          return start({ clientKey: clientKey, kind: 'payment', customerKey: customerKey, request: plain(req) }, self);
        });
      };
      self.requestBillingAuth = function (req) {
        return Promise.resolve().then(function () {
          if (!isObject(req)) throw fail('INVALID_PARAMETER', '자동결제 인증 파라미터가 필요합니다.');
          if (req.method !== 'CARD' && req.method !== 'TRANSFER') {
            throw fail('NOT_SUPPORTED_METHOD', "자동결제 인증은 method 'CARD' 또는 'TRANSFER'만 지원합니다.");
          }
          if (customerKey === ANONYMOUS) throw fail('INVALID_CUSTOMER_KEY', '자동결제 인증에는 구매자를 식별하는 customerKey가 필요합니다 (ANONYMOUS 불가).');
          checkRedirection(req, true);
          return start({ clientKey: clientKey, kind: 'billing', customerKey: customerKey, request: plain(req) }, self);
        });
      };
      self.destroy = function () { return abortOwned(self); };
      return self;
    }

    function widgets(params) {
      if (family === 'api') {
        throw fail('NOT_SUPPORTED_API_INDIVIDUAL_KEY', 'API 개별 연동 키(ck)는 widgets()에서 쓸 수 없습니다. 결제위젯 연동 키의 클라이언트 키(gck)를 쓰세요.');
      }
      var customerKey = checkCustomerKey(params && params.customerKey);
      var amount = null;
      var methods = null;
      var agreement = null;
      var self = {};
      self.setAmount = function (a) {
        return Promise.resolve().then(function () { amount = checkAmount(a, true, 'CARD'); });
      };
      self.renderPaymentMethods = function (p) {
        return Promise.resolve().then(function () {
          if (!amount) throw fail('NOT_SETUP_AMOUNT', '결제 금액이 설정되지 않았습니다. setAmount()를 먼저 호출하세요.');
          var host = hostFor(p, methods && methods.root.isConnected, 'PAYMENT_METHODS_WIDGET_ALREADY_RENDERED', '결제 UI');
          methods = renderMethods(host);
          return methods.api;
        });
      };
      self.renderAgreement = function (p) {
        return Promise.resolve().then(function () {
          var host = hostFor(p, agreement && agreement.root.isConnected, 'AGREEMENT_WIDGET_ALREADY_RENDERED', '약관 UI');
          agreement = renderAgreement(host);
          return agreement.api;
        });
      };
      self.requestPayment = function (req) {
        return Promise.resolve().then(function () {
          if (!isObject(req)) throw fail('INVALID_PARAMETER', '결제 요청 파라미터가 필요합니다.');
          if (!amount) throw fail('NOT_SETUP_AMOUNT', '결제 금액이 설정되지 않았습니다. setAmount()를 먼저 호출하세요.');
          if (!methods || !methods.root.isConnected) throw fail('NOT_SELECTED_PAYMENT_METHOD', '결제수단이 선택되지 않았습니다. renderPaymentMethods()로 결제 UI를 먼저 렌더링하세요.');
          if (agreement && agreement.root.isConnected && !agreement.agreed()) {
            throw fail('NEED_AGREEMENT_WITH_REQUIRED_TERMS', '필수 약관에 동의해주세요.');
          }
          var request = plain(req);
          request.method = methods.selected();
          request.amount = amount;
          checkPaymentRequest(request, METHODS);
          return start({ clientKey: clientKey, kind: 'widget', customerKey: customerKey, request: request }, self);
        });
      };
      self.requestPaymentWindow = notSupported('requestPaymentWindow (결제창형)');
      self.renderPaymentWindow = notSupported('renderPaymentWindow (결제창형)');
      self.destroy = function () {
        if (methods) methods.api.destroy();
        if (agreement) agreement.api.destroy();
        methods = null;
        agreement = null;
        return abortOwned(self);
      };
      return self;
    }

    __TOSSKIT_BRANDPAY__
    return { payment: payment, widgets: widgets, brandpay: brandpay };
  }

  TossPayments.ANONYMOUS = ANONYMOUS;
  window.TossPayments = TossPayments;
})();
`;

// the window's method codes and labels come from catalog.ts, so the script and the server cannot disagree
const SCRIPT = TEMPLATE.replace('__TOSSKIT_METHODS__', () => JSON.stringify(WINDOW_METHODS))
  .replace('__TOSSKIT_PAYMENT_METHODS__', () => JSON.stringify(PAYMENT_WINDOW_METHODS))
  .replace('    __TOSSKIT_BRANDPAY__\n', () => BRANDPAY_SCRIPT)
  .replace('__TOSSKIT_METHOD_LABELS__', () => JSON.stringify(METHOD_LABELS));

/**
 * The script text. `fallbackBase` (the emulator's URL) is used only when the script cannot read its own
 * src (e.g. it was inlined); normally the window URL is derived from where the script was loaded from.
 */
export function renderSdkScript(fallbackBase: string): string {
  return SCRIPT.replace('__TOSSKIT_FALLBACK_BASE__', () =>
    JSON.stringify(fallbackBase.replace(/\/+$/, '')).replace(/</g, '\\u003c'),
  );
}
