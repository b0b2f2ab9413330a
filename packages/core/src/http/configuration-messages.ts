/**
 * The catalogue of start-up problems: what is wrong with an option and how to fix it, in Korean and English.
 * No request exists at start-up to pick a language, so a ConfigurationError's message carries both, Korean
 * first, one line each (`details.fix` is the Korean fix, `details.fixEn` the English one). Keys are never
 * quoted, only their kind.
 */
import { ConfigurationError } from '../errors/index.js';

/** One text in both languages. */
export interface Bilingual {
  ko: string;
  en: string;
}

/** A failed check: which option, what is wrong, how to fix it. */
export interface StartupProblem {
  option: string;
  message: Bilingual;
  fix: Bilingual;
}

type Problem = Omit<StartupProblem, 'option'>;

const problem = (koMessage: string, enMessage: string, koFix: string, enFix: string): Problem => ({
  message: { ko: koMessage, en: enMessage },
  fix: { ko: koFix, en: enFix },
});

/** The ConfigurationError of a problem: `tosskit: 옵션 "x": … 해결: …` then `tosskit: option "x": … Fix: …`. */
export function configurationError(option: string, { message, fix }: Problem): ConfigurationError {
  const text = `tosskit: 옵션 "${option}": ${message.ko} 해결: ${fix.ko}\ntosskit: option "${option}": ${message.en} Fix: ${fix.en}`;
  return new ConfigurationError('CONFIGURATION_ERROR', text, { option, fix: fix.ko, fixEn: fix.en });
}

/** A start-up warning in both languages, Korean first. */
export function bilingualLine({ ko, en }: Bilingual): string {
  return `${ko}\n${en}`;
}

const KEY_KINDS = {
  sk: { ko: '시크릿 키', en: 'secret key' },
  gsk: { ko: '위젯 시크릿 키', en: 'widget secret key' },
  ck: { ko: '클라이언트 키', en: 'client key' },
  gck: { ko: '위젯 클라이언트 키', en: 'widget client key' },
  ak: { ko: '구버전 키', en: 'legacy key' },
} as const;

/** What kind of key a string looks like, without ever returning the key. */
export function keyKind(value: string): Bilingual {
  const prefix = /^(test|live)_(sk|gsk|ck|gck|ak)_/.exec(value);
  if (prefix === null) return { ko: '토스 키가 아닌 문자열', en: 'a string that is not a Toss key' };
  const mode = prefix[1] as 'test' | 'live';
  const kind = KEY_KINDS[prefix[2] as keyof typeof KEY_KINDS];
  const shape = `${mode}_${prefix[2]}_…`;
  return {
    ko: `${mode === 'test' ? '테스트' : '라이브'} ${kind.ko}(${shape})`,
    en: `a ${mode} ${kind.en} (${shape})`,
  };
}

const OPEN_LEDGER_CODE =
  "ledger: openLedger({ dataDir: './data/tosskit', encryptionKey: process.env.TOSSKIT_ENCRYPTION_KEY }), `import { openLedger } from '@tosskit/ledger'` (npm install @tosskit/ledger)";

const familyName = (family: 'api' | 'widget'): Bilingual =>
  family === 'widget' ? { ko: '위젯', en: 'widget' } : { ko: 'API 개별 연동', en: 'API individual' };

