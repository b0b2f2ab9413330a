/**
 * The gateway's error answers: HTTP status and message (Korean by default, English with Accept-Language), per code.
 *
 * Source: docs.tosspayments.com/reference/error-codes ("에러 코드": the per-API tables for 결제 승인, 조회, 취소,
 * 카드 번호 결제, 자동결제, 가상계좌, 현금영수증, 정산, and the "전체 에러 목록"), and spec §6
 * (`/work/shared/spec/toss-api.md`, "Error model and codes") for the statuses of the codes the full list leaves out.
 * The messages are the gateway's own text, kept verbatim because a shop may match on them.
 *
 * Where the docs are silent:
 * - PROVIDER_ERROR, UNAPPROVED_ORDER_ID, CARD_PROCESSING_ERROR, INVALID_CARD_LOST_OR_STOLEN, INVALID_CARD_INSTALLMENT_PLAN,
 *   NOT_SUPPORTED_INSTALLMENT_PLAN_CARD_OR_MERCHANT, EXCEED_CANCEL_AMOUNT_DISCOUNT_AMOUNT, FORBIDDEN_BANK_REFUND_REQUEST,
 *   INVALID_IDEMPOTENCY_KEY, INCORRECT_BASIC_AUTH_FORMAT, REJECT_CARD_PAYMENT, FDS_ERROR, EXCEED_CANCEL_LIMIT,
 *   NOT_CANCELABLE_PAYMENT_FOR_DORMANT_USER, IDEMPOTENT_REQUEST_PROCESSING, FAILED_PARTIAL_REFUND, UNKNOWN_PAYMENT_ERROR,
 *   EXCEED_MAX_ONE_DAY_AMOUNT, RESTRICTED_TRANSFER_ACCOUNT, INVALID_ACCOUNT_INFO_RE_REGISTER, NOT_AVAILABLE_PAYMENT,
 *   REJECT_TOSSPAY_INVALID_ACCOUNT, NOT_SUPPORTED_MONTHLY_INSTALLMENT_PLAN_BELOW_AMOUNT are not in the full list: their
 *   status comes from spec §6 or a per-API table; where the docs give no message the wording is ours.
 * - NTS_ERROR (cash receipts) carries a per-case message ("[TS1] ..."); its status is not documented: 400.
 * - The docs' English text of INVALID_REQUIRED_PARAM is a copy-paste slip ("installment amount"); ours says what it means.
 * - The docs' tables do not always word a code alike. The 결제 승인 table has PROVIDER_ERROR "This is temporary error.
 *   Please try again in a few minutes.", INVALID_CARD_EXPIRATION "카드 정보를 다시 확인해주세요. (유효기간)" (a space
 *   before the parenthesis) and EXCEED_MAX_CARD_INSTALLMENT_PLAN "Maximum number of installment months exceeded.";
 *   this table keeps the wording it was first transcribed with. Which one the live API sends is not documented.
 * - PAY_PROCESS_CANCELED / PAY_PROCESS_ABORTED / REJECT_CARD_COMPANY are also what the window sends to failUrl
 *   ("failUrl로 전달되는 에러" on the same page).
 *
 * This table is the emulator's own: @tosskit/core keeps its catalogue apart, and a cross-check test in core compares
 * the two (packages/core/src/emulator-cross-check.test.ts).
 */

export interface CatalogEntry {
  /** the HTTP status the gateway answers with */
  readonly status: number;
  readonly ko: string;
  readonly en: string;
}

