export * from './payment-state.js';