/** Every problem the option checks report. */
export const CONFIGURATION_PROBLEMS = {
  optionsMissing: problem(
    '옵션이 없습니다.',
    'are missing.',
    'tossPayments({ secretKey, orderLookup })처럼 호출하세요.',
    'call tossPayments({ secretKey, orderLookup }).',
  ),
  secretKeyMissing: problem(
    '값이 없습니다.',
    'is missing.',
    '토스페이먼츠 시크릿 키를 넣으세요. 예: secretKey: process.env.TOSS_SECRET_KEY (테스트는 test_sk_… 또는 test_gsk_…).',
    'pass your Toss secret key, e.g. secretKey: process.env.TOSS_SECRET_KEY (test_sk_… or test_gsk_… for tests).',
  ),
  secretKeyWrongKind: (kind: Bilingual) =>
    problem(
      `${kind.ko}입니다. 시크릿 키가 아닙니다.`,
      `is ${kind.en}, not a secret key.`,
      '개발자센터의 시크릿 키를 쓰세요 (결제창·자동결제는 test_sk_/live_sk_, 위젯은 test_gsk_/live_gsk_). 클라이언트 키는 clientKey에 넣습니다.',
      'use the secret key from the developer center (test_sk_/live_sk_ for the payment window and billing, test_gsk_/live_gsk_ for the widget); the client key goes in clientKey.',
    ),
  clientKeyNotString: problem(
    '값을 주려면 문자열이어야 합니다.',
    'must be a string when given.',
    'secretKey와 같은 키 세트의 클라이언트 키를 넣거나, 옵션을 빼세요.',
    'pass the client key of the same key set as secretKey, or leave it out.',
  ),
  clientKeyIsSecret: problem(
    '시크릿 키가 들어 있습니다. 시크릿 키는 절대 브라우저로 가면 안 됩니다.',
    'holds a secret key, which must never reach the browser.',
    '여기에는 클라이언트 키(test_ck_/test_gck_…)를 넣고, 시크릿 키는 secretKey에만 두세요.',
    'put the client key (test_ck_/test_gck_…) here and keep the secret key in secretKey only.',
  ),
  clientKeyWrongKind: (kind: Bilingual) =>
    problem(
      `${kind.ko}입니다. 클라이언트 키가 아닙니다.`,
      `is ${kind.en}, not a client key.`,
      '개발자센터의 클라이언트 키(test_ck_/live_ck_ 또는 test_gck_/live_gck_)를 쓰세요.',
      'use the client key (test_ck_/live_ck_ or test_gck_/live_gck_) from the developer center.',
    ),
  clientKeyWrongFamily: (client: 'api' | 'widget', secret: 'api' | 'widget') =>
    problem(
      `${familyName(client).ko} 키인데 secretKey는 ${familyName(secret).ko} 키입니다 (결제 서버가 INVALID_API_KEY로 거절합니다).`,
      `is a ${familyName(client).en} key but secretKey is a ${familyName(secret).en} key (the gateway answers INVALID_API_KEY).`,
      '같은 키 세트의 클라이언트 키와 시크릿 키를 쓰세요: test_ck_와 test_sk_, 또는 test_gck_와 test_gsk_.',
      'use a client key and a secret key of the same key set: test_ck_ with test_sk_, or test_gck_ with test_gsk_.',
    ),
  clientKeyWrongMode: (client: string, secret: string) =>
    problem(
      `${client} 키인데 secretKey는 ${secret} 키입니다.`,
      `is a ${client} key but secretKey is a ${secret} key.`,
      '테스트 키와 라이브 키를 섞지 마세요: 둘 다 테스트 키이거나 둘 다 라이브 키여야 합니다.',
      'do not mix test and live keys: use both test keys or both live keys.',
    ),
  basePathInvalid: problem(
    '"/"로 시작하는 경로여야 합니다.',
    'must be a path starting with "/".',
    "예: basePath: '/payments'.",
    "use e.g. basePath: '/payments'.",
  ),
  dataDirRemoved: problem(
    '결제 핸들러의 옵션이 아닙니다: 원장(ledger)은 핸들러가 여는 것이 아니라 넘겨받습니다.',
    'is no option of the payment handler: the ledger is passed in, not opened by it.',
    `대신 ${OPEN_LEDGER_CODE}를 쓰세요.`,
    `pass ${OPEN_LEDGER_CODE} instead.`,
  ),
  encryptionKeyRemoved: problem(
    '결제 핸들러의 옵션이 아닙니다: 비밀값을 저장하는 원장(ledger)의 옵션입니다.',
    'is no option of the payment handler: it belongs to the ledger that stores the secrets.',
    `대신 ${OPEN_LEDGER_CODE}를 쓰세요.`,
    `pass ${OPEN_LEDGER_CODE} instead.`,
  ),
  orderLookupMissing: problem(
    '값이 없습니다: 승인 전에 브라우저가 보낸 금액을 가맹점의 주문과 비교해야 합니다.',
    'is missing: tosskit must compare the browser amount with your own order before confirming.',
    'orderLookup: async (orderId) => ({ amount, orderName, payable })를 넣고, 모르는 주문이면 null을 돌려주세요.',
    'pass orderLookup: async (orderId) => ({ amount, orderName, payable }) or null when the order is unknown.',
  ),
  securityKeyInvalid: problem(
    '보안 키(16진수 64자)가 아닙니다.',
    'is not a security key (64 hex characters).',
    '개발자센터의 보안 키를 복사해 넣거나 (예: securityKey: process.env.TOSS_SECURITY_KEY) 옵션을 빼세요.',
    'copy the security key (보안 키) from the developer center, e.g. securityKey: process.env.TOSS_SECURITY_KEY, or leave it out.',
  ),
  loggerInvalid: problem(
    'error와 warn 함수가 있는 로거가 아닙니다.',
    'is not a logger with error and warn functions.',
    'pino나 bunyan은 그대로 넣고 (logger: pino()), 메시지를 먼저 받는 로거는 감싸세요: logger: messageFirstLogger(console).',
    'pass pino or bunyan as they are (logger: pino()), or wrap a message-first logger: logger: messageFirstLogger(console).',
  ),
  notAFunction: (name: string) =>
    problem(
      '함수여야 합니다.',
      'must be a function.',
      `${name}에 함수를 넣거나 옵션을 빼세요.`,
      `pass a function as ${name} or leave it out.`,
    ),
  apiBaseUrlNotHttp: problem(
    'http(s) URL이 아닙니다.',
    'is not an http(s) URL.',
    "에뮬레이터는 apiBaseUrl: 'http://127.0.0.1:4010'처럼 넣고, 실제 결제 서버를 쓰려면 옵션을 빼세요.",
    "use e.g. apiBaseUrl: 'http://127.0.0.1:4010' for the emulator, or leave it out for the real gateway.",
  ),
  apiBaseUrlWithPath: (path: string, origin: string) =>
    problem(
      `경로, 쿼리 또는 프래그먼트("${path}")가 있습니다: tosskit이 /v1/...을 직접 붙입니다.`,
      `has a path, query or fragment ("${path}"): tosskit adds /v1/... to the origin itself.`,
      `origin만 쓰세요. 예: apiBaseUrl: '${origin}'.`,
      `use the origin only, e.g. apiBaseUrl: '${origin}'.`,
    ),
  liveKeyElsewhere: (origin: string, gateway: string) =>
    problem(
      `${origin}을(를) 가리키는데 secretKey는 라이브 키입니다: 실제 결제는 ${gateway}로만 보냅니다.`,
      `points at ${origin} while secretKey is a live key: live payments go only to ${gateway}.`,
      '운영 환경에서는 apiBaseUrl을 빼거나, 에뮬레이터에는 테스트 키(test_sk_/test_gsk_)를 쓰세요.',
      'remove apiBaseUrl in production, or use the test keys (test_sk_/test_gsk_) with the emulator.',
    ),
  redirectInvalid: (which: string) =>
    problem(
      '경로("/orders/:orderId")나 절대 http(s) URL이어야 합니다.',
      'must be a path ("/orders/:orderId") or an absolute http(s) URL.',
      `예: redirects: { ${which}: '/orders/:orderId' }.`,
      `use e.g. redirects: { ${which}: '/orders/:orderId' }.`,
    ),
  jwtSecretShort: problem(
    '32자보다 짧습니다 (HS256에 쓰기에 약합니다).',
    'is shorter than 32 characters (too weak for HS256).',
    '32자 이상의 무작위 비밀값을 쓰세요.',
    'use a random secret of at least 32 characters.',
  ),
  jwksUrlInvalid: problem(
    'URL이 아닙니다.',
    'is not a URL.',
    '인증 서버 JWKS의 https URL을 넣으세요.',
    'pass the https URL of your identity provider JWKS.',
  ),
  jwtIncomplete: problem(
    'secret(HS256)이나 jwksUrl 중 하나가 필요합니다.',
    'needs either secret (HS256) or jwksUrl.',
    "jwt: { secret: process.env.JWT_SECRET } 또는 jwt: { jwksUrl: 'https://…/.well-known/jwks.json' }처럼 넣으세요.",
    "pass jwt: { secret: process.env.JWT_SECRET } or jwt: { jwksUrl: 'https://…/.well-known/jwks.json' }.",
  ),
  ledgerInvalid: problem(
    'Ledger가 아닙니다.',
    'is not a Ledger.',
    '@tosskit/ledger의 openLedger({ dataDir, encryptionKey })나 await createLedger(...)를 넣거나, 메모리 원장을 쓰려면 옵션을 빼세요.',
    'pass openLedger({ dataDir, encryptionKey }) or await createLedger(...) from @tosskit/ledger, or leave it out for the in-memory ledger.',
  ),
  promotionsCacheMsInvalid: problem(
    '0 이상의 정수(밀리초)여야 합니다.',
    'must be a whole number of milliseconds ≥ 0.',
    '예: promotionsCacheMs: 300000 (5분), 매번 결제 서버에 물으려면 0.',
    'use e.g. promotionsCacheMs: 300000 (5 minutes), or 0 to ask the gateway every time.',
  ),
  healthInvalid: problem(
    'true 또는 false여야 합니다.',
    'must be true or false.',
    'GET {basePath}/health를 열려면 health: true를 넣고, 아니면 옵션을 빼세요.',
    'pass health: true to mount GET {basePath}/health, or leave it out.',
  ),
  tracingInvalid: problem(
    'OpenTelemetry Tracer를 담은 { tracer }가 필요합니다.',
    'needs a tracer: { tracer } with an OpenTelemetry Tracer.',
    "tracing: { tracer: trace.getTracer('tosskit') }처럼 넣거나 (trace는 @opentelemetry/api 패키지) 옵션을 빼세요.",
    "pass tracing: { tracer: trace.getTracer('tosskit') } (trace from the @opentelemetry/api package), or leave it out.",
  ),
  bodyLimitInvalid: problem(
    '1024 이상의 정수(바이트)여야 합니다.',
    'must be a whole number of bytes ≥ 1024.',
    '예: bodyLimit: 65536.',
    'use e.g. bodyLimit: 65536.',
  ),
  unknownOption: (near: string | null) =>
    problem(
      'tosskit의 옵션이 아닙니다 (무시됩니다).',
      'is not an option of tosskit (it would be ignored).',
      near === null
        ? '지우세요. 옵션 목록은 TossPaymentsOptions에 있습니다.'
        : `"${near}"을(를) 잘못 쓰셨나요? 이름을 고치거나 지우세요.`,
      near === null
        ? 'remove it; the options are listed in TossPaymentsOptions.'
        : `did you mean "${near}"? Rename it, or remove it.`,
    ),
} as const;

