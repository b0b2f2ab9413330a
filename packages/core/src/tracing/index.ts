export {
  type TracingAttributeValue,
  type TracingOptions,
  type TracingSpan,
  type TracingSpanOptions,
  type TracingTracer,
} from './tracer-types.js';
export { createRequestTracing, type HandlerFlows, tracedFlows, UNTRACED_FLOWS } from './handler-tracing.js';
export { traceLedger } from './traced-ledger.js';
export { gatewayUrlTemplate, traceTransport } from './traced-transport.js';
