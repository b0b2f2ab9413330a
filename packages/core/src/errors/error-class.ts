/**
 * What a caller should do about a failed gateway call:
 * - `transient`: try again (same idempotency key; after re-reading the payment when money may have moved);
 * - `decline`: the buyer's card, account or limit refused: show it to the buyer, never retry automatically;
 * - `state`: the payment is already in another state (e.g. confirmed twice): re-read it and act on what it is;
 * - `fatal`: the request itself is wrong: retrying the same request gives the same answer;
 * - `config`: the shop's keys or gateway settings are wrong: an operator must fix the configuration.
 */
export type ErrorClass = 'transient' | 'decline' | 'state' | 'fatal' | 'config';

export const ERROR_CLASSES: readonly ErrorClass[] = ['transient', 'decline', 'state', 'fatal', 'config'];