/** Warnings of a configuration that works but is probably not meant (logged once at creation). */
export const STARTUP_WARNINGS = {
  testKeysInProduction: {
    ko: 'tosskit이 NODE_ENV=production에서 테스트 키로 동작하고 있습니다: 실제 돈은 결제되지 않습니다. 운영 환경에서는 라이브 키(live_sk_/live_gsk_)를 쓰세요.',
    en: 'tosskit is running with TEST keys while NODE_ENV=production: no real money is taken. Use the live keys (live_sk_/live_gsk_) in production.',
  },
  memoryLedgerInProduction: {
    ko: '!!! tosskit이 운영 환경에서 메모리 원장(IN-MEMORY ledger)을 쓰고 있습니다: 승인 점유, 결제, 웹훅 중복 기록이 재시작하면 사라지고 인스턴스끼리 공유되지 않습니다. @tosskit/ledger의 `ledger: openLedger({ dataDir, encryptionKey })`(내장)나 `ledger: await createLedger({ connectionString, encryptionKey })`를 넣으세요.',
    en: '!!! tosskit is using the IN-MEMORY ledger in production: confirm claims, payments and webhook dedupe are lost on restart and not shared between instances. Pass `ledger: openLedger({ dataDir, encryptionKey })` (embedded) or `ledger: await createLedger({ connectionString, encryptionKey })` from @tosskit/ledger.',
  },
} as const satisfies Record<string, Bilingual>;
