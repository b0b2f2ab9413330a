/**
 * The logger port. A shop passes its own logger as it is: pino and bunyan take `(fields, message)`, which is
 * the port's shape, so they go in directly; winston, `console` and other message-first loggers go in through
 * `messageFirstLogger(...)`. Which order a function expects cannot be told from the function, so the shape is
 * a documented choice, never a guess.
 *
 * Inside, the flows log through a `FlowLogger` (message first, as they always did) that the handler builds
 * once: every field and cause is redacted there, a cause becomes an `err` with its stack, and debug lines are
 * only built when the `debug` option is on.
 */
import { redactLogFields, type LogSecrets } from '../errors/log-redaction.js';

export type LogFields = Record<string, unknown>;
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * Where tosskit logs: object first, as pino and bunyan take it (`logger.error({ code, orderId, err }, msg)`).
 * `debug` and `info` are optional; a logger without them gets those lines at no level.
 */
export interface TosskitLogger {
  error(fields: LogFields, message: string): void;
  warn(fields: LogFields, message: string): void;
  info?(fields: LogFields, message: string): void;
  debug?(fields: LogFields, message: string): void;
}

/** A message-first logger: winston, `console`, the `{ warn(message, fields), error(message, fields) }` of old. */
export interface MessageFirstLogger {
  error(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  info?(message: string, fields?: LogFields): void;
  debug?(message: string, fields?: LogFields): void;
}

/**
 * A message-first logger as a `TosskitLogger`: `logger: messageFirstLogger(winstonLogger)`, or
 * `messageFirstLogger(console)`. Each call keeps the logger as `this` (winston's methods need it).
 */
export function messageFirstLogger(target: MessageFirstLogger): TosskitLogger {
  const adapted: TosskitLogger = {
    error: (fields, message) => target.error(message, fields),
    warn: (fields, message) => target.warn(message, fields),
  };
  if (typeof target.info === 'function') adapted.info = (fields, message) => target.info!(message, fields);
  if (typeof target.debug === 'function') adapted.debug = (fields, message) => target.debug!(message, fields);
  return adapted;
}

/** The default: the console, each line prefixed `[tosskit]`, fields (and the cause's stack) after it. */
export const consoleLogger: TosskitLogger = {
  error: (fields, message) => console.error(`[tosskit] ${message}`, fields),
  warn: (fields, message) => console.warn(`[tosskit] ${message}`, fields),
  info: (fields, message) => console.info(`[tosskit] ${message}`, fields),
  debug: (fields, message) => console.debug(`[tosskit] ${message}`, fields),
};

/**
 * How the flows log: message first, fields redacted by the sink. `debugEnabled` tells a flow whether a debug
 * line is wanted at all, so a step's fields are only built when someone reads them.
 */
export interface FlowLogger {
  readonly debugEnabled: boolean;
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export interface LogSinkOptions {
  /** log each flow step at debug level (the handler's `debug` option) */
  debug?: boolean;
  /** values never logged whatever field or text holds them: the secret key, the security key */
  secrets?: LogSecrets;
}

/** Is `value` a usable logger (error and warn functions)? */
export function isTosskitLogger(value: unknown): value is TosskitLogger {
  const candidate = value as Partial<TosskitLogger> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.error === 'function' &&
    typeof candidate.warn === 'function'
  );
}

/**
 * The flows' logger over the shop's: each line redacted once, here. A logger that throws is ignored (a log
 * line must never break a payment).
 */
export function createLogSink(target: TosskitLogger, options: LogSinkOptions = {}): FlowLogger {
  const secrets = options.secrets ?? [];
  const write = (level: LogLevel, message: string, fields: LogFields | undefined): void => {
    try {
      const method = target[level];
      if (typeof method !== 'function') return;
      method.call(target, fields === undefined ? {} : redactLogFields(fields, secrets), message);
    } catch {
      // the shop's logger failed; the payment goes on
    }
  };
  const debugEnabled = options.debug === true && typeof target.debug === 'function';
  return {
    debugEnabled,
    debug: (message, fields) => {
      if (debugEnabled) write('debug', message, fields);
    },
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  };
}
