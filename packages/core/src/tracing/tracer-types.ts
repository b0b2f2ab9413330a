/**
 * The part of OpenTelemetry's `Tracer` and `Span` (`@opentelemetry/api`) that tosskit uses, written out
 * structurally: core's types never import `@opentelemetry/api`, so a shop without it installed compiles and
 * runs (no tracing, no cost), while a shop with it passes `trace.getTracer('shop')` as is.
 */

/** A span attribute's value: tosskit only sets strings, numbers and booleans. */
export type TracingAttributeValue = string | number | boolean;

/** The span tosskit is handed by `startActiveSpan` (OpenTelemetry's `Span` fits). */
export interface TracingSpan {
  setAttribute(key: string, value: TracingAttributeValue): unknown;
  setStatus(status: { code: number; message?: string }): unknown;
  updateName(name: string): unknown;
  end(): void;
}

/** The options tosskit starts a span with (a subset of OpenTelemetry's `SpanOptions`). */
export interface TracingSpanOptions {
  /** OpenTelemetry's SpanKind: 0 INTERNAL, 1 SERVER, 2 CLIENT */
  kind?: number;
  attributes?: Record<string, TracingAttributeValue>;
}

/**
 * The tracer a shop passes as `tracing: { tracer }`, e.g. `trace.getTracer('tosskit')` from
 * `@opentelemetry/api`. Its `startActiveSpan` makes the span current in the registered context manager
 * (the OpenTelemetry Node SDK registers one), which is how gateway and ledger spans find their parent.
 */
export interface TracingTracer {
  startActiveSpan<F extends (span: TracingSpan) => unknown>(
    name: string,
    options: TracingSpanOptions,
    fn: F,
  ): ReturnType<F>;
}

/** The `tracing` option of the handler. */
export interface TracingOptions {
  tracer: TracingTracer;
}

/** OpenTelemetry's SpanKind and SpanStatusCode values (stable across @opentelemetry/api 1.x). */
export const SPAN_KIND = { INTERNAL: 0, SERVER: 1, CLIENT: 2 } as const;
export const SPAN_STATUS_ERROR = 2;
