import { GATEWAY_ERRORS } from './gateway-errors.js';
import type { Locale } from './tosskit-error.js';
import { TOSSKIT_ERRORS, type TosskitErrorEntry } from './tosskit-errors.js';

export type MessageParams = Readonly<Record<string, unknown>>;

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
// A "( … )" group that still holds an unfilled placeholder, with the space before it.
const GROUP_WITH_HOLE = /\s?\([^()]*\{[A-Za-z_][A-Za-z0-9_]*\}[^()]*\)/g;
// Echoed values are capped so one absurd input cannot bloat every response that quotes it.
const MAX_PARAM_LENGTH = 80;

function catalogueEntry(code: string): TosskitErrorEntry | undefined {
  if (Object.hasOwn(TOSSKIT_ERRORS, code)) return (TOSSKIT_ERRORS as Record<string, TosskitErrorEntry>)[code];
  if (Object.hasOwn(GATEWAY_ERRORS, code)) return GATEWAY_ERRORS[code];
  return undefined;
}

/** True when `code` has a catalogued message (tosskit's own codes first, then the gateway's). */
export function hasMessage(code: string): boolean {
  return catalogueEntry(code) !== undefined;
}

function formatParam(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    text = String(value);
  else if (Array.isArray(value)) text = value.map((v) => formatParam(v) ?? '').join(', ');
  else return undefined;
  return text.length > MAX_PARAM_LENGTH ? `${text.slice(0, MAX_PARAM_LENGTH)}…` : text;
}

/** Fills `{name}` placeholders from `params`; a `( … )` group left with an unfilled placeholder is dropped. */
export function interpolate(template: string, params?: MessageParams): string {
  const filled = template.replace(PLACEHOLDER, (whole, name: string) => {
    const value =
      params === undefined || !Object.hasOwn(params, name) ? undefined : formatParam(params[name]);
    return value ?? whole;
  });
  return filled.replace(GROUP_WITH_HOLE, '');
}

/**
 * The catalogued message for `code` in `locale`, with `{name}` placeholders filled from `params`.
 * Unknown codes get a generic sentence naming the code (never an empty string).
 */
export function messageFor(code: string, locale: Locale = 'ko', params?: MessageParams): string {
  const entry = catalogueEntry(code);
  if (entry === undefined) {
    return locale === 'en'
      ? `The request could not be processed (code: ${code}).`
      : `요청을 처리하지 못했습니다 (코드: ${code}).`;
  }
  return interpolate(locale === 'en' ? entry.en : entry.ko, params);
}

/**
 * The developer's text for `code` in `locale` (the numbers and the fix), or null when its entry has none.
 * Never shown to a buyer: it goes to the log and to `detail` outside production.
 */
export function developerMessageFor(
  code: string,
  locale: Locale = 'ko',
  params?: MessageParams,
): string | null {
  const entry = catalogueEntry(code);
  if (entry?.developer === undefined) return null;
  return interpolate(locale === 'en' ? entry.developer.en : entry.developer.ko, params);
}

/**
 * The message of a thrown error (what a developer reads in a stack trace or from `handler.charge()`): the
 * catalogued message followed by the developer's text, when the code has one. HTTP answers use `messageFor`.
 */
export function errorMessageFor(code: string, locale: Locale = 'ko', params?: MessageParams): string {
  const hint = developerMessageFor(code, locale, params);
  const message = messageFor(code, locale, params);
  return hint === null ? message : `${message} ${hint}`;
}

/** The HTTP status catalogued for `code`, if any. */
export function statusFor(code: string): number | undefined {
  return catalogueEntry(code)?.status;
}
