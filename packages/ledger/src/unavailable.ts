/**
 * Which failures of a PostgreSQL call mean "the database cannot answer right now", as opposed to an
 * answer (a constraint, a syntax error, a trigger's exception). Those become core's one typed error,
 * `LedgerUnavailableError` (503 `LEDGER_UNAVAILABLE` with `Retry-After` on every route); everything
 * else is thrown as it came.
 */
import { LedgerUnavailableError, type LedgerUnavailableReason } from '@tosskit/core';

/** Socket errors of a path that is down, refused, or being reset. */
const SOCKET_CODES: Readonly<Record<string, LedgerUnavailableReason>> = {
  ECONNREFUSED: 'connection_refused',
  ECONNRESET: 'connection_lost',
  ECONNABORTED: 'connection_lost',
  EPIPE: 'connection_lost',
  ETIMEDOUT: 'connect_timeout',
  EHOSTUNREACH: 'connection_refused',
  EHOSTDOWN: 'connection_refused',
  ENETUNREACH: 'connection_refused',
  ENETDOWN: 'connection_refused',
  ENOTFOUND: 'connection_refused',
  EAI_AGAIN: 'connection_refused',
};

/** SQLSTATEs the server answers when it will not run the statement for now (not a fault of the statement). */
const SQLSTATES: Readonly<Record<string, LedgerUnavailableReason>> = {
  // statement_timeout (also a cancel by an operator)
  '57014': 'statement_timeout',
  // admin_shutdown, crash_shutdown, cannot_connect_now, database_dropped, idle_session_timeout
  '57P01': 'server_unavailable',
  '57P02': 'server_unavailable',
  '57P03': 'server_unavailable',
  '57P04': 'server_unavailable',
  '57P05': 'connection_lost',
  // idle_in_transaction_session_timeout: the server ended a session whose client went quiet mid-transaction
  '25P03': 'connection_lost',
  // too_many_connections
  '53300': 'server_unavailable',
};

/** The driver's own messages (`pg`, `pg-pool` 8.x) for timeouts and dead connections. */
const MESSAGES: ReadonlyArray<readonly [RegExp, LedgerUnavailableReason]> = [
  [/^Query read timeout$/, 'query_timeout'],
  [/^timeout exceeded when trying to connect$/, 'connect_timeout'],
  [/^Connection terminated due to connection timeout$/, 'connect_timeout'],
  [/^timeout expired$/, 'connect_timeout'],
  [/^Connection terminated( unexpectedly)?$/, 'connection_lost'],
  [/^Client has encountered a connection error and is not queryable$/, 'connection_lost'],
];

function reasonOf(error: unknown, depth = 0): LedgerUnavailableReason | null {
  if (typeof error !== 'object' || error === null || depth > 3) return null;
  const { code, message, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string') {
    if (Object.hasOwn(SOCKET_CODES, code)) return SOCKET_CODES[code]!;
    if (Object.hasOwn(SQLSTATES, code)) return SQLSTATES[code]!;
    // any other connection_exception (class 08)
    if (/^08[0-9A-Z]{3}$/.test(code)) return 'connection_lost';
  }
  if (typeof message === 'string') {
    for (const [pattern, reason] of MESSAGES) if (pattern.test(message)) return reason;
  }
  // a connect to a name with several addresses fails with an AggregateError of the attempts
  if (Array.isArray(errors)) {
    for (const inner of errors) {
      const reason = reasonOf(inner, depth + 1);
      if (reason !== null) return reason;
    }
  }
  return reasonOf(cause, depth + 1);
}

/** `error` as a `LedgerUnavailableError` when the database could not answer; otherwise `error` itself. */
export function toLedgerError(error: unknown): unknown {
  if (error instanceof LedgerUnavailableError) return error;
  const reason = reasonOf(error);
  return reason === null ? error : new LedgerUnavailableError({ reason, cause: error });
}
