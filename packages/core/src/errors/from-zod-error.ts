import { ValidationError, type ValidationIssue } from './tosskit-error.js';

/** The part of a zod error we read (zod 3 and 4 alike); no value from the input is ever copied. */
export interface ZodLikeError {
  readonly issues: ReadonlyArray<{ readonly path: ReadonlyArray<PropertyKey>; readonly message: string }>;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `['a', 'b', 0, 'c d']` → `a.b[0]["c d"]`; the root is the empty string. */
export function formatIssuePath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'symbol') out += `[${String(segment)}]`;
    else if (IDENTIFIER.test(segment)) out += out.length === 0 ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** A 400 ValidationError whose `details.issues` lists each zod issue as `{ path: 'a.b[0]', message }`. */
export function fromZodError(zodError: ZodLikeError, code = 'VALIDATION_ERROR'): ValidationError {
  const issues: ValidationIssue[] = zodError.issues.map((issue) => ({
    path: formatIssuePath(issue.path),
    message: issue.message,
  }));
  return new ValidationError(code, { issues }, undefined, { cause: zodError });
}
