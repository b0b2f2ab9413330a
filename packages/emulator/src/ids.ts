import { randomBytes } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const LOWER = 'abcdefghijklmnopqrstuvwxyz0123456789';

// Random bytes come from a pool refilled 4 KiB at a time: one randomBytes call per id was the emulator's
// hottest function under load.
let pool = randomBytes(4096);
let poolAt = 0;

function pick(alphabet: string, length: number): string {
  if (poolAt + length > pool.length) {
    pool = randomBytes(4096);
    poolAt = 0;
  }
  let out = '';
  // modulo bias (256 % 62) is harmless for ids that only need to be unique and unguessable-ish
  for (let i = 0; i < length; i++) out += alphabet[pool[poolAt + i]! % alphabet.length];
  poolAt += length;
  return out;
}

export function randomAlnum(length: number): string {
  return pick(ALNUM, length);
}

export function randomLower(length: number): string {
  return pick(LOWER, length);
}

export function randomDigits(length: number): string {
  return pick('0123456789', length);
}

function stamp(epochMs: number): string {
  return new Date(epochMs + 9 * 3_600_000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** New-style payment key: MID prefix + yyyyMMddHHmmss + 5 chars (e.g. tviva20251121102047bvrO8) plus entropy. */
export function newPaymentKey(epochMs: number): string {
  return `tviva${stamp(epochMs)}${randomAlnum(5)}${randomAlnum(8)}`;
}

export function newTransactionKey(): string {
  return `txrd_a01${randomLower(24)}`;
}

export function newSecret(): string {
  return `ps_${randomAlnum(27)}`;
}

export function newBillingKey(): string {
  return randomAlnum(44);
}

export function newAuthKey(): string {
  return `bln_${randomAlnum(20)}`;
}

export function newTransmissionId(): string {
  return `whtrans_a01${randomLower(24)}`;
}

export function newReceiptKey(): string {
  return `${randomAlnum(20)}${randomDigits(4)}`;
}
