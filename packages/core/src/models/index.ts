// Gateway objects, webhook bodies, request bodies and enumerations of Toss Payments API 2022-11-16
// as zod 4 schemas. Unknown fields are always kept. Types are inferred from the schemas.
export * from './enums.js';
export * from './codes.js';
export * from './sdk-codes.js';
export * from './common.js';
export * from './fields.js';
export * from './failure.js';
export * from './card.js';
export * from './virtual-account.js';
export * from './cancel.js';
export * from './cash-receipt.js';
export * from './payment.js';
export * from './billing.js';
export * from './transaction.js';
export * from './settlement.js';
export * from './promotion.js';
export * from './webhook.js';
export * from './requests.js';
export * from './validation.js';
