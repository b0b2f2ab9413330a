/**
 * Running work inside a span: start it active (so spans started inside become its children), end it however
 * the work ends, and mark a failure by its stable code only. Exceptions are not recorded: a message or a
 * stack is no span attribute (tosskit's codes are enough to find the log line).
 */
import {
  SPAN_STATUS_ERROR,
  type TracingAttributeValue,
  type TracingSpan,
  type TracingTracer,
} from './tracer-types.js';

const CODE = /^[A-Z][A-Z0-9_]{1,63}$/;

/** The stable name of a failure: a tosskit or gateway UPPER_SNAKE code, else the error's class name. */
export function errorTypeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && CODE.test(code)) return code;
  if (error instanceof Error && /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(error.name)) return error.name;
  return '_OTHER';
}

export function markFailed(span: TracingSpan, errorType: string): void {
  span.setAttribute('error.type', errorType);
  span.setStatus({ code: SPAN_STATUS_ERROR, message: errorType });
}

export function runInSpan<T>(
  tracer: TracingTracer,
  name: string,
  kind: number,
  attributes: Record<string, TracingAttributeValue>,
  work: (span: TracingSpan) => Promise<T>,
): Promise<T> {
  return tracer.startActiveSpan(name, { kind, attributes }, async (span: TracingSpan) => {
    try {
      return await work(span);
    } catch (error) {
      markFailed(span, errorTypeOf(error));
      throw error;
    } finally {
      span.end();
    }
  });
}
