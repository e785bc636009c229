// Shared helper for the end-to-end tests: starts a real liaison node (CN, with the US as a
// party) or two federated nodes (CN and US, each the other's peer) serving the built console
// from web/dist, and launches Debian's chromium through playwright-core. Tests skip when the
// liaison binary has not been built.
//
//   LIAISON_BIN   the binary (default: ../build/test/liaison relative to web/)
//
// The console must be built first (npm run build): the node serves web/dist.
import { spawn, execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DIST_DIR = path.join(WEB_DIR, 'dist');
export const LIAISON_BIN = process.env.LIAISON_BIN
  ? path.resolve(process.env.LIAISON_BIN)
  : path.resolve(WEB_DIR, '../build/test/liaison');
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Why the end-to-end tests cannot run here, or false when they can. */
export function skipReason() {
  if (!existsSync(LIAISON_BIN)) {
    return `liaison binary not found at ${LIAISON_BIN} (build it, or set LIAISON_BIN)`;
  }
  return false;
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

function httpsStatus(url) {
  return new Promise((resolve) => {
    const req = httpsRequest(url, { method: 'GET', rejectUnauthorized: false, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => {
      req.destroy();
      resolve(0);
    });
    req.end();
  });
}

/** Runs the liaison CLI; `input` is written to its stdin. Resolves to { stdout, stderr }. */
export function liaison(args, input) {
  return new Promise((resolve, reject) => {
    const child = execFile(LIAISON_BIN, args, { maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        err.message = `liaison ${args.join(' ')} failed: ${err.message}\n${stdout}\n${stderr}`;
        reject(err);
      } else {
        resolve({ stdout, stderr });
      }
    });
    child.stdin.end(input ?? '');
  });
}

/** The last line of `text` that is a JSON object, parsed. */
export function lastJson(text) {
  const line = text.trim().split('\n').filter((l) => l.trim().startsWith('{')).pop();
  if (!line) throw new Error(`no JSON line in:\n${text}`);
  return JSON.parse(line);
}

/**
 * `liaison serve` on a free loopback port for an initialised data directory; resolves once
 * DATA/run/listen names the port and /readyz answers. Returns { baseUrl, output, stop }.
 */
async function serve(dir) {
  const child = spawn(LIAISON_BIN, ['serve', '--data', dir, '--listen', '127.0.0.1:0', '--web-root', DIST_DIR], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  let exited = null;
  child.on('exit', (code, signal) => (exited = { code, signal }));
  async function stop() {
    if (child.exitCode === null && child.signalCode === null) {
      const done = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await done;
      clearTimeout(timer);
    }
  }
  try {
    const listenFile = path.join(dir, 'run', 'listen');
    const deadline = Date.now() + 10_000;
    let address = '';
    while (Date.now() < deadline) {
      if (exited) throw new Error(`liaison serve exited (${JSON.stringify(exited)}):\n${output}`);
      if (existsSync(listenFile)) {
        address = readFileSync(listenFile, 'utf8').trim();
        if (/^[\d.]+:\d+$/.test(address)) break;
        address = '';
      }
      await sleep(50);
    }
    if (!address) throw new Error(`no ${listenFile} after 10 s:\n${output}`);
    const baseUrl = `https://${address}`;
    // The listen file appears when the socket is bound; wait until the store is ready too.
    while (Date.now() < deadline) {
      const s = await httpsStatus(`${baseUrl}/readyz`);
      if (s === 200 || s === 404) break;
      await sleep(50);
    }
    return { baseUrl, output: () => output, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/**
 * `liaison init` in a new temporary directory, `extra(dir)` (more set-up before serving), then
 * serve. Returns { party, timezone, baseUrl, username, password, dir, output, stop }.
 */
async function launchNode({ party, name, timezone }, extra) {
  if (!existsSync(path.join(DIST_DIR, 'index.html'))) {
    throw new Error(`${DIST_DIR}/index.html is missing: run "npm run build" in web/ first`);
  }
  const dir = mkdtempSync(path.join(tmpdir(), `liaison-e2e-${party.toLowerCase()}-`));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    const init = await liaison(['init', '--data', dir, '--party', party, '--name', name, '--timezone', timezone, '--json']);
    const creds = lastJson(init.stdout);
    if (extra) await extra(dir);
    const server = await serve(dir);
    return {
      party,
      timezone,
      baseUrl: server.baseUrl,
      username: creds.admin_user,
      password: creds.admin_password,
      dir,
      output: server.output,
      async stop() {
        await server.stop();
        cleanup();
      },
    };
  } catch (e) {
    cleanup();
    throw e;
  }
}

const CN = { party: 'CN', name: 'CN National Cybercrime Centre', timezone: 'Asia/Shanghai' };
const US = { party: 'US', name: 'US Liaison Office', timezone: 'America/New_York' };

/**
 * Initialises a data directory, adds the US party and starts `liaison serve` on a free
 * loopback port. Returns { baseUrl, username, password, dir, stop }.
 */
export async function startNode() {
  return launchNode(CN, (dir) =>
    liaison(['party', 'add', '--data', dir, '--code', US.party, '--name', US.name, '--timezone', US.timezone]),
  );
}

/**
 * Two real nodes that know each other: CN (Asia/Shanghai) and US (America/New_York), each
 * serving the console, each registered as the other's peer with `liaison identity` /
 * `liaison peer add` (the servers pick new peers up by themselves). Returns
 * { cn, us, stop }; each node is as startNode's, plus its identity
 * { party, url, key, tls_fingerprint }.
 */
export async function startFederation() {
  const started = [];
  const stopAll = async () => {
    for (const n of started.reverse()) await n.stop();
  };
  try {
    const cn = await launchNode(CN);
    started.push(cn);
    const us = await launchNode(US);
    started.push(us);
    for (const n of [cn, us]) n.identity = lastJson((await liaison(['identity', '--data', n.dir, '--json'])).stdout);
    for (const [self, other, info] of [
      [cn, us, US],
      [us, cn, CN],
    ]) {
      await liaison([
        'peer', 'add',
        '--data', self.dir,
        '--party', other.identity.party,
        '--url', other.identity.url,
        '--key', other.identity.key,
        '--tls-fingerprint', other.identity.tls_fingerprint,
        '--name', info.name,
        '--timezone', info.timezone,
      ]);
    }
    return {
      cn,
      us,
      output: () => `--- CN\n${cn.output()}\n--- US\n${us.output()}`,
      stop: stopAll,
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}

export async function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** A page in a fresh context that trusts the node's self-signed certificate. */
export async function newPage(browser, baseUrl, locale = 'en-US') {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, baseURL: baseUrl, locale });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  // Uncaught exceptions in the console are printed as TAP comments to help diagnose a failure.
  page.on('pageerror', (e) => console.log(`# page error: ${String(e.stack || e).split('\n').join('\n# ')}`));
  return page;
}

/**
 * Polls `fn` until it stops throwing (an expect-style wait without fixed sleeps); rethrows
 * the last failure after `timeout` ms.
 */
export async function eventually(fn, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw last;
    await sleep(100);
  }
}

export async function logIn(page, node) {
  await page.goto('/');
  await page.getByTestId('login-username').fill(node.username);
  await page.getByTestId('login-password').fill(node.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('nav-register').waitFor();
}

/**
 * The start of most tests: one node (startNode), a browser and a page logged in as its
 * administrator, each stopped when the test `t` ends. `options` is the page's browser locale
 * (a string), or { locale, width, height }: the locale (en-US) and the viewport (Playwright's
 * default when not given). Resolves to { node, browser, page, api }.
 */
export async function signedInNode(t, options = {}) {
  const { locale = 'en-US', width, height = 900 } = typeof options === 'string' ? { locale: options } : options;
  const node = await startNode();
  t.after(() => node.stop());
  const browser = await launchBrowser();
  t.after(() => browser.close());
  const page = await newPage(browser, node.baseUrl, locale);
  if (width) await page.setViewportSize({ width, height });
  await logIn(page, node);
  return { node, browser, page, api: apiFrom(page) };
}

/**
 * The start of the two-node tests: startFederation() and a browser, each stopped when the
 * test `t` ends. Resolves to { fed, cn, us, browser }.
 */
export async function federationWithBrowser(t) {
  const fed = await startFederation();
  t.after(() => fed.stop());
  const browser = await launchBrowser();
  t.after(() => browser.close());
  return { fed, cn: fed.cn, us: fed.us, browser };
}

/** Switches the console's language with the top bar's switch and waits until it took. */
export async function switchLanguage(page, locale) {
  await page.getByTestId(`lang-${locale}`).click();
  await page.waitForFunction((l) => document.documentElement.lang === l, locale);
}

/**
 * Calls the API from a logged-in page (its session cookie, plus the CSRF token from
 * GET /auth/me on writes). Resolves to { status, body }.
 */
export function apiFrom(page) {
  return (method, path, body) =>
    page.evaluate(
      async ({ method, path, body }) => {
        const headers = { Accept: 'application/json' };
        if (method !== 'GET') {
          const me = await (await fetch('/api/v1/auth/me')).json();
          headers['X-CSRF-Token'] = me.csrf_token;
          if (body !== undefined) headers['Content-Type'] = 'application/json';
        }
        const res = await fetch(`/api/v1${path}`, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        let parsed = text;
        try {
          parsed = text ? JSON.parse(text) : null;
        } catch {
          // not JSON: kept as text for the assertion message
        }
        return { status: res.status, body: parsed };
      },
      { method, path, body },
    );
}

/** Creates the user `{ username, password }` with `role` through `api` (from apiFrom); throws unless 201. */
export async function addUser(api, { username, password }, role, displayName) {
  const res = await api('POST', '/users', { username, display_name: displayName, role, password });
  if (res.status !== 201) throw new Error(`POST /users ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
