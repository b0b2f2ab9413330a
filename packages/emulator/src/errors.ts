/**
 * Gateway error answers. Statuses and messages come from core's catalogue `GATEWAY_ERRORS`
 * (one table for the whole project); this file only shapes `{ code, message }` answers.
 */
import { GATEWAY_ERRORS, TosskitError, resolveLocale as coreResolveLocale } from '@tosskit/core';

export type Locale = 'ko' | 'en';

export function isKnownGatewayCode(code: string): boolean {
  return Object.prototype.hasOwnProperty.call(GATEWAY_ERRORS, code);
}

export function resolveLocale(header: string | string[] | undefined): Locale {
  return coreResolveLocale(Array.isArray(header) ? header[0] : header);
}

/** An error the emulator answers with; thrown inside route handlers. */
export class GatewayAnswer extends TosskitError {
  /** a message that overrides the catalogue's (e.g. naming the mismatching field) */
  readonly override: { ko: string; en: string } | undefined;

  constructor(code: string, status?: number, override?: { ko: string; en: string }) {
    const entry = GATEWAY_ERRORS[code];
    super(code, status ?? entry?.status ?? 400, messageOf(code, 'ko', override));
    this.override = override;
  }

  body(locale: Locale): { code: string; message: string } {
    return { code: this.code, message: messageOf(this.code, locale, this.override) };
  }
}

export function messageOf(code: string, locale: Locale, override?: { ko: string; en: string }): string {
  if (override) return override[locale];
  const entry = GATEWAY_ERRORS[code];
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
