// Makes sure the local services the tests need are running: PostgreSQL (ledger tests) and
// Debian's Chromium (browser tests). Starts or installs them when this process may (root);
// otherwise stops with a message that says how to fix the setup.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function sh(cmd) {
  return spawnSync('bash', ['-c', cmd], { stdio: 'pipe', encoding: 'utf8' });
}

function pgReady() {
  const host = process.env.PGHOST ?? '127.0.0.1';
  const port = process.env.PGPORT ?? '5432';
  return sh(`pg_isready -q -h ${host} -p ${port}`).status === 0;
}

export function ensurePostgres() {
  if (pgReady()) return;
  const versions = existsSync('/etc/postgresql') ? readdirSync('/etc/postgresql') : [];
  if (versions.length > 0) {
    console.log(`[services] PostgreSQL is down: starting cluster ${versions[0]}/main`);
    sh(`pg_ctlcluster --skip-systemctl-redirect ${versions[0]} main start`);
    for (let i = 0; i < 30 && !pgReady(); i++) execSync('sleep 1');
  }
  if (!pgReady()) {
    console.error(
      '[services] PostgreSQL is not reachable on 127.0.0.1:5432, and the ledger tests need it.\n' +
        '  Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n' +
        '  or point DATABASE_URL at a server (trust auth, user postgres, database test).',
    );
    process.exit(1);
  }
}

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function ensureChromium() {
  if (existsSync(chromiumPath)) return;
  if (isRoot && !process.env.CHROMIUM_PATH) {
    console.log(
      "[services] Chromium is missing: installing Debian's chromium package with apt-get (about a minute)",
    );
    const r = spawnSync(
      'bash',
      ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium'],
      {
        stdio: 'inherit',
      },
    );
    if (r.status === 0 && existsSync(chromiumPath)) return;
  }
  console.error(
    `[services] No Chromium at ${chromiumPath}; the browser tests need a real one.\n` +
      '  Install it with: sudo apt-get install -y chromium   (never `npx playwright install`)\n' +
      '  or set CHROMIUM_PATH to a Chromium binary.',
  );
  process.exit(1);
}

// Korean glyphs for the screenshots the browser tests keep; without a font they render as boxes.
// Best effort: a missing font never fails the run.
export function ensureKoreanFont() {
  if (sh('fc-list :lang=ko').stdout?.trim()) return;
  if (!isRoot) {
    console.log('[services] No Korean font: screenshots will show boxes (apt-get install -y fonts-nanum).');
    return;
  }
  console.log('[services] Installing a Korean font for screenshots (fonts-nanum)');
  sh(
    'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-nanum || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-nanum)',
  );
}

export function ensureServices() {
  ensurePostgres();
  ensureChromium();
  ensureKoreanFont();
}
