import { describeDashboardE2E } from '../../shared/src/testing/dashboard-e2e.js';
import { createShop } from '../src/create-shop.js';

describeDashboardE2E('express-shop', createShop);
