import { isGatewayError } from './gateway-error.js';
import { GATEWAY_ERRORS } from './gateway-errors.js';
import { developerMessageFor, hasMessage, messageFor } from './message-for.js';
import { redactDeep, redactSecrets } from './redact.js';
import { isLedgerUnavailable, isTosskitError, type ErrorDetails, type Locale } from './tosskit-error.js';

/**
 * The response language from an Accept-Language header: Korean unless English is preferred over Korean.
 * Only `ko*` and `en*` ranges count; between them the higher q wins, and on equal q the one listed first.
 * `*` and other languages are ignored (the catalogue only has these two).
 */
export function resolveLocale(acceptLanguage: string | null | undefined): Locale {
  if (typeof acceptLanguage !== 'string' || acceptLanguage.length === 0) return 'ko';
  let best: { locale: Locale; q: number } | undefined;
  for (const part of acceptLanguage.split(',')) {
    const [rangeRaw, ...paramsRaw] = part.split(';');
    const range = (rangeRaw ?? '').trim().toLowerCase();
    const primary = range.split('-')[0];
    if (primary !== 'ko' && primary !== 'en') continue;
    let q = 1;
    for (const param of paramsRaw) {
      const [name, value] = param.split('=').map((s) => s.trim());
      if (name?.toLowerCase() === 'q') {
        const parsed = Number(value);
        q =
          value !== undefined && value !== '' && Number.isFinite(parsed)
            ? Math.min(Math.max(parsed, 0), 1)
            : 0;
      }
    }
    if (q <= 0) continue;
    if (best === undefined || q > best.q) best = { locale: primary, q };
  }
  return best?.locale ?? 'ko';
}

/** An error as an HTTP answer: its status and the `{ code, message, details? }` body in one language. */
export interface LocalizedError {
  status: number;
  /** `message` is for the buyer; `detail` (outside production only) is the developer's hint with the numbers */
  body: { code: string; message: string; detail?: string; details?: ErrorDetails };
}

export interface LocalizeOptions {
  /** add the developer's text as `detail` (the handler: NODE_ENV !== 'production') */
  developerDetail?: boolean;
}

// Codes whose gateway message is case-specific (the provider's or the tax service's own text): pass it through.
const PASS_THROUGH_GATEWAY_MESSAGES = new Set([
  'FAILED_PAYMENT_INTERNAL_SYSTEM_PROCESSING',
  'NTS_ERROR',
  'API_VERSION_UPDATE_NEEDED',
]);

const HANGUL = /[\uac00-\ud7a3]/;

/**
 * `details` with its validation issues in `locale`: tosskit's own issue texts are written in Korean, so an English
 * answer words an issue in Korean as "<path> is invalid." (zod's own texts are English already).
 */
function issuesIn(details: ErrorDetails, locale: Locale): ErrorDetails {
  const issues = (details as { issues?: unknown }).issues;
  if (locale !== 'en' || !Array.isArray(issues)) return details;
  const english = issues.map((issue: unknown) => {
    const { path, message } = (issue ?? {}) as { path?: unknown; message?: unknown };
    if (typeof message !== 'string' || !HANGUL.test(message)) return issue;
    const field = typeof path === 'string' && path.length > 0 ? path : 'the request body';
    return { ...(issue as object), message: `${field} is invalid.` };
  });
  return { ...details, issues: english };
}

function isHttpErrorStatus(status: number): boolean {
  return Number.isInteger(status) && status >= 400 && status <= 599;
}

/**
 * What an error becomes in an HTTP response. A TosskitError keeps its code, status and details and gets its
 * code's message in `locale`; a GatewayError keeps the gateway's code and status; an error with the code
 * `LEDGER_UNAVAILABLE` that is not this core's TosskitError is still a 503 `LEDGER_UNAVAILABLE`; anything else is a 500
 * INTERNAL_ERROR with a generic message: never the original message or a stack.
 */
export function localizeError(error: unknown, locale: Locale, options: LocalizeOptions = {}): LocalizedError {
  if (isTosskitError(error)) {
    const details = error.details === undefined ? undefined : issuesIn(redactDeep(error.details), locale);
    let message: string;
    if (
      isGatewayError(error) &&
      error.gatewayMessage !== undefined &&
      error.gatewayMessage.length > 0 &&
      (PASS_THROUGH_GATEWAY_MESSAGES.has(error.code) || !hasMessage(error.code))
    ) {
      message = error.gatewayMessage;
    } else if (isGatewayError(error) && Object.hasOwn(GATEWAY_ERRORS, error.code)) {
      // The gateway's own wording for its codes, even where tosskit words the same code differently.
      const entry = GATEWAY_ERRORS[error.code]!;
      message = locale === 'en' ? entry.en : entry.ko;
    } else if (hasMessage(error.code)) {
      message = messageFor(error.code, locale, details);
    } else {
      message = error.message;
    }
    const status = isHttpErrorStatus(error.status) ? error.status : isGatewayError(error) ? 502 : 500;
    const body: LocalizedError['body'] = { code: error.code, message: redactSecrets(message) };
    const detail = options.developerDetail === true ? developerMessageFor(error.code, locale, details) : null;
    if (detail !== null) body.detail = redactSecrets(detail);
    if (details !== undefined && Object.keys(details).length > 0) body.details = details;
    return { status, body };
  }
  if (isLedgerUnavailable(error)) {
    // a ledger's error from another copy of core (ESM and CJS side by side): the same answer, by its code
    return {
      status: 503,
      body: { code: 'LEDGER_UNAVAILABLE', message: messageFor('LEDGER_UNAVAILABLE', locale) },
    };
  }
  return { status: 500, body: { code: 'INTERNAL_ERROR', message: messageFor('INTERNAL_ERROR', locale) } };
}
