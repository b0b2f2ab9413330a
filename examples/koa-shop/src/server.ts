// `npm start` in examples/koa-shop: TOSS_SECRET_KEY, TOSS_CLIENT_KEY, TOSS_API_BASE_URL, PORT from the environment.
import { fileURLToPath } from 'node:url';
import { announce, startShop } from '../../shared/src/start-shop.js';
import { createShop } from './create-shop.js';

const defaultDataDir = fileURLToPath(new URL('../../../.tosskit-data/koa-shop', import.meta.url));
announce('Koa 상점', await startShop(createShop, { defaultDataDir }));
