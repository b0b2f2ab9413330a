/** Serves the dashboard: the page at `/__emulator/dashboard` and its script at `/__emulator/dashboard.js`. */
import type { ServerResponse } from 'node:http';
import { dashboardPage } from './page.js';
import { DASHBOARD_SCRIPT } from './script.js';

function send(res: ServerResponse, type: string, text: string): true {
  res.writeHead(200, {
    'content-type': `${type}; charset=utf-8`,
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-cache',
  });
  res.end(text);
  return true;
}

/** True when `parts` (the control path after `/__emulator/`) named the dashboard and it was answered. */
export function serveDashboard(res: ServerResponse, parts: string[], apiUrl: string): boolean {
  if (parts.length !== 1) return false;
  if (parts[0] === 'dashboard') return send(res, 'text/html', dashboardPage(apiUrl));
  if (parts[0] === 'dashboard.js') return send(res, 'text/javascript', DASHBOARD_SCRIPT);
  return false;
}
