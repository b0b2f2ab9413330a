import { ConfigurationError } from '@tosskit/core';

/** Startup misconfiguration: names the option and the fix (status 500, never reaches a buyer). */
export function configurationError(option: string, message: string): ConfigurationError {
  return new ConfigurationError('CONFIGURATION_ERROR', message, { option });
}
