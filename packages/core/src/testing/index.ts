export {
  runLedgerConformance,
  makeCardPayment,
  makeVirtualAccountPayment,
  type LedgerFactory,
} from './ledger-conformance.js';
export { runAdapterConformance } from './adapter-conformance.js';
export { FUZZ_ROUTES, runAdapterFuzz, type AdapterFuzzOptions } from './adapter-fuzz.js';
export {
  CONFORMANCE_JWT_SECRET,
  CONFORMANCE_SECURITY_KEY,
  closeServer,
  createConformanceHarness,
  listenOnFreePort,
  loadEmulator,
  newOrderId,
  roleToken,
  sendLargeBody,
  sendUnfinishedBody,
  type AdapterConformanceOptions,
  type AdapterServerOptions,
  type ConformanceEmulator,
  type ConformanceHarness,
  type LargeBodyAnswer,
} from './adapter-harness.js';
export {
  createCollectingLogger,
  type CollectingLogger,
  type CollectingLoggerOptions,
  type LogEntry,
} from './collecting-logger.js';
export {
  HOSTILE_IDS,
  ODD_IDS,
  UPPER_SNAKE,
  encodeAnyString,
  holdsUnstorableText,
  hostileIdRequests,
  type HostileIdContext,
  type HostileIdRequest,
} from './hostile-ids.js';
