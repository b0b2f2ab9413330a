/**
 * A logger for test suites: warnings a test provokes on purpose (hundreds of "webhook ignored" lines
 * under a fuzzer) are kept in memory for assertions instead of burying the run's output, while errors
 * still reach the console as well, so a real failure stays visible in CI. Production keeps
 * `consoleLogger` (or the shop's pino); this is only passed as the handler's `logger` option by tests. It has
 * the logger port's shape, object first: `logger.warn({ kind }, 'webhook ignored')`.
 */
import { consoleLogger, type LogFields, type LogLevel, type TosskitLogger } from '../flows/logging.js';

export interface LogEntry {
  level: LogLevel;
  message: string;
  fields: Record<string, unknown> | undefined;
}

export interface CollectingLogger extends TosskitLogger {
  info(fields: LogFields, message: string): void;
  debug(fields: LogFields, message: string): void;
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
  echoErrors?: TosskitLogger['error'] | null;
}

/** `fields` as JSON for `lines()`: an error as its name and message (its stack stays in `entries`). */
function fieldsText(fields: Record<string, unknown> | undefined): string {
  return JSON.stringify(fields ?? {}, (_key, value: unknown) =>
    value instanceof Error ? { name: value.name, message: value.message } : value,
  );
}

export function createCollectingLogger(options: CollectingLoggerOptions = {}): CollectingLogger {
  let echo = options.echoErrors === undefined ? consoleLogger.error : options.echoErrors;
  const entries: LogEntry[] = [];
  const collect = (level: LogLevel) => (fields: LogFields, message: string) => {
    entries.push({ level, message, fields });
  };
  return {
    entries,
    debug: collect('debug'),
    info: collect('info'),
    warn: collect('warn'),
    error(fields, message) {
      entries.push({ level: 'error', message, fields });
      echo?.(fields, message);
    },
    lines: () => entries.map((e) => `${e.level} ${e.message} ${fieldsText(e.fields)}`),
    clear() {
      entries.length = 0;
    },
    expectErrors() {
      echo = null;
    },
  };
}
