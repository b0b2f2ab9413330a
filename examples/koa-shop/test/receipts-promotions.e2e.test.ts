import { describeReceiptsAndPromotionsE2E } from '../../shared/src/testing/receipts-promotions-e2e.js';
import { createShop } from '../src/create-shop.js';

describeReceiptsAndPromotionsE2E('koa-shop', createShop);
