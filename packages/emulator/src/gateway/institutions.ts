/**
 * Institution codes of API version 2022-11-16 as the gateway publishes them: responses carry the code
 * (`card.issuerCode`, `virtualAccount.bankCode`), requests accept the code, the Korean name or the SDK's English code.
 *
 * Source: docs.tosspayments.com/codes/org-codes ("기관 코드": 카드사 코드, 은행 코드, with the SDK's English names), and
 * spec §10 (`/work/shared/spec/toss-api.md`), which gathered the same tables and notes that one repository has `04`
 * for 국민은행 where the docs and most others have `06` (the docs' `06` is kept).
 */

/** Card issuer / acquirer code → the Korean short name of the org-codes table (카드사 코드). */
export const CARD_ISSUER_NAMES: Readonly<Record<string, string>> = Object.freeze({
  '3K': '기업비씨',
  '46': '광주',
  '71': '롯데',
  '30': '산업',
  '31': 'BC',
  '51': '삼성',
  '38': '새마을',
  '41': '신한',
  '62': '신협',
  '36': '씨티',
  // 우리BC카드 (BC 매입) and 우리카드 (우리 매입) share the name
  '33': '우리',
  W1: '우리',
  '37': '우체국',
  '39': '저축',
  '35': '전북',
  '42': '제주',
  '15': '카카오뱅크',
  '3A': '케이뱅크',
  '24': '토스뱅크',
  '21': '하나',
  '61': '현대',
  '11': '국민',
  '91': '농협',
  '34': '수협',
  // 해외 카드
  '6D': '다이너스',
  '4M': '마스터',
  '3C': '유니온페이',
  '7A': '아멕스',
  '4J': 'JCB',
  '4V': 'VISA',
});

/** Bank code → the Korean short name of the org-codes table (은행 코드). */
export const BANK_NAMES: Readonly<Record<string, string>> = Object.freeze({
  '39': '경남',
  '34': '광주',
  '12': '단위농협',
  '32': '부산',
  '45': '새마을',
  '64': '산림',
  '88': '신한',
  '48': '신협',
  '27': '씨티',
  '20': '우리',
  '71': '우체국',
  '50': '저축',
  '37': '전북',
  '35': '제주',
  '90': '카카오뱅크',
  '89': '케이뱅크',
  '92': '토스뱅크',
  '81': '하나',
  '54': 'HSBC',
  '60': 'BOA',
  '03': '기업',
  '06': '국민',
  '31': '대구',
  '02': '산업',
  '11': '농협',
  '23': 'SC제일',
  '07': '수협',
});

/**
 * The SDK's English card company codes (`card.cardCompany: 'SHINHAN'`) → card issuer code (org-codes, "영문" column).
 * WOORI is 우리카드 with its own acquiring (W1).
 */
export const CARD_ISSUER_CODE_BY_SDK_CODE = Object.freeze({
  KOOKMIN: '11',
  SHINHAN: '41',
  HYUNDAI: '61',
  SAMSUNG: '51',
  LOTTE: '71',
  HANA: '21',
  WOORI: 'W1',
  BC: '31',
  NONGHYEOP: '91',
  IBK_BC: '3K',
  KAKAOBANK: '15',
  KBANK: '3A',
  TOSSBANK: '24',
  CITI: '36',
  SUHYEOP: '34',
  KDBBANK: '30',
  SAEMAUL: '38',
  SHINHYEOP: '62',
  POST: '37',
  JEONBUKBANK: '35',
  GWANGJUBANK: '46',
  JEJUBANK: '42',
  SAVINGBANK: '39',
  VISA: '4V',
  MASTER: '4M',
  JCB: '4J',
  AMEX: '7A',
  UNIONPAY: '3C',
  DINERS: '6D',
});
export type CardCompanySdkCode = keyof typeof CARD_ISSUER_CODE_BY_SDK_CODE;

/** The SDK's English bank codes (`KOOKMIN`) → bank code (org-codes, "영문" column). */
export const BANK_CODE_BY_SDK_CODE = Object.freeze({
  KOOKMIN: '06',
  SHINHAN: '88',
  WOORI: '20',
  HANA: '81',
  NONGHYEOP: '11',
  IBK: '03',
  KAKAOBANK: '90',
  TOSSBANK: '92',
  KBANK: '89',
  SC: '23',
  CITI: '27',
  SUHYEOP: '07',
  DAEGUBANK: '31',
  BUSANBANK: '32',
  KYONGNAMBANK: '39',
  GWANGJUBANK: '34',
  JEONBUKBANK: '37',
  JEJUBANK: '35',
  POST: '71',
  SAEMAUL: '45',
  SHINHYEOP: '48',
  KDBBANK: '02',
  LOCALNONGHYEOP: '12',
  SANLIM: '64',
  SAVINGBANK: '50',
});
export type BankSdkCode = keyof typeof BANK_CODE_BY_SDK_CODE;

/**
 * Easy-pay providers: SDK code (`easyPay: 'TOSSPAY'`) → the Korean name answers carry in `easyPay.provider`.
 * Source: docs.tosspayments.com/codes/org-codes ("간편결제사 코드") and docs.tosspayments.com/common/easypay-response.
 */
export const EASY_PAY_PROVIDERS: Readonly<Record<string, string>> = Object.freeze({
  TOSSPAY: '토스페이',
  NAVERPAY: '네이버페이',
  SAMSUNGPAY: '삼성페이',
  APPLEPAY: '애플페이',
  LPAY: '엘페이',
  KAKAOPAY: '카카오페이',
  PAYCO: '페이코',
  SSG: 'SSG페이',
  PINPAY: '핀페이',
  KBPAY: 'KB페이',
});
