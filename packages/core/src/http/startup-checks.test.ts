// Options that used to wait for the first buyer, or were never noticed, fail (or warn) at creation.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isTosskitError } from '../errors/index.js';
import { createPaymentHandler } from './create-payment-handler.js';
import { nearestOption } from './startup-checks.js';

const SK = 'test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R';
const LIVE_SK = 'live_sk_zXLkKEypNArWmo50nX3lmeaxYG5R';
const lookup = () => null;
const quiet = { warn: () => undefined, error: () => undefined };

function creationError(options: Record<string, unknown>): { message: string; option: unknown } {
  try {
    createPaymentHandler({ logger: quiet, orderLookup: lookup, ...options } as never);
  } catch (error) {
    expect(isTosskitError(error)).toBe(true);
    expect((error as { code: string }).code).toBe('CONFIGURATION_ERROR');
    return {
      message: (error as Error).message,
      option: (error as { details?: { option?: unknown } }).details?.option,
    };
  }
  throw new Error('expected a CONFIGURATION_ERROR at creation');
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('start-up checks', () => {
  it('every configuration error is in Korean and English, with the fix in both and in details', () => {
    const cases: Record<string, unknown>[] = [
      { secretKey: undefined },
      { secretKey: 'test_ck_zXLkKEypNArWmo50nX3lmeaxYG5R' },
      { secretKey: SK, clientKey: 'test_gck_zXLkKEypNArWmo50nX3lmeaxYG5R' },
      { secretKey: SK, basePath: 'payments' },
      { secretKey: SK, bodyLimit: 10 },
      { secretKey: SK, jwt: {} },
      { secretKey: SK, logger: console.log },
      { secretKey: SK, dataDir: './data' },
    ];
    for (const options of cases) {
      let thrown: unknown;
      try {
        createPaymentHandler({ logger: quiet, orderLookup: lookup, ...options } as never);
      } catch (error) {
        thrown = error;
      }
      const error = thrown as Error & { details: { option: string; fix: string; fixEn: string } };
      const [korean, english] = error.message.split('\n');
      expect(korean).toMatch(/^tosskit: 옵션 "[^"]+": .*[가-힣].* 해결: .*[가-힣]/);
      expect(english).toMatch(/^tosskit: option "[^"]+": [^가-힣]* Fix: /);
      expect(error.details.fix).toMatch(/[가-힣]/);
      expect(error.details.fixEn).not.toMatch(/[가-힣]/);
      expect(error.message).not.toContain(SK);
    }
  });

  it('a misspelt hook fails at creation with the nearest option name (it was silently ignored)', () => {
    const error = creationError({ secretKey: SK, onPaymentConfirm: () => undefined });
    expect(error.option).toBe('onPaymentConfirm');
    expect(error.message).toContain('did you mean "onPaymentConfirmed"');
    // Korean first, English on the next line: no request exists at start-up to choose
    expect(error.message.split('\n')[0]).toContain('"onPaymentConfirmed"을(를) 잘못 쓰셨나요?');
    const far = creationError({ secretKey: SK, shopName: '토스킷' });
    expect(far.message).toContain('"shopName"');
    expect(far.message).not.toContain('did you mean');
  });

  it('finds the intended option for the usual slips', () => {
    expect(nearestOption('orderlookup')).toBe('orderLookup');
    expect(nearestOption('secret_key')).toBe('secretKey');
    expect(nearestOption('onPaymentCancelled')).toBe('onPaymentCanceled');
    expect(nearestOption('webhookSecret')).toBeNull();
  });

  it('an apiBaseUrl with a path (every call would be a 404) fails, naming the origin to use', () => {
    const error = creationError({ secretKey: SK, apiBaseUrl: 'http://127.0.0.1:4010/v1' });
    expect(error.option).toBe('apiBaseUrl');
    expect(error.message).toContain("apiBaseUrl: 'http://127.0.0.1:4010'");
    expect(error.message).toContain('origin만 쓰세요');
    // a trailing slash is still the origin
    expect(() =>
      createPaymentHandler({
        secretKey: SK,
        orderLookup: lookup,
        logger: quiet,
        apiBaseUrl: 'http://127.0.0.1:4010/',
      }),
    ).not.toThrow();
  });

  it('a live key sent anywhere but the gateway fails, without repeating the key', () => {
    const error = creationError({ secretKey: LIVE_SK, apiBaseUrl: 'http://127.0.0.1:4010' });
    expect(error.option).toBe('apiBaseUrl');
    expect(error.message).toContain('https://api.tosspayments.com');
    expect(error.message).not.toContain(LIVE_SK);
    expect(error.message).toContain('실제 결제는 https://api.tosspayments.com로만 보냅니다');
    expect(() =>
      createPaymentHandler({
        secretKey: LIVE_SK,
        orderLookup: lookup,
        logger: quiet,
        apiBaseUrl: 'https://api.tosspayments.com',
      }),
    ).not.toThrow();
  });

  it('test keys with NODE_ENV=production are allowed with a warning; live keys are not warned about', () => {
    vi.stubEnv('NODE_ENV', 'production');
    const warnings: string[] = [];
    const logger = {
      warn: (_fields: object, message: string) => void warnings.push(message),
      error: () => undefined,
    };
    createPaymentHandler({ secretKey: SK, orderLookup: lookup, logger, ledger: undefined });
    expect(warnings.some((w) => w.includes('TEST keys') && w.includes('NODE_ENV=production'))).toBe(true);
    expect(warnings.some((w) => w.startsWith('tosskit이 NODE_ENV=production에서 테스트 키로'))).toBe(true);
    warnings.length = 0;
    createPaymentHandler({ secretKey: LIVE_SK, orderLookup: lookup, logger });
    expect(warnings.some((w) => w.includes('TEST keys'))).toBe(false);
  });
});
