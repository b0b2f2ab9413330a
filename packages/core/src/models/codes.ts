// Institution codes of API version 2022-11-16 (spec §10): responses carry the code, these tables
// give the Korean name shown to people. Requests also accept the names, the gateway says.

/** Card issuer / acquirer code → Korean name. */
export const CARD_ISSUERS = {
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
  '6D': '다이너스',
  '4M': '마스터',
  '3C': '유니온페이',
  '7A': '아멕스',
  '4J': 'JCB',
  '4V': 'VISA',
} as const;
/** A card issuer code of CARD_ISSUERS. */
export type CardIssuerCode = keyof typeof CARD_ISSUERS;

/** Bank code → Korean name (virtual accounts, transfers, refund accounts). */
export const BANKS = {
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
} as const;
/** A bank code of BANKS. */
export type BankCode = keyof typeof BANKS;

/** Easy-pay provider SDK code → the Korean name responses use in `easyPay.provider`. */
export const EASY_PAY_PROVIDERS = {
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
} as const;
export type EasyPayProviderCode = keyof typeof EASY_PAY_PROVIDERS;

export function isCardIssuerCode(value: unknown): value is CardIssuerCode {
  return typeof value === 'string' && Object.hasOwn(CARD_ISSUERS, value);
}

export function isBankCode(value: unknown): value is BankCode {
  return typeof value === 'string' && Object.hasOwn(BANKS, value);
}

/** Korean name of a card issuer code, or undefined for a code the table does not know. */
export function cardIssuerName(code: string): string | undefined {
  return isCardIssuerCode(code) ? CARD_ISSUERS[code] : undefined;
}

/** Korean name of a bank code, or undefined for a code the table does not know. */
export function bankName(code: string): string | undefined {
  return isBankCode(code) ? BANKS[code] : undefined;
}

/**
 * Resolve a bank given as a code or as a Korean name (requests accept both) to its code.
 * Names are compared with and without the trailing "은행" ("국민은행" → "06").
 */
export function resolveBankCode(codeOrName: string): BankCode | undefined {
  if (isBankCode(codeOrName)) return codeOrName;
  const name = codeOrName.endsWith('은행') ? codeOrName.slice(0, -2) : codeOrName;
  for (const [code, korean] of Object.entries(BANKS)) {
    if (korean === name) return code as BankCode;
  }
  return undefined;
}
