/**
 * tosskit's own error codes: the HTTP status each becomes and its message in Korean and English.
 *
 * Where the developer integrating tosskit caused the problem, the message says what to change. `{name}` placeholders
 * are filled from the error's details by `messageFor`/`localizeError`; every placeholder sits inside a `( … )` group,
 * and a group whose value is missing is dropped, so a message always reads well without its details.
 */
export interface TosskitErrorEntry {
  readonly status: number;
  /** what the buyer (or the caller) reads: never an option, a hook, an expected amount or a fix for developers */
  readonly ko: string;
  readonly en: string;
  /**
   * what the developer reads: the numbers and the fix. Logged, and sent as `detail` in JSON answers outside
   * production (NODE_ENV !== 'production'); never on the buyer's page.
   */
  readonly developer?: { readonly ko: string; readonly en: string };
}

/** tosskit's own error codes with status and messages (a data table). */
export const TOSSKIT_ERRORS = Object.freeze({
  CONFIGURATION_ERROR: {
    status: 500,
    ko: '결제 설정에 문제가 있어 지금은 결제할 수 없습니다. 잠시 후 다시 시도해주세요.',
    en: 'Payments cannot be taken right now because of a setup problem. Please try again later.',
    developer: {
      ko: 'tosskit 설정이 올바르지 않습니다 (옵션: {option}). 서버 시작 로그에 나온 옵션을 고친 뒤 다시 시작하세요.',
      en: 'tosskit is misconfigured (option: {option}). Fix the option named in the server start-up log and restart.',
    },
  },
  VALIDATION_ERROR: {
    status: 400,
    ko: '요청 값이 올바르지 않습니다.',
    en: 'The request is invalid.',
    developer: {
      ko: 'details.issues에 표시된 항목을 고쳐 다시 요청하세요.',
      en: 'Fix the fields listed in details.issues and send it again.',
    },
  },
  UNSUPPORTED_CURRENCY: {
    status: 400,
    ko: 'tosskit은 원화(KRW) 결제만 처리합니다. 해외 통화 금액(받은 값: {received})의 결제는 승인하지 않았습니다. 주문 금액을 원 단위로 결제해주세요.',
    en: 'tosskit handles payments in won (KRW) only. The payment in a foreign currency (received: {received}) was not confirmed; pay the order in won.',
  },
  INVALID_AMOUNT: {
    status: 400,
    ko: '금액은 0보다 큰 정수(원 단위, 숫자만)여야 합니다 (받은 값: {received}).',
    en: 'The amount must be a positive whole number of won, digits only (received: {received}).',
  },
  AMOUNT_MISMATCH: {
    status: 400,
    ko: '결제 금액이 주문 금액과 달라 결제하지 않았습니다. 주문을 확인한 뒤 다시 결제해주세요.',
    en: 'The payment amount does not match the order, so nothing was charged. Check the order and pay again.',
    developer: {
      ko: '주문 금액: {expected}, 받은 금액: {received}. 결제 요청에는 서버가 계산한 주문 금액을 사용하세요.',
      en: 'Order: {expected}, received: {received}. Request the payment with the amount the server computed for the order.',
    },
  },
  ORDER_NOT_FOUND: {
    status: 404,
    ko: '주문을 찾을 수 없습니다 (주문번호: {orderId}).',
    en: 'The order was not found (orderId: {orderId}).',
    developer: {
      ko: 'orderLookup이 이 주문번호({orderId})로 주문을 돌려주는지 확인하세요.',
      en: 'Check that orderLookup returns the order for this orderId ({orderId}).',
    },
  },
  ORDER_NOT_PAYABLE: {
    status: 409,
    ko: '결제할 수 없는 주문입니다. 이미 결제되었거나 취소된 주문입니다.',
    en: 'This order cannot be paid: it has already been paid or canceled.',
  },
  PAYMENT_NOT_FOUND: {
    status: 404,
    ko: '결제 정보를 찾을 수 없습니다.',
    en: 'The payment was not found.',
  },
  INVALID_STATE_TRANSITION: {
    status: 409,
    ko: '현재 결제 상태에서는 할 수 없는 작업입니다 (현재 상태: {from}, 요청한 상태: {to}).',
    en: 'This operation is not allowed in the current payment state (from: {from}, to: {to}).',
  },
  INVALID_ORDER_ID: {
    status: 400,
    ko: 'orderId는 영문 대소문자, 숫자, -, _, = 로 된 6자 이상 64자 이하의 문자열이어야 합니다.',
    en: 'orderId must be 6 to 64 characters of letters, digits, -, _ and =.',
  },
  INVALID_PAYMENT_KEY: {
    status: 400,
    ko: 'paymentKey가 올바르지 않습니다. 결제창이 돌려준 paymentKey를 그대로 보내주세요 (최대 200자).',
    en: 'The paymentKey is invalid. Send the paymentKey the payment window returned, unchanged (at most 200 characters).',
  },
  INVALID_CUSTOMER_KEY: {
    status: 400,
    ko: 'customerKey는 영문 대소문자, 숫자, -, _, =, ., @ 로 된 2자 이상 50자 이하의 문자열이어야 합니다.',
    en: 'customerKey must be 2 to 50 characters of letters, digits, -, _, =, . and @.',
  },
  INVALID_BILLING_KEY: {
    status: 400,
    ko: 'billingKey가 올바르지 않습니다. 공백 없는 영문, 숫자, 기호로 된 200자 이하의 문자열이어야 합니다.',
    en: 'The billingKey is invalid: it must be at most 200 printable ASCII characters without spaces.',
  },
  INVALID_AUTH_KEY: {
    status: 400,
    ko: 'authKey가 올바르지 않습니다. 카드 등록 후 successUrl로 받은 authKey를 그대로 보내주세요 (최대 300자).',
    en: 'The authKey is invalid. Send the authKey the successUrl received after the card registration, unchanged (at most 300 characters).',
  },
  INVALID_TRANSACTION_KEY: {
    status: 400,
    ko: 'transactionKey가 올바르지 않습니다. 공백 없는 영문, 숫자, 기호로 된 64자 이하의 문자열이어야 합니다.',
    en: 'The transactionKey is invalid: it must be at most 64 printable ASCII characters without spaces.',
  },
  INVALID_RECEIPT_KEY: {
    status: 400,
    ko: 'receiptKey가 올바르지 않습니다. 현금영수증 발급 때 받은 receiptKey를 그대로 보내주세요 (최대 200자).',
    en: 'The receiptKey is invalid. Send the receiptKey the cash receipt was issued with, unchanged (at most 200 characters).',
  },
  MISSING_PARAMETER: {
    status: 400,
    ko: '필수 값이 빠졌습니다 (항목: {parameter}).',
    en: 'A required parameter is missing (parameter: {parameter}).',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    ko: '지원하지 않는 Content-Type입니다. 요청 본문은 application/json으로 보내주세요.',
    en: 'Unsupported Content-Type. Send the request body as application/json.',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    ko: '요청 본문이 너무 큽니다 (최대: {limit}바이트).',
    en: 'The request body is too large (limit: {limit} bytes).',
  },
  METHOD_NOT_ALLOWED: {
    status: 405,
    ko: '이 경로에서 허용되지 않는 HTTP 메서드입니다 (허용: {allow}).',
    en: 'This HTTP method is not allowed on this route (allowed: {allow}).',
  },
  ROUTE_NOT_FOUND: {
    status: 404,
    ko: '존재하지 않는 경로입니다 (받은 경로: {received}) (이 핸들러의 경로: {served}).',
    en: 'No such route (received: {received}) (this handler serves: {served}).',
  },
  UNAUTHORIZED: {
    status: 401,
    ko: '인증이 필요합니다. 유효한 인증 정보를 보내주세요.',
    en: 'Authentication is required. Send valid credentials.',
  },
  FORBIDDEN: {
    status: 403,
    ko: '이 작업을 할 권한이 없습니다.',
    en: 'You are not allowed to perform this operation.',
  },
  CANCEL_AMOUNT_EXCEEDS_BALANCE: {
    status: 400,
    ko: '취소 금액이 취소 가능한 잔액보다 큽니다 (취소 가능 잔액: {balanceAmount}, 요청 금액: {cancelAmount}).',
    en: 'The cancel amount exceeds the cancelable balance (balance: {balanceAmount}, requested: {cancelAmount}).',
  },
  PARTIAL_CANCEL_NOT_ALLOWED: {
    status: 400,
    ko: '이 결제는 부분 취소할 수 없습니다. cancelAmount 없이 전액 취소를 요청해주세요.',
    en: 'This payment cannot be partially canceled. Request a full cancel without cancelAmount.',
  },
  REFUND_ACCOUNT_REQUIRED: {
    status: 400,
    ko: '입금이 끝난 가상계좌 결제를 취소하려면 환불받을 계좌(refundReceiveAccount: bank, accountNumber, holderName)가 필요합니다.',
    en: 'Canceling a deposited virtual-account payment needs the refund account (refundReceiveAccount: bank, accountNumber, holderName).',
  },
  INVALID_TAX_FREE_AMOUNT: {
    status: 400,
    ko: '취소할 면세 금액이 올바르지 않습니다. 0 이상, 취소 금액과 남은 면세 금액 이하의 정수여야 합니다 (남은 면세 금액: {remainingTaxFreeAmount}).',
    en: 'The tax-free cancel amount is invalid: it must be a whole number from 0 up to the cancel amount and the remaining tax-free amount (remaining: {remainingTaxFreeAmount}).',
  },
  PAYMENT_NOT_CANCELABLE: {
    status: 409,
    ko: '현재 상태의 결제는 취소할 수 없습니다 (상태: {status}).',
    en: 'The payment cannot be canceled in its current state (status: {status}).',
  },
  WEBHOOK_REJECTED: {
    status: 400,
    ko: '웹훅을 확인할 수 없어 거부했습니다.',
    en: 'The webhook could not be verified and was rejected.',
  },
  WEBHOOK_PAYMENT_UNKNOWN: {
    status: 404,
    ko: '웹훅이 가리키는 결제를 찾을 수 없습니다.',
    en: 'The payment the webhook refers to is unknown.',
  },
  WEBHOOK_UNVERIFIED: {
    status: 503,
    ko: '웹훅이 가리키는 결제를 결제 서버에서 지금 확인할 수 없어 반영하지 않았습니다. 잠시 뒤 다시 보내주세요.',
    en: 'The payment this webhook refers to cannot be checked with the gateway right now, so nothing was applied. Send it again later.',
  },
  INVALID_WEBHOOK_SIGNATURE: {
    status: 401,
    ko: '웹훅 서명(tosspayments-webhook-signature)이 없거나 보안 키로 확인되지 않습니다.',
    en: 'The webhook signature (tosspayments-webhook-signature) is missing or does not verify with the security key.',
    developer: {
      ko: '개발자센터의 보안 키를 securityKey로 설정했는지 확인하세요.',
      en: 'Check that securityKey is the security key from the developer center.',
    },
  },
  RAW_BODY_REQUIRED: {
    status: 400,
    ko: '서명된 웹훅(payout.changed, seller.changed)의 본문이 tosskit보다 먼저 JSON 본문 파서에서 읽혀 원래 바이트가 남아 있지 않아 서명을 확인할 수 없습니다. 보안 키 문제가 아닙니다. Express: express.json()보다 먼저 tosskit을 마운트하거나 express.json({ verify: (req, res, buf) => { req.rawBody = buf } })로 원본을 남기세요. Koa: bodyparser보다 먼저 tosskit을 마운트하거나 ctx.request.rawBody를 남기는 파서(@koa/bodyparser)를 쓰세요.',
    en: 'The signed webhook (payout.changed, seller.changed) was read by a JSON body parser before tosskit, so its original bytes are gone and its signature cannot be checked. The security key is not the problem. Express: mount tosskit before express.json(), or keep the bytes with express.json({ verify: (req, res, buf) => { req.rawBody = buf } }). Koa: mount tosskit before the body parser, or use a parser that keeps ctx.request.rawBody (@koa/bodyparser).',
  },
  INVALID_WEBHOOK_BODY: {
    status: 400,
    ko: '웹훅 본문의 형식이 올바르지 않습니다.',
    en: 'The webhook body is malformed.',
  },
  CONFIRM_IN_PROGRESS: {
    status: 409,
    ko: '이 주문의 결제 승인이 이미 진행 중입니다. 잠시 후 결과를 다시 확인해주세요.',
    en: 'A confirmation for this order is already in progress. Check the result again shortly.',
  },
  PAYMENT_CONFIRMING: {
    // not a failure: the answer a buyer's page polls (HTTP 202 with Retry-After) until the outcome is known
    status: 202,
    ko: '결제 승인 결과를 확인하고 있습니다. 잠시 후 자동으로 다시 확인합니다. 결제를 다시 시도하지 마세요.',
    en: 'The payment is being confirmed. The result is checked again shortly; do not pay again.',
  },
  PAYMENT_COMPENSATED: {
    status: 409,
    ko: '결제가 승인되었지만 주문 처리에 실패해 결제를 취소했습니다. 다시 결제해주세요.',
    en: 'The payment was approved but processing the order failed, so the payment was canceled. Please pay again.',
  },
  GATEWAY_UNAVAILABLE: {
    status: 503,
    ko: '결제 서버에 일시적으로 연결할 수 없습니다. 잠시 후 다시 시도해주세요.',
    en: 'The payment gateway is temporarily unavailable. Please try again shortly.',
  },
  LEDGER_UNAVAILABLE: {
    status: 503,
    ko: '결제 기록을 지금 저장할 수 없습니다. 잠시 후 다시 시도해주세요.',
    en: 'The payment record cannot be saved right now. Please try again shortly.',
    developer: {
      ko: '결제 기록 저장소(ledger 데이터베이스)에 연결할 수 없습니다. Retry-After 헤더의 시간(초)만큼 기다린 뒤 다시 시도하세요.',
      en: 'The payment ledger (its database) is unreachable. Wait the seconds given in the Retry-After header and try again.',
    },
  },
  GATEWAY_TIMEOUT: {
    status: 504,
    ko: '결제 서버의 응답이 늦어지고 있습니다. 결제 결과를 확인한 뒤 다시 시도해주세요.',
    en: 'The payment gateway did not answer in time. Check the payment result before trying again.',
  },
  NETWORK_ERROR: {
    status: 502,
    ko: '결제 서버와 통신하지 못했습니다. 잠시 후 다시 시도해주세요.',
    en: 'Could not reach the payment gateway. Please try again shortly.',
  },
  INVALID_GATEWAY_RESPONSE: {
    status: 502,
    ko: '결제 서버의 응답을 해석하지 못했습니다. 결제 결과를 확인한 뒤 다시 시도해주세요.',
    en: 'The payment gateway answered something unreadable. Check the payment result before trying again.',
  },
  REQUEST_ABORTED: {
    status: 502,
    ko: '결제 서버 요청이 중단되었습니다. 결제 결과를 확인한 뒤 다시 시도해주세요.',
    en: 'The request to the payment gateway was aborted. Check the payment result before trying again.',
  },
  BILLING_KEY_NOT_FOUND: {
    status: 404,
    ko: '등록된 자동결제 수단(빌링키)이 없습니다. 카드를 다시 등록해주세요.',
    en: 'No billing key is registered. Please register the card again.',
  },
  BILLING_KEY_REVOKED: {
    status: 409,
    ko: '카드는 등록되었지만 가맹점에서 등록을 마치지 못해 등록을 취소했습니다. 카드를 다시 등록해주세요.',
    en: 'The card was registered but the shop could not complete the registration, so it was removed. Please register the card again.',
  },
  CASH_RECEIPT_NOT_FOUND: {
    status: 404,
    ko: '현금영수증을 찾을 수 없습니다 (receiptKey: {receiptKey}).',
    en: 'The cash receipt was not found (receiptKey: {receiptKey}).',
  },
  CASH_RECEIPT_AMOUNT_EXCEEDED: {
    status: 400,
    ko: '현금영수증 금액이 발급(취소) 가능한 금액보다 큽니다 (가능한 금액: {available}원, 요청 금액: {amount}원).',
    en: 'The cash receipt amount exceeds what can be issued or canceled (available: {available} KRW, requested: {amount} KRW).',
  },
  CASH_RECEIPT_NOT_ALLOWED: {
    status: 409,
    ko: '이 결제에는 현금영수증을 발급할 수 없습니다 (결제수단: {method}, 상태: {status}). 현금성 결제(계좌이체, 가상계좌)나 현금 결제에만 발급할 수 있습니다.',
    en: 'A cash receipt cannot be issued for this payment (method: {method}, status: {status}). Only cash-like payments (transfer, virtual account) or cash qualify.',
  },
  TOO_MANY_REQUESTS: {
    status: 429,
    ko: '요청이 너무 많습니다. 잠시 후 다시 시도해주세요.',
    en: 'Too many requests. Please try again shortly.',
  },
  // Codes the gateway also uses, worded by tosskit with the numbers of the case (tosskit checks them before calling
  // the gateway). A GatewayError with these codes keeps the gateway's wording.
  BELOW_MINIMUM_AMOUNT: {
    status: 400,
    ko: '결제 금액이 결제수단의 최소 금액보다 작습니다 (결제수단: {method}, 최소 금액: {minimum}원, 요청 금액: {amount}원).',
    en: 'The amount is below the minimum for the payment method (method: {method}, minimum: {minimum} KRW, amount: {amount} KRW).',
  },
  EXCEEDS_TRANSFER_AMOUNT_MAXIMUM: {
    status: 400,
    ko: '계좌이체는 한 번에 1,000만 원 이하로만 결제할 수 있습니다 (요청 금액: {amount}원).',
    en: 'Account transfers are limited to 10,000,000 KRW per payment (amount: {amount} KRW).',
  },
  INVALID_CURRENCY: {
    status: 400,
    ko: '이 결제수단에서 쓸 수 없는 통화입니다 (결제수단: {method}, 통화: {currency}). 카드 등 국내 결제수단은 KRW만 쓸 수 있습니다.',
    en: 'This currency cannot be used with the payment method (method: {method}, currency: {currency}). Cards and other domestic methods take KRW only.',
  },
  INTERNAL_ERROR: {
    status: 500,
    ko: '서버에서 오류가 발생했습니다. 잠시 후 다시 시도해주세요.',
    en: 'Something went wrong on the server. Please try again shortly.',
  },
} satisfies Record<string, TosskitErrorEntry>);

/** A code of TOSSKIT_ERRORS. */
export type TosskitErrorCode = keyof typeof TOSSKIT_ERRORS;

/** True when `code` is one of tosskit's own error codes. */
export function isTosskitErrorCode(code: string): code is TosskitErrorCode {
  return Object.hasOwn(TOSSKIT_ERRORS, code);
}
