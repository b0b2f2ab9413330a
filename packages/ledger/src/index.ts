export { createLedger, type LedgerOptions, type PersistentLedger } from './create-ledger.js';
export { generateEncryptionKey, parseEncryptionKey } from './encryption.js';
export { LATEST_VERSION, MIGRATIONS, migrate, type Migration } from './migrations.js';
