import { describeWebhookLogRestart } from '../../shared/src/testing/webhook-log-e2e.js';
import { createShop } from '../src/create-shop.js';

describeWebhookLogRestart('express-shop', createShop);
