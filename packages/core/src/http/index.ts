export * from './create-payment-handler.js';
export * from './options.js';
export * from './authorize-operator.js';
export { buyerPaymentView, operatorPaymentView, publicPaymentView } from './payment-view.js';
export { errorResponse, jsonResponse, readJsonBody, redirectResponse, wantsJson } from './http-io.js';
