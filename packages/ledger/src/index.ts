export {
  createLedger,
  POSTGRES_BOUNDS_DEFAULTS,
  postgresPoolBounds,
  type LedgerOptions,
  type PersistentLedger,
  type PostgresBounds,
} from './create-ledger.js';
export { openLedger } from './open-ledger.js';
export {
  LEDGER_DRIVER_MISSING,
  type PGliteLike,
  type PGliteQueryable,
  type PgClientLike,
  type PgPoolBoundsConfig,
  type PgPoolLike,
} from './drivers.js';
export { generateEncryptionKey, parseEncryptionKey } from './encryption.js';
export { LATEST_VERSION, MIGRATIONS, migrate, type Migration } from './migrations.js';
