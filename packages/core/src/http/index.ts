export * from './create-payment-handler.js';
export * from './options.js';
export * from './authorize-cancel.js';
export { buyerPaymentView, operatorPaymentView } from './payment-view.js';
export { errorResponse, jsonResponse, readJsonBody, redirectResponse, wantsJson } from './http-io.js';
