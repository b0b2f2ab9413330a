export * from './parse-amount.js';
export * from './method-amount.js';
export * from './compute-vat.js';
export * from './verify-cancel-request.js';
