/**
 * The emulator's errors. Gateway answers take their status and messages from the emulator's own catalogue
 * (gateway/error-catalog.ts); this file shapes `{ code, message }` answers and reads the caller's language.
 */
import { ERROR_CATALOG } from './gateway/error-catalog.js';

export type Locale = 'ko' | 'en';

/** The base of every error the emulator throws: a stable UPPER_SNAKE `code` and the HTTP status it answers with. */
export class EmulatorError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(code: string, status: number, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.status = status;
  }

  toJSON(): { code: string; message: string } {
    return { code: this.code, message: this.message };
  }
}

export function isKnownGatewayCode(code: string): boolean {
  return Object.prototype.hasOwnProperty.call(ERROR_CATALOG, code);
}

/**
 * The answer's language from Accept-Language: Korean unless English is preferred over it. Only `ko*` and `en*`
 * ranges count (the gateway answers in these two, docs.tosspayments.com/reference/using-api/authorization,
 * "Accept-Language"); the higher q wins, and on equal q the range listed first.
 */
export function resolveLocale(header: string | string[] | undefined): Locale {
  const value = Array.isArray(header) ? header[0] : header;
  if (typeof value !== 'string' || value === '') return 'ko';
  let best: { locale: Locale; q: number } | undefined;
  for (const part of value.split(',')) {
    const [range = '', ...params] = part.split(';');
    const primary = range.trim().toLowerCase().split('-')[0];
    if (primary !== 'ko' && primary !== 'en') continue;
    const q = qualityOf(params);
    if (q > 0 && (best === undefined || q > best.q)) best = { locale: primary, q };
  }
  return best?.locale ?? 'ko';
}

function qualityOf(params: string[]): number {
  let q = 1;
  for (const param of params) {
    const [name, raw] = param.split('=').map((s) => s.trim());
    if (name?.toLowerCase() !== 'q') continue;
    const parsed = Number(raw);
    q = raw !== undefined && raw !== '' && Number.isFinite(parsed) ? Math.min(Math.max(parsed, 0), 1) : 0;
  }
  return q;
}

/** An error the emulator answers with; thrown inside route handlers. */
export class GatewayAnswer extends EmulatorError {
  /** a message that overrides the catalogue's (e.g. naming the mismatching field) */
  readonly override: { ko: string; en: string } | undefined;

  constructor(code: string, status?: number, override?: { ko: string; en: string }) {
    const entry = ERROR_CATALOG[code];
    super(code, status ?? entry?.status ?? 400, messageOf(code, 'ko', override));
    this.override = override;
  }

  body(locale: Locale): { code: string; message: string } {
    return { code: this.code, message: messageOf(this.code, locale, this.override) };
  }
}

export function messageOf(code: string, locale: Locale, override?: { ko: string; en: string }): string {
  if (override) return override[locale];
  const entry = ERROR_CATALOG[code];
  if (entry) return entry[locale];
  return code;
}

export function gatewayError(
  code: string,
  override?: { ko: string; en: string },
  status?: number,
): GatewayAnswer {
  return new GatewayAnswer(code, status, override);
}

export function invalidRequest(ko: string, en: string): GatewayAnswer {
  return new GatewayAnswer('INVALID_REQUEST', 400, { ko, en });
}
