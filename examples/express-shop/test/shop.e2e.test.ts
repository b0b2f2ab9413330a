import { describeShopE2E } from '../../shared/src/testing/shop-e2e.js';
import { createShop } from '../src/create-shop.js';

describeShopE2E('express-shop', createShop);
