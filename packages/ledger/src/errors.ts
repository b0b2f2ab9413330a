import { ConfigurationError, TosskitError, type ErrorDetails } from '@tosskit/core';

/** Startup misconfiguration: names the option and the fix (status 500, never reaches a buyer). */
export function configurationError(option: string, message: string): ConfigurationError {
  return new ConfigurationError('CONFIGURATION_ERROR', message, { option });
}

/** The ledger's own refusal codes: status 500, the handler answers them as an internal error. */
export type LedgerErrorCode =
  /** a stored integer (an amount, a timestamp) is outside the safe integer range: the row was not written by us */
  | 'LEDGER_INTEGER_OUT_OF_RANGE'
  /** a row kept changing under a write retried several times (heavy contention on one order or payment) */
  | 'LEDGER_CONTENDED';

/** A tosskit error with a stable code, so a caller tells ledger faults apart without parsing messages. */
export function ledgerError(code: LedgerErrorCode, message: string, details?: ErrorDetails): TosskitError {
  return new TosskitError(code, 500, `ledger: ${message}`, details);
}
