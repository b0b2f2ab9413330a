import { z } from 'zod';

/**
 * A string field whose documented values are known but which the gateway may extend without a
 * version bump (spec §13): any string parses, and the type still offers the known values.
 */
export type OpenEnum<T extends string> = T | (string & {});

export function openEnum<const T extends readonly string[]>(
  values: T,
): z.ZodType<OpenEnum<T[number]>, string> {
  return z.string().describe(`known values: ${values.join(', ')}`) as unknown as z.ZodType<
    OpenEnum<T[number]>,
    string
  >;
}

/**
 * An amount in a gateway response. Plain number: foreign-currency payments can be fractional
 * (e.g. USD 726.24) since API 1.4, so integrality is checked where the currency is known to be KRW.
 */
export const responseAmountSchema = z.number();

/** An amount we send: a positive safe integer number of won. */
export const positiveAmountSchema = z
  .int({ error: '금액은 양의 정수여야 합니다.' })
  .positive({ error: '금액은 0보다 커야 합니다.' });

/** A tax-free or tax-exempt part of an amount: a non-negative safe integer. */
export const nonNegativeAmountSchema = z
  .int({ error: '금액은 0 이상의 정수여야 합니다.' })
  .nonnegative({ error: '금액은 0 이상이어야 합니다.' });

/** Gateway timestamps vary (with offset, without offset, microseconds), so they stay strings. */
export const timestampSchema = z.string();