export const ERROR_CATALOG: Readonly<Record<string, CatalogEntry>> = Object.freeze({
  // ---- 400
  ACCOUNT_OWNER_CHECK_FAILED: {
    status: 400,
    ko: '계좌 소유주를 가져오는데 실패했습니다. 은행코드, 계좌번호를 확인해주세요.',
    en: 'Failed to get account holder. Please check your bank code and account number.',
  },
  ALREADY_CANCELED_PAYMENT: {
    status: 400,
    ko: '이미 취소된 결제 입니다.',
    en: 'The payment has already been canceled.',
  },
  ALREADY_CLOSE_ACCOUNT: {
    status: 400,
    ko: '이미 해지된 계좌입니다.',
    en: 'This account has already been closed.',
  },
  ALREADY_COMPLETED_PAYMENT: {
    status: 400,
    ko: '이미 완료된 결제 입니다.',
    en: 'This is a payment that has already been completed.',
  },
  ALREADY_EXIST_SUBMALL: {
    status: 400,
    ko: '이미 존재하는 서브몰입니다.',
    en: 'This sub-mall already exists.',
  },
  ALREADY_PROCESSED_PAYMENT: {
    status: 400,
    ko: '이미 처리된 결제 입니다.',
    en: 'This is a payment that has already been processed.',
  },
  ALREADY_REFUND_PAYMENT: {
    status: 400,
    ko: '이미 환불된 결제입니다.',
    en: 'The payment has already been refunded.',
  },
  ALREADY_REFUNDING_PAYMENT: {
    status: 400,
    ko: '이미 환불 중인 결제입니다.',
    en: 'The payment is already being refunded.',
  },
  API_VERSION_UPDATE_NEEDED: {
    status: 400,
    ko: '이 API를 사용하려면 [VERSION] 이상의 버전을 사용해야 합니다. 개발자센터(https://developers.tosspayments.com)에서 버전을 변경해주세요.',
    en: 'To use the api need to upgrade version to [VERSION]. You can update api version at Tosspayment Developer Center(https://developers.tosspayments.com)',
  },
  BELOW_MINIMUM_AMOUNT: {
    status: 400,
    ko: '신용카드는 결제금액이 100원 이상, 계좌는 200원이상부터 결제가 가능합니다.',
    en: 'Payment can be made from 100 won or more by credit card, and 200 won or more for account.',
  },
  BELOW_ZERO_AMOUNT: {
    status: 400,
    ko: '금액은 0보다 커야 합니다.',
    en: 'The amount must be greater than 0.',
  },
  CARD_PROCESSING_ERROR: {
    status: 400,
    ko: '카드사에서 오류가 발생했습니다.',
    en: 'An error occurred at the card company.',
  },
  DUPLICATED_CASH_RECEIPT: {
    status: 400,
    ko: '이미 현금영수증이 발급된 주문입니다.',
    en: 'This is a duplicate request that has already been issued.',
  },
  DUPLICATED_ORDER_ID: {
    status: 400,
    ko: '이미 승인 및 취소가 진행된 중복된 주문번호 입니다. 다른 주문번호로 진행해주세요.',
    en: 'This is a duplicate order id that has already been approved or canceled. Please proceed with a different order id.',
  },
  DUPLICATED_REQUEST: { status: 400, ko: '중복된 요청입니다.', en: 'This is a duplicate request.' },
  EXCEED_CANCEL_AMOUNT_DISCOUNT_AMOUNT: {
    status: 400,
    ko: '즉시할인금액보다 적은 금액은 부분취소할 수 없습니다.',
    en: 'A partial cancel smaller than the instant discount amount is not allowed.',
  },
  EXCEED_MAX_AMOUNT: {
    status: 400,
    ko: '거래금액 한도를 초과했습니다.',
    en: 'The transaction amount limit has been exceeded.',
  },
  EXCEED_MAX_CARD_INSTALLMENT_PLAN: {
    status: 400,
    ko: '설정 가능한 최대 할부 개월 수를 초과했습니다.',
    en: 'You have exceeded the maximum number of installment months that can be set.',
  },
  EXCEED_MAX_DAILY_PAYMENT_COUNT: {
    status: 400,
    ko: '하루 결제 가능 횟수를 초과했습니다.',
    en: 'You have exceeded the number of daily payments.',
  },
  EXCEED_MAX_DUE_DATE: {
    status: 400,
    ko: '가상 계좌의 최대 유효만료 기간을 초과했습니다.',
    en: 'You have exceeded the maximum expiry period for your virtual account.',
  },
  EXCEED_MAX_ONE_DAY_WITHDRAW_AMOUNT: {
    status: 400,
    ko: '1일 출금 한도를 초과했습니다.',
    en: 'You have exceeded the one-day withdrawal limit.',
  },
  EXCEED_MAX_ONE_TIME_WITHDRAW_AMOUNT: {
    status: 400,
    ko: '1회 출금 한도를 초과했습니다.',
    en: 'You have exceeded the one-time withdrawal limit.',
  },
  EXCEED_MAX_PAYMENT_AMOUNT: {
    status: 400,
    ko: '하루 결제 가능 금액을 초과했습니다.',
    en: 'You have exceeded the amount you can pay per day.',
  },
  EXCEED_MAX_QUERY_LIMIT: {
    status: 400,
    ko: '최대 조회 개수를 초과했습니다.',
    en: 'You have exceeded the maximum number of query limit.',
  },
  EXCEED_MAX_VALID_HOURS: {
    status: 400,
    ko: '가상 계좌의 최대 유효시간을 초과했습니다.',
    en: 'The maximum validity time of the virtual account has been exceeded.',
  },
  EXCEED_MIN_CARD_INSTALLMENT_PLAN: {
    status: 400,
    ko: '설정 가능한 최소 할부 개월 수를 1개월 이상으로 설정해주세요.',
    en: 'The minimum installment month must be set to at least 1 month.',
  },
  EXCEED_UNKNOWN_CASE: { status: 400, ko: '한도 초과 되었습니다.', en: 'A threshold was exceeded.' },
  EXCEEDS_TRANSFER_AMOUNT_MAXIMUM: {
    status: 400,
    ko: '계좌이체는 한 번에 1,000만 원 이하로만 결제하실 수 있어요. 금액을 낮춰 다시 시도해 주세요.',
    en: 'Account transfers are limited to 10,000,000 KRW per transaction. Please lower the amount and try again.',
  },
  FORBIDDEN_BANK_REFUND_REQUEST: {
    status: 400,
    ko: '고객 계좌가 입금이 되지 않는 상태입니다.',
    en: "The customer's account cannot receive a refund deposit.",
  },
  INCORRECT_FAIL_URL_FORMAT: { status: 400, ko: '잘못된 failUrl 입니다.', en: 'Invalid format: `failUrl`' },
  INCORRECT_SUCCESS_URL_FORMAT: {
    status: 400,
    ko: '잘못된 successUrl 입니다.',
    en: 'Invalid format: `successUrl`',
  },
  INVALID_ACCOUNT_INFO_RE_REGISTER: {
    status: 400,
    ko: '유효하지 않은 계좌입니다. 계좌 재등록 후 시도해주세요.',
    en: 'Invalid account. Please register the account again and retry.',
  },
  INVALID_ACCOUNT_NOT_CORRECT_BANK: {
    status: 400,
    ko: '입력하신 계좌는 해당 은행의 계좌가 아닙니다.',
    en: 'The account you entered is not an account of that bank.',
  },
  INVALID_ACCOUNT_NUMBER: {
    status: 400,
    ko: '계좌번호가 올바르지 않습니다.',
    en: 'Account number is incorrect.',
  },
  INVALID_ACCOUNT_NUMBER_OR_UNAVAILABLE: {
    status: 400,
    ko: '잘못된 계좌번호이거나 서비스 불가한 계좌입니다.',
    en: 'Wrong account number or account unavailable.',
  },
  INVALID_API_KEY: { status: 400, ko: '잘못된 시크릿키 연동 정보 입니다.', en: 'Incorrect secret key.' },
  INVALID_AUTHORIZE_AUTH: { status: 400, ko: '잘못된 인증 방식입니다.', en: 'Incorrect authentication.' },
  INVALID_AUTHORIZE_AUTH_TYPE_GIFT_CERTIFICATE: {
    status: 400,
    ko: '유효하지 않은 상품권 결제 인증 타입입니다.',
    en: 'This is an invalid gift certificate payment authentication type.',
  },
  INVALID_BANK: { status: 400, ko: '유효하지 않은 은행입니다.', en: 'It is an invalid bank.' },
  INVALID_BILL_KEY_REQUEST: {
    status: 400,
    ko: '빌링키 인증이 완료되지 않았거나 유효하지 않은 빌링 거래 건입니다.',
    en: 'Billing key authentication has not been completed or is an invalid billing transaction.',
  },
  INVALID_BILLING_AUTH: {
    status: 400,
    ko: '유효하지 않은 빌링 인증입니다.',
    en: 'Invalid billing authentication.',
  },
  INVALID_BIRTH_DAY_FORMAT: {
    status: 400,
    ko: '생년월일 정보는 6자리의 yyMMdd 형식이어야 합니다. 사업자등록번호는 10자리의 숫자여야 합니다.',
    en: 'The birth date format must be in 6 length of yyMMdd format.',
  },
  INVALID_BUSINESS_NUMBER: {
    status: 400,
    ko: '사업자 등록번호가 잘못되었습니다.',
    en: 'The business registration number is incorrect.',
  },
  INVALID_CARD: {
    status: 400,
    ko: '카드 입력정보가 올바르지 않습니다.',
    en: 'Card input information is incorrect.',
  },
  INVALID_CARD_COMPANY: {
    status: 400,
    ko: '유효하지 않은 카드사입니다.',
    en: 'It is an invalid card company.',
  },
  INVALID_CARD_EXPIRATION: {
    status: 400,
    ko: '카드 정보를 다시 확인해주세요.(유효기간)',
    en: 'Please check the card expiration date information again.',
  },
  INVALID_CARD_IDENTITY: {
    status: 400,
    ko: '입력하신 주민번호/사업자번호가 카드 소유주 정보와 일치하지 않습니다.',
    en: 'The entered resident registration number/business number does not match the cardholder information.',
  },
  INVALID_CARD_INSTALLMENT_AMOUNT: {
    status: 400,
    ko: '할부금액 잘못 되었습니다.',
    en: 'The installment amount is incorrect.',
  },
  INVALID_CARD_INSTALLMENT_PLAN: {
    status: 400,
    ko: '할부 개월 정보가 잘못되었습니다.',
    en: 'The installment plan is invalid.',
  },
  INVALID_CARD_INSTALLMENT_PLANS_WITH_MAX_AND_SINGLE: {
    status: 400,
    ko: 'cardInstallmentPlan과 maxCardInstallmentPlan은 같이 사용할 수 없습니다.',
    en: 'cardInstallmentPlan and maxCardInstallmentPlan cannot be used together.',
  },
  INVALID_CARD_LOST_OR_STOLEN: {
    status: 400,
    ko: '분실 혹은 도난 카드입니다.',
    en: 'This is a lost or stolen card.',
  },
  INVALID_CARD_NUMBER: {
    status: 400,
    ko: '카드번호를 다시 확인해주세요.',
    en: 'Please check your card number again.',
  },
  INVALID_CARD_PASSWORD: {
    status: 400,
    ko: '카드 정보를 다시 확인해주세요.(비밀번호)',
    en: 'Please check the card information again.',
  },
  INVALID_CASH_RECEIPT_INFO: {
    status: 400,
    ko: '현금 영수증 정보가 잘못되었습니다.',
    en: 'Cash receipt information is incorrect.',
  },
  INVALID_CLIENT_KEY: { status: 400, ko: '잘못된 클라이언트 연동 정보 입니다.', en: 'Incorrect client key.' },
  INVALID_CURRENCY: { status: 400, ko: '잘못된 통화 값입니다.', en: 'Invalid currency value.' },
  INVALID_CUSTOMER_KEY: {
    status: 400,
    ko: '`customerKey`는 영문 대소문자, 숫자, 특수문자 -, _, =, ., @로 2자 이상 255자 이하여야 합니다.',
    en: '`customerKey` must be 2 to 255 upper and lower case alphabets, numbers and special characters (-, _, =, ., @).',
  },
  INVALID_DATE: { status: 400, ko: '날짜 데이터가 잘못 되었습니다.', en: 'The date data is invalid.' },
  INVALID_EASY_PAY: {
    status: 400,
    ko: '간편결제 입력정보가 올바르지 않습니다.',
    en: 'The easy payment input information is incorrect.',
  },
  INVALID_EMAIL: {
    status: 400,
    ko: '이메일 주소 형식에 맞지 않습니다.',
    en: "It doesn't match the email address format.",
  },
  INVALID_FLOW_MODE_PARAMETERS: {
    status: 400,
    ko: '인증 창을 먼저 띄우려면 카드사 코드 또는 은행 코드 또는 간편결제수단이 같이 전달되어야 합니다.',
    en: 'If you want to open the payment authentication window first, the credit card company code, bank code, or easy payment method must be delivered together.',
  },
  INVALID_IDEMPOTENCY_KEY: {
    status: 400,
    ko: '멱등키는 300자 이하여야 합니다.',
    en: 'The idempotency key must be 300 characters or less.',
  },
  INVALID_IDENTIFICATION_TYPE: {
    status: 400,
    ko: '유효하지 않은 본인 인증 타입입니다.',
    en: 'This is an invalid authentication type.',
  },
  INVALID_ISO_DATE_FORMAT: {
    status: 400,
    ko: '시간 일시 형식이 잘못되었습니다. 시간 형식은 ISO 8601 형식을 준수해야 합니다.',
    en: 'The format is incorrect. The time format must conform to ISO 8601 format.',
  },
  INVALID_ORDER_ID: {
    status: 400,
    ko: '`orderId`는 영문 대소문자, 숫자, 특수문자(-, _) 만 허용합니다. 6자 이상 64자 이하여야 합니다.',
    en: 'The order id must be at least 6 and maximum 64 upper and lower case alphabets, numbers, special characters (-, _, =).',
  },
  INVALID_ORDER_NAME: {
    status: 400,
    ko: '주문 이름은 100자 이하여야 합니다.',
    en: 'The order name must be 100 characters or less.',
  },
  INVALID_PAGING_KEY: { status: 400, ko: '잘못된 페이징 키 입니다.', en: 'Bad paging key.' },
  INVALID_PAYABLE_DATE: {
    status: 400,
    ko: '지급일자가 올바르지 않습니다.',
    en: 'The payment date is incorrect.',
  },
  INVALID_PAYMENT_KEY: { status: 400, ko: '잘못된 결제 키 입니다.', en: 'Invalid payment key.' },
  INVALID_REFUND_ACCOUNT_INFO: {
    status: 400,
    ko: '환불 계좌번호와 예금주명이 일치하지 않습니다.',
    en: 'Refund account number and account holder name do not match.',
  },
  INVALID_REFUND_ACCOUNT_NUMBER: {
    status: 400,
    ko: '잘못된 환불 계좌번호입니다.',
    en: 'Incorrect refund account number.',
  },
  INVALID_REFUND_AMOUNT: { status: 400, ko: '잘못된 환불 금액입니다.', en: 'Incorrect refund amount.' },
  INVALID_REJECT_CARD: {
    status: 400,
    ko: '카드 사용이 거절되었습니다. 카드사 문의가 필요합니다.',
    en: 'Refer to card issuer/decline.',
  },
  INVALID_REQUEST: { status: 400, ko: '잘못된 요청입니다.', en: 'The bad request.' },
  INVALID_REQUIRED_PARAM: {
    status: 400,
    ko: '필수 파라미터가 누락되었습니다.',
    en: 'A required parameter is missing.',
  },
  INVALID_STOPPED_CARD: { status: 400, ko: '정지된 카드 입니다.', en: 'This is a suspended card.' },
  INVALID_SUBMALL_ID: {
    status: 400,
    ko: '유효하지 않은 서브몰 ID 입니다. 영문, 숫자 20글자 이하로 입력해주세요.',
    en: 'This submall ID is not valid. Please enter 20 letters or less in alphabets or numbers.',
  },
  INVALID_SUCCESS_URL: {
    status: 400,
    ko: 'successUrl 값은 필수 값입니다.',
    en: 'The successUrl value is a required value.',
  },
  INVALID_TEST_CODE: { status: 400, ko: '유효하지 않은 테스트 코드입니다.', en: 'Invalid test code' },
  // GET /v1/transactions with an unknown startingAfter: the code and Korean text quoted on the gateway's forum
  // (1377493933021728779); the English text is ours, after INVALID_PAGING_KEY's.
  INVALID_TRANSACTION_KEY: { status: 400, ko: '잘못된 페이징 키 입니다.', en: 'Bad paging key.' },
  INVALID_UNREGISTERED_SUBMALL: {
    status: 400,
    ko: '미등록된 PG 하위몰 이거나 단독가맹점은 안심클릭/ISP 결제가 필요합니다.',
    en: 'The PG sub-merchant is not registered yet OR payment authentication method of the card issuer is required for the PG',
  },
  INVALID_URL: {
    status: 400,
    ko: 'url 은 http, https 를 포함한 주소 형식이어야 합니다.',
    en: 'url must be in address format including http and https.',
  },
  INVALID_URL_FORMAT: { status: 400, ko: '잘못된 URL 형식입니다.', en: 'Invalid URL format.' },
  INVALID_VALID_HOURS_WITH_DUE_DATE_AND_SINGLE: {
    status: 400,
    ko: 'validHours와 dueDate는 같이 사용할 수 없습니다.',
    en: 'validHours and dueDate cannot be used together.',
  },
  INVALID_VIRTUAL_ACCOUNT_TYPE: {
    status: 400,
    ko: '유효하지 않은 가상계좌 타입입니다.',
    en: 'Invalid virtual account type.',
  },
  MAINTAINED_METHOD: { status: 400, ko: '현재 점검 중 입니다.', en: 'The method is being maintained now' },
  NOT_ALLOWED_HOLIDAY: {
    status: 400,
    ko: '공휴일은 지급일로 선택할 수 없습니다.',
    en: 'Public holidays cannot be selected as payment dates.',
  },
  NOT_ALLOWED_INSTALLMENT_BELOW_AMOUNT: {
    status: 400,
    ko: '해당 카드는 10000원 미만 할부 거래가 불가한 카드입니다.',
    en: 'This card cannot be used for installment transactions less than KRW 10000.',
  },
  NOT_ALLOWED_POINT_USE: {
    status: 400,
    ko: '포인트 사용이 불가한 카드로 카드 포인트 결제에 실패했습니다.',
    en: 'Card point payment failed because the card cannot be used points.',
  },
  NOT_AVAILABLE_PAYMENT: {
    status: 400,
    ko: '결제가 불가능한 시간대입니다.',
    en: 'Payments are not available at this time.',
  },
  NOT_ENOUGH_AMOUNT: {
    status: 400,
    ko: '지급가능한 금액을 초과했습니다.',
    en: 'The payable amount has been exceeded.',
  },
  NOT_FOUND_TERMINAL_ID: {
    status: 400,
    ko: '단말기번호(Terminal Id)가 없습니다. 토스페이먼츠로 문의 바랍니다.',
    en: 'There is no Terminal Id. Please contact Toss Payments.',
  },
  NOT_MATCH_PAYEE_NAME: {
    status: 400,
    ko: '수취인 성명이 불일치 합니다.',
    en: "The payee's name is inconsistent.",
  },
  NOT_MATCHES_CUSTOMER_KEY: {
    status: 400,
    ko: '빌링 인증 고객키와 결제 요청 고객키가 일치하지 않습니다.',
    en: 'The billing authentication customer key and the payment request customer key do not match.',
  },
  NOT_MATCHES_REFUNDABLE_AMOUNT: {
    status: 400,
    ko: '잔액 결과가 일치하지 않습니다.',
    en: 'Balance results do not match.',
  },
  NOT_REGISTERED_BUSINESS: {
    status: 400,
    ko: '등록되지 않은 사업자 번호입니다.',
    en: 'Unregistered business registration number',
  },
  NOT_REGISTERED_SUBMALL: {
    status: 400,
    ko: 'PG 하위몰 사업자번호가 등록되어 있지 않습니다.',
    en: 'PG sub-mall business number is not registered.',
  },
  NOT_SUPPORTED_CARD_TYPE: {
    status: 400,
    ko: '지원되지 않는 카드 종류입니다.',
    en: 'This card type is not supported.',
  },
  NOT_SUPPORTED_CARRIER: { status: 400, ko: '지원되지 않는 이동 통신사입니다.', en: 'Unsupported carrier.' },
  NOT_SUPPORTED_INSTALLMENT_PLAN_CARD_OR_MERCHANT: {
    status: 400,
    ko: '할부가 지원되지 않는 카드 또는 가맹점 입니다.',
    en: 'Installments are not supported for this card or merchant.',
  },
  NOT_SUPPORTED_METHOD: {
    status: 400,
    ko: '지원되지 않는 결제수단입니다.',
    en: 'This payment method is not supported.',
  },
  NOT_SUPPORTED_MONTHLY_INSTALLMENT_PLAN: {
    status: 400,
    ko: '할부 또는 무이자 할부가 지원되지 않는 카드입니다.',
    en: 'This card does not support installment or interest-free installment.',
  },
  NOT_SUPPORTED_MONTHLY_INSTALLMENT_PLAN_BELOW_AMOUNT: {
    status: 400,
    ko: '할부는 5만원 이상 결제에서만 사용할 수 있습니다.',
    en: 'Installments are available only for payments of 50,000 KRW or more.',
  },
  NOT_SUPPORTED_PROCESS: {
    status: 400,
    ko: '지원되지 않는 작업입니다.',
    en: 'This operation is not supported.',
  },
  NOT_SUPPORTED_USD: {
    status: 400,
    ko: '선택하신 카드 또는 결제수단은 달러 결제가 불가합니다.',
    en: 'The selected card or payment method cannot be paid in dollars.',
  },
  NTS_ERROR: { status: 400, ko: '[XXX] 정의 안된 오류', en: '[XXX] Undefined error' },
  PAY_PROCESS_ABORTED: {
    status: 400,
    ko: '결제가 취소되었거나 진행되지 않았습니다.',
    en: 'Payment has been canceled or has not been processed.',
  },
  PAY_PROCESS_CANCELED: {
    status: 400,
    ko: '결제가 사용자에 의해 취소되었습니다.',
    en: 'Payment has been canceled by the customer.',
  },
  PROVIDER_ERROR: {
    status: 400,
    ko: '일시적인 오류가 발생했습니다. 잠시 후 다시 시도해주세요.',
    en: 'A temporary error has occurred. Please try again in a few minutes.',
  },
  REFUND_REJECTED: {
    status: 400,
    ko: '환불이 거절됐습니다. 결제사에 문의 부탁드립니다.',
    en: 'The refund has been rejected. Please contact the respective payment provider.',
  },
  REQUIRED_ACCOUNT_KEY: {
    status: 400,
    ko: '고정계좌는 발급용 고객키값이 필수입니다.',
    en: 'For fixed accounts, a customer key value is required.',
  },
  REQUIRED_AMOUNT: { status: 400, ko: '금액 값이 필수입니다.', en: 'Amount value is required.' },
  RESTRICTED_TRANSFER_ACCOUNT: {
    status: 400,
    ko: '계좌는 등록 후 12시간 뒤부터 결제할 수 있습니다. 관련 정책은 해당 은행으로 문의해주세요.',
    en: 'An account can be used for payments 12 hours after registration. Please ask the bank about its policy.',
  },
  UNAPPROVED_ORDER_ID: {
    status: 400,
    ko: '아직 승인되지 않은 주문번호입니다.',
    en: 'The order id has not been approved yet.',
  },
  USER_ACCOUNT_ON_HOLD: { status: 400, ko: '계정이 사용 불가능한 상태입니다.', en: 'Account is on hold.' },

  // ---- 401
  UNAUTHORIZED_KEY: {
    status: 401,
    ko: '인증되지 않은 시크릿 키 혹은 클라이언트 키 입니다.',
    en: 'This is an unauthenticated secret key or client key.',
  },

  // ---- 403
  EXCEED_CANCEL_LIMIT: {
    status: 403,
    ko: '취소 가능 한도를 초과했습니다.',
    en: 'The cancel limit has been exceeded.',
  },
  EXCEED_MAX_AUTH_COUNT: {
    status: 403,
    ko: '최대 인증 횟수를 초과했습니다. 카드사로 문의해주세요.',
    en: 'The maximum number of authentications has been exceeded. Please contact your credit card company.',
  },
  EXCEED_MAX_ONE_DAY_AMOUNT: {
    status: 403,
    ko: '일일 한도를 초과했습니다.',
    en: 'The daily limit has been exceeded.',
  },
  EXCEED_MAX_REFUND_AMOUNT: {
    status: 403,
    ko: '하루 또는 한달 환불 가능한 금액을 초과했습니다.',
    en: 'This merchant has exceeded its daily or monthly refundable amount.',
  },
  EXCEED_MAX_REFUND_DUE: {
    status: 403,
    ko: '환불 가능한 기간이 초과했습니다.',
    en: 'The refundable period has been exceeded.',
  },
  FDS_ERROR: {
    status: 403,
    ko: '[토스페이먼츠] 위험거래가 감지되어 결제가 제한됩니다. 발송된 문자에 포함된 링크를 통해 본인인증 후 결제가 가능합니다. (고객센터: 1644-8051)',
    en: 'A risky transaction was detected and the payment is restricted. Verify your identity through the link in the text message, then pay again.',
  },
  FORBIDDEN_CONSECUTIVE_REQUEST: {
    status: 403,
    ko: '반복적인 요청은 허용되지 않습니다. 잠시 후 다시 시도해주세요.',
    en: 'Repetitive requests are not allowed. Please try again in a few minutes.',
  },
  FORBIDDEN_REQUEST: { status: 403, ko: '허용되지 않은 요청입니다.', en: 'This request is not allowed.' },
  INCORRECT_BASIC_AUTH_FORMAT: {
    status: 403,
    ko: "잘못된 요청입니다. ':' 를 포함해 인코딩해주세요.",
    en: "Bad request. Encode the key followed by ':'.",
  },
  INVALID_PASSWORD: {
    status: 403,
    ko: '결제 비밀번호가 일치하지 않습니다.',
    en: 'Payment password does not match.',
  },
  NOT_ALLOWED_CHANGING_ACCOUNT: {
    status: 403,
    ko: '이미 입금, 반납된 계좌의 정보 변경은 불가합니다.',
    en: 'It is not possible to change the information of the account that has already been deposited or returned.',
  },
  NOT_ALLOWED_PARTIAL_REFUND: {
    status: 403,
    ko: '에스크로 주문, 현금 카드 결제 등의 사유로 부분 환불이 불가합니다.',
    en: 'Partial refunds are not available for reasons such as escrow or cash payment.',
  },
  NOT_ALLOWED_PARTIAL_REFUND_WAITING_DEPOSIT: {
    status: 403,
    ko: '입금 대기중인 결제는 부분 환불이 불가합니다.',
    en: 'Partial refunds are not available while pending deposit.',
  },
  NOT_ALLOWED_REFUND_BANK: { status: 403, ko: '환불 가능한 은행이 아닙니다.', en: 'Not a refundable bank.' },
  NOT_AVAILABLE_BANK: { status: 403, ko: '은행 서비스 시간이 아닙니다.', en: 'Not bank service time.' },
  NOT_CANCELABLE_AMOUNT: {
    status: 403,
    ko: '취소 할 수 없는 금액 입니다.',
    en: 'This is a non-cancelable amount.',
  },
  NOT_CANCELABLE_PAYMENT: {
    status: 403,
    ko: '취소 할 수 없는 결제 입니다.',
    en: 'This is a non-cancelable payment.',
  },
  NOT_CANCELABLE_PAYMENT_FOR_DORMANT_USER: {
    status: 403,
    ko: '휴면 처리된 회원의 결제는 취소할 수 없습니다.',
    en: 'Payments of dormant members cannot be canceled.',
  },
  NOT_SUPPORTED_REFUND: { status: 403, ko: '환불 가능한 상점이 아닙니다.', en: 'Not a refundable merchant.' },
  REJECT_ACCOUNT_PAYMENT: {
    status: 403,
    ko: '잔액부족으로 결제에 실패했습니다.',
    en: 'Payment failed due to insufficient balance',
  },
  REJECT_CARD_COMPANY: { status: 403, ko: '결제 승인이 거절되었습니다.', en: 'Payment confirm is rejected' },
  REJECT_CARD_PAYMENT: {
    status: 403,
    ko: '한도초과 혹은 잔액부족으로 결제에 실패했습니다.',
    en: 'Payment failed because the limit was exceeded or the balance is insufficient.',
  },
  REJECT_TOSSPAY_INVALID_ACCOUNT: {
    status: 403,
    ko: '선택하신 출금 계좌가 출금이체 등록이 되어 있지 않아요. 계좌를 다시 등록해 주세요.',
    en: 'The selected withdrawal account is not registered for automatic withdrawal. Please register the account again.',
  },

  // ---- 404
  NOT_FOUND: { status: 404, ko: '존재하지 않는 정보 입니다.', en: 'This information does not exist.' },
  NOT_FOUND_BILLING: {
    status: 404,
    ko: '존재하지 않는 빌링 결제 인증 정보 입니다.',
    en: 'Billing payment authentication information that does not exist.',
  },
  NOT_FOUND_HTTP_METHOD: {
    status: 404,
    ko: '존재하지 않는 HTTP 메소드 접근입니다.',
    en: 'This HTTP method does not allowed.',
  },
  NOT_FOUND_MERCHANT: {
    status: 404,
    ko: '존재하지 않는 상점 정보 입니다.',
    en: 'The merchant does not exist.',
  },
  NOT_FOUND_MERCHANT_INTEGRATION: {
    status: 404,
    ko: '존재하지 않는 상점 연동 정보 입니다.',
    en: 'The integration information does not exist.',
  },
  NOT_FOUND_METHOD: {
    status: 404,
    ko: '존재하지 않는 결제수단 입니다.',
    en: 'This payment method does not exist.',
  },
  NOT_FOUND_METHOD_IN_GROUP: {
    status: 404,
    ko: '같은 그룹내에 존재하지 않는 결제수단 입니다.',
    en: 'This payment method does not exist in the same group',
  },
  NOT_FOUND_METHOD_OWNERSHIP: {
    status: 404,
    ko: '결제수단의 소유자가 아닙니다.',
    en: 'This method ownership is not correct.',
  },
  NOT_FOUND_PAYMENT: {
    status: 404,
    ko: '존재하지 않는 결제 정보 입니다.',
    en: 'The payment does not exist.',
  },
  NOT_FOUND_PAYMENT_SESSION: {
    status: 404,
    ko: '결제 시간이 만료되어 결제 진행 데이터가 존재하지 않습니다.',
    en: 'Payment session does not exist because the session time has expired.',
  },
  NOT_FOUND_SUBMALL: { status: 404, ko: '존재하지 않는 서브몰입니다.', en: 'This sub-mall does not exist.' },
  PAYOUT_NOT_FOUND: { status: 404, ko: '존재하지 않는 지급대행 입니다.', en: 'The payout does not exist.' },

  // ---- 409
  IDEMPOTENT_REQUEST_PROCESSING: {
    status: 409,
    ko: '이전 멱등 요청이 처리중입니다.',
    en: 'The previous request with the same idempotency key is still being processed.',
  },

  // ---- 500
  COMMON_ERROR: {
    status: 500,
    ko: '일시적인 오류가 발생했습니다. 잠시 후 다시 시도해주세요.',
    en: 'A temporary error has occurred. Please try again in a few minutes.',
  },
  FAILED_BILL_KEY_AUTH_CREATION: {
    status: 500,
    ko: '빌링 결제 인증 중 키 생성에 실패했습니다. 잠시 후 다시 시도해주세요.',
    en: 'Key generation failed during billing payment verification. Please try again in a few minutes.',
  },
  FAILED_BILLING_AUTO_CANCEL: {
    status: 500,
    ko: '빌링 자동결제 취소에 일시적인 오류가 발생했습니다.',
    en: 'A temporary error occurred while billing auth cancellation.',
  },
  FAILED_DB_PROCESSING: {
    status: 500,
    ko: '잘못된 요청 값으로 처리 중 DB 에러가 발생했습니다.',
    en: 'A DB error occurred while processing with an invalid request value.',
  },
  FAILED_HASH_DATA_CREATION: {
    status: 500,
    ko: '해시 데이터 생성 중 오류가 발생했습니다.',
    en: 'An error occurred while generating hash data.',
  },
  FAILED_INTERNAL_SYSTEM_PROCESSING: {
    status: 500,
    ko: '내부 시스템 처리 작업이 실패했습니다. 잠시 후 다시 시도해주세요.',
    en: 'Internal system processing operation has failed. Please try again in a few minutes.',
  },
  FAILED_METHOD_HANDLING: {
    status: 500,
    ko: '결제 중 선택한 결제수단 처리에 일시적인 오류가 발생했습니다.',
    en: 'There was a temporary error in processing the payment method you selected during checkout.',
  },
  FAILED_METHOD_HANDLING_CANCEL: {
    status: 500,
    ko: '취소 중 결제 시 사용한 결제수단 처리과정에서 일시적인 오류가 발생했습니다.',
    en: 'A temporary error occurred while processing cancellation.',
  },
  FAILED_PARTIAL_REFUND: {
    status: 500,
    ko: '은행 응답시간 지연이나 일시적인 오류로 부분 환불요청에 실패했습니다.',
    en: 'The partial refund request failed due to a delay in the bank response time or a temporary error.',
  },
  FAILED_PAYMENT_INTERNAL_SYSTEM_PROCESSING: {
    status: 500,
    ko: '결제 기관(카드사, 은행, 국세청 등) 오류입니다. 결제 기관에서 보내 준 에러 메시지가 표시됩니다.',
    en: 'Provider error. The error message received from provider will be displayed.',
  },
  FAILED_REFUND_PROCESS: {
    status: 500,
    ko: '은행 응답시간 지연이나 일시적인 오류로 환불요청에 실패했습니다.',
    en: 'The refund request failed due to a delay in the bank response time or a temporary error.',
  },
  UNKNOWN_ERROR: {
    status: 500,
    ko: '확인되지 않은 오류입니다. 잠시 후 다시 시도해주세요.',
    en: 'An unknown error occurred. Please try again in a few minutes.',
  },
  UNKNOWN_PAYMENT_ERROR: {
    status: 500,
    ko: '결제에 실패했어요. 같은 문제가 반복된다면 은행이나 카드사로 문의해주세요.',
    en: 'The payment failed. If the same problem repeats, please contact your bank or card company.',
  },
});
