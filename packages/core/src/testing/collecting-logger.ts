/**
 * A logger for test suites: warnings a test provokes on purpose (hundreds of "webhook ignored" lines
 * under a fuzzer) are kept in memory for assertions instead of burying the run's output, while errors
 * still reach the console as well, so a real failure stays visible in CI. Production keeps
 * `consoleFlowLogger`; this is only passed as the handler's `logger` option by tests.
 */
import { consoleFlowLogger, type FlowLogger } from '../flows/flow-context.js';

export interface LogEntry {
  level: 'warn' | 'error';
  message: string;
  fields: Record<string, unknown> | undefined;
}

export interface CollectingLogger extends FlowLogger {
  /** every line logged, oldest first */
  readonly entries: LogEntry[];
  /** the entries as `level message {fields}` lines, for substring assertions */
  lines(): string[];
  clear(): void;
  /** The test provokes errors on purpose from here on (and asserts on `entries`): stop echoing them. */
  expectErrors(): void;
}

export interface CollectingLoggerOptions {
  /**
   * Where errors are echoed besides being collected (default: the console, as production would print
   * them). Pass `null` only in a test that provokes errors on purpose and asserts on `entries`.
   */
  echoErrors?: FlowLogger['error'] | null;
}

export function createCollectingLogger(options: CollectingLoggerOptions = {}): CollectingLogger {
  let echo = options.echoErrors === undefined ? consoleFlowLogger.error : options.echoErrors;
  const entries: LogEntry[] = [];
  return {
    entries,
    warn(message, fields) {
      entries.push({ level: 'warn', message, fields });
    },
    error(message, fields) {
      entries.push({ level: 'error', message, fields });
      echo?.(message, fields);
    },
    lines: () => entries.map((e) => `${e.level} ${e.message} ${JSON.stringify(e.fields ?? {})}`),
    clear() {
      entries.length = 0;
    },
    expectErrors() {
      echo = null;
    },
  };
}
