import type { z } from 'zod';
import { fromZodError, type ValidationError } from '../errors/index.js';

/**
 * Parse `value` with `schema`, throwing the tosskit `ValidationError` (400, `details.issues` as
 * `{ path: 'a.b[0]', message }[]`) instead of a ZodError. `code` defaults to VALIDATION_ERROR.
 */
export function parseModel<S extends z.ZodType>(schema: S, value: unknown, code?: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw modelValidationError(result.error, code);
  return result.data;
}

/** The ValidationError for a failed model parse. */
export function modelValidationError(error: z.ZodError, code = 'VALIDATION_ERROR'): ValidationError {
  return fromZodError(error, code);
}
