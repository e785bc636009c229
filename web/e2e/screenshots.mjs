#!/usr/bin/env node
// Screenshots of every console page in both languages at 1440×900, for looking at before a
// stop (issue 17's done means). Not a test: `npm run screenshots -- OUTDIR` against the running
// `make run` pair (CN at .run/cn, US at .run/us: their run/listen, admin / DEMO_PASSWORD).
// Options: --url URL (one node instead of the pair), --user NAME, --password TEXT.
// Writes OUTDIR/<party>-<lang>-<page>.png (and <page>-partN.png of a page taller than 2,100 px)
// and prints each file.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, WEB_DIR } from './node.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const url = option('--url', '');
const user = option('--user', 'admin');
const password = option('--password', process.env.DEMO_PASSWORD || 'liaison-demo-password');
const out = args[0];
if (!out) {
  console.error('usage: npm run screenshots -- OUTDIR [--url URL] [--user NAME] [--password TEXT]');
  process.exit(2);
}

const PART_HEIGHT = 1400;

// Every route of web/src/app/router.ts a user opens (the tabs of the tabbed pages each).
const PAGES = [
  ['work', '/work'],
  ['register', '/requests'],
  ['new-request', '/requests/new'],
  ['request', null], // the register's first request
  ['indicators', '/indicators'],
  ['indicator-set', null], // the first set
  ['hotline-escalations', '/hotline'],
  ['hotline-oncall', '/hotline?tab=oncall'],
  ['hotline-rosters', '/hotline?tab=rosters'],
  ['hotline-policy', '/hotline?tab=policy'],
  ['hotline-log', '/hotline?tab=log'],
  ['hotline-drills', '/hotline?tab=drills'],
  ['hotline-review', '/hotline?tab=review'],
  ['reports', '/reports'],
  ['directory', '/directory'],
  ['peers', '/peers'],
  ['quarantine', '/quarantine'],
  ['account', '/account'],
  ['notification-prefs', '/account/notifications'],
  ['admin-users', '/admin'],
  ['admin-audit', '/admin?tab=audit'],
  ['admin-deliveries', '/admin?tab=deliveries'],
  ['login', '/login'],
];

function nodes() {
  if (url) return [['node', url]];
  const root = path.resolve(WEB_DIR, '..', '.run');
  return ['cn', 'us'].map((p) => {
    const listen = fs.readFileSync(path.join(root, p, 'run', 'listen'), 'utf8').trim();
    return [p, `https://${listen}`];
  });
}

async function firstLink(page, api, pick) {
  const r = await page.evaluate(async (p) => (await fetch(`/api/v1${p}`)).json(), api);
  const first = (r.items ?? [])[0];
  return first ? pick(first) : null;
}

async function shoot(browser, party, base, lang) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, baseURL: base, locale: lang, viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto('/login');
  await page.evaluate((l) => localStorage.setItem('liaison.locale', l), lang);
  await page.getByTestId('login-username').fill(user);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('nav-register').waitFor({ timeout: 15_000 });
  if ((await page.evaluate(() => document.documentElement.lang)) !== lang) {
    await page.getByTestId(`lang-${lang}`).click().catch(() => {});
  }
  for (const [name, route] of PAGES) {
    let target = route;
    if (name === 'request') target = await firstLink(page, '/requests?per_page=1', (r) => `/requests/${r.id}`);
    if (name === 'indicator-set') target = await firstLink(page, '/indicator-sets', (s) => `/indicators/${s.id}`);
    if (!target) {
      console.log(`# ${party} ${lang} ${name}: nothing to show`);
      continue;
    }
    if (name === 'login') {
      await context.clearCookies();
    }
    await page.goto(target);
    await page.waitForLoadState('networkidle').catch(() => {});
    const file = path.join(out, `${party}-${lang}-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    console.log(file);
    // A page too tall to read at viewing scale (the policy editor) is also shot in parts.
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    if (height > PART_HEIGHT * 1.5) {
      for (let y = 0, n = 1; y < height; y += PART_HEIGHT, ++n) {
        const part = path.join(out, `${party}-${lang}-${name}-part${n}.png`);
        const clip = { x: 0, y, width: 1440, height: Math.min(PART_HEIGHT, height - y) };
        await page.screenshot({ path: part, fullPage: true, clip });
        console.log(part);
      }
    }
  }
  await context.close();
}

fs.mkdirSync(out, { recursive: true });
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
try {
  for (const [party, base] of nodes()) {
    for (const lang of ['zh-CN', 'en']) await shoot(browser, party, base, lang);
  }
} finally {
  await browser.close();
}
