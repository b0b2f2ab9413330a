/** Request-field readers shared by the state's domains, answering the gateway's refusals. */
import { gatewayError, invalidRequest } from '../errors.js';

export const deepCopy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export function str(
  body: Record<string, unknown>,
  field: string,
  max: number,
  required = true,
): string | undefined {
  const v = body[field];
  if (v === undefined || v === null || v === '') {
    if (required) throw invalidRequest(`${field}은(는) 필수 값입니다.`, `${field} is required.`);
    return undefined;
  }
  if (typeof v !== 'string' && typeof v !== 'number')
    throw invalidRequest(`${field} 형식이 올바르지 않습니다.`, `${field} is malformed.`);
  const s = String(v);
  if (s.length > max)
    throw invalidRequest(
      `${field}은(는) ${max}자 이하여야 합니다.`,
      `${field} must be at most ${max} characters.`,
    );
  return s;
}

export function checkOrderId(orderId: string): void {
  if (!/^[A-Za-z0-9_=-]{6,64}$/.test(orderId)) throw gatewayError('INVALID_ORDER_ID');
}

export function intField(
  body: Record<string, unknown>,
  field: string,
  required: boolean,
): number | undefined {
  const v = body[field];
  if (v === undefined || v === null) {
    if (required) throw invalidRequest(`${field}은(는) 필수 값입니다.`, `${field} is required.`);
    return undefined;
  }
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n))
    throw invalidRequest(`${field}은(는) 정수여야 합니다.`, `${field} must be an integer.`);
  return n;
}

export function maskCardNumber(cardNumber: string): string {
  const digits = cardNumber.replace(/\D/g, '');
  return `${digits.slice(0, 8)}****${digits.slice(12, 15)}*`.slice(0, 20);
}
