export {
  runLedgerConformance,
  makeCardPayment,
  makeVirtualAccountPayment,
  type LedgerFactory,
} from './ledger-conformance.js';
export {
  runAdapterConformance,
  runAdapterFuzz,
  createConformanceHarness,
  listenOnFreePort,
  closeServer,
  newOrderId,
  roleToken,
  sendUnfinishedBody,
  sendLargeBody,
  loadEmulator,
  CONFORMANCE_JWT_SECRET,
  CONFORMANCE_SECURITY_KEY,
  FUZZ_ROUTES,
  type AdapterConformanceOptions,
  type AdapterFuzzOptions,
  type AdapterServerOptions,
  type LargeBodyAnswer,
  type ConformanceEmulator,
  type ConformanceHarness,
} from './adapter-conformance.js';
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
