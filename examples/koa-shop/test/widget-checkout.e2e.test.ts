import { describeWidgetCheckoutE2E } from '../../shared/src/testing/widget-e2e.js';
import { createShop } from '../src/create-shop.js';

describeWidgetCheckoutE2E('koa-shop', createShop);
