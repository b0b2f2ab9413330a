// The SDK stand-in's `brandpay()` (docs.tosspayments.com/sdk/v2/js, "브랜드페이"; v2 SDK typings TossPaymentsBrandpay),
// spliced into the script of sdk-script.ts inside `TossPayments(clientKey)`: it uses that script's helpers (fail,
// checkCustomerKey, checkAmount, checkUrl, checkRedirection, start, plain, notSupported) and its `family`.
// Browser JavaScript kept as a string, ES2017, no template literals. The window is /window/brandpay (brandpay.ts).

export const BRANDPAY_SCRIPT = String.raw`    // brandpay(): docs.tosspayments.com/sdk/v2/js ("브랜드페이"); the window is /window/brandpay (brandpay.ts).
    function brandpay(params) {
      if (family === 'widget') {
        throw fail('NOT_SUPPORTED_WIDGET_KEY', '결제위젯 연동 키(gck)는 brandpay()에서 쓸 수 없습니다. API 개별 연동 키의 클라이언트 키(ck)를 쓰세요.');
      }
      var customerKey = checkCustomerKey(params && params.customerKey);
      if (customerKey === ANONYMOUS) throw fail('INVALID_CUSTOMER_KEY', '브랜드페이에는 구매자를 식별하는 customerKey가 필요합니다 (ANONYMOUS 불가).');
      var redirectUrl = params && params.redirectUrl;
      if (!absent(redirectUrl)) checkUrl(redirectUrl, 'success');
      var self = {};
      function open(op, request) {
        return start({ clientKey: clientKey, kind: 'brandpay', op: op, customerKey: customerKey, redirectUrl: absent(redirectUrl) ? null : redirectUrl, request: request }, self)
          .then(function (result) { return op === 'payment' ? result : undefined; });
      }
      self.requestPayment = function (req) {
        return Promise.resolve().then(function () {
          if (!isObject(req)) throw fail('INVALID_PARAMETER', '결제 요청 파라미터가 필요합니다.');
          checkAmount(req.amount, false, 'CARD');
          if (typeof req.orderId !== 'string' || !ORDER_ID.test(req.orderId)) {
            throw fail('INVALID_ORDER_ID', 'orderId는 영문 대소문자, 숫자, 특수문자 -, _, = 로 이루어진 6자 이상 64자 이하의 문자열이어야 합니다.');
          }
          if (typeof req.orderName !== 'string' || req.orderName.trim().length === 0 || req.orderName.length > 100) {
            throw fail('INVALID_ORDER_NAME', 'orderName은 1자 이상 100자 이하의 문자열이어야 합니다.');
          }
          checkRedirection(req, false);
          return open('payment', plain(req));
        });
      };
      self.addPaymentMethod = function () { return Promise.resolve().then(function () { return open('addPaymentMethod', null); }); };
      self.openSettings = function () { return Promise.resolve().then(function () { return open('openSettings', null); }); };
      self.changePassword = function () { return Promise.resolve().then(function () { return open('changePassword', null); }); };
      self.changeOneTouchPay = function () { return Promise.resolve().then(function () { return open('changeOneTouchPay', null); }); };
      self.isOneTouchPayEnabled = function () {
        return fetch(BASE + '/window/brandpay/status?customerKey=' + encodeURIComponent(customerKey))
          .then(function (res) { return res.json(); })
          .then(function (s) {
            if (!s.registered) throw fail('NEED_AGREEMENT_WITH_TERMS', '브랜드페이 약관 동의가 필요합니다. 결제수단을 먼저 등록해주세요.');
            return { isEnabled: s.oneTouchEnabled === true };
          });
      };
      // requestBillingAuth is @ignore in the SDK typings: not emulated
      self.requestBillingAuth = notSupported('브랜드페이 requestBillingAuth');
      return self;
    }

`;
