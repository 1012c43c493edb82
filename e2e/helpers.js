// Shared setup of the browser tests: build and run Ting on a free port with
// its own data directory, launch Debian's Chromium, and the checks every
// test file uses (script errors, axe-core, 320 px width).
//
// Each test file calls startTing() in before() and stopTing() in after();
// `ting` then holds the base URL and the browser. The pages a test opens
// and the session it runs come from fixture.js.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..');
export const shots = path.join(here, 'screenshots');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// adminKey is the organisation owner's key Ting runs with (TING_ADMIN_KEY):
// what the tests' own REST calls create sessions with.
export const adminKey = 'e2e-owner-key-of-the-organisation';

// ting is the running server and browser of this test file.
export const ting = {
  base: '',
  browser: null,
  pageErrors: [],
  log: '',
};

let dir;
let bin;
let port;
let server;
let extraEnv = {}; // settings of this file's Ting beyond the defaults
let provider = null; // the OpenID Provider (cmd/oidc-dev), when started
let logStart = 0; // where the running server's log starts in ting.log
let usedLink = ''; // the printed sign-in link, once a browser has opened it

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// waitFor calls check until it returns a truthy value and returns that
// value; after timeout ms it fails with message (a string, or a function
// giving one). An error thrown by check fails at once.
export async function waitFor(check, { timeout = 15000, interval = 100, message = 'the condition never held' } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() >= deadline) throw new Error(typeof message === 'function' ? message() : message);
    await new Promise((r) => setTimeout(r, interval));
  }
}

async function waitReady(url, timeoutMs) {
  let last = '';
  await waitFor(
    async () => {
      if (server.exitCode !== null) throw new Error(`ting exited with ${server.exitCode}:\n${ting.log}`);
      try {
        const res = await fetch(url);
        if (res.status === 200) return true;
        last = `status ${res.status}`;
      } catch (err) {
        last = err.message;
      }
      return false;
    },
    { timeout: timeoutMs, message: () => `ting not ready at ${url} (${last}):\n${ting.log}` },
  );
}

// startServer runs the built binary on the test's port and data directory.
export async function startServer() {
  server = spawn(bin, [], {
    cwd: dir,
    env: { ...process.env, TING_ADDR: `127.0.0.1:${port}`, TING_DATA_DIR: path.join(dir, 'data'), TING_ADMIN_KEY: adminKey, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  logStart = ting.log.length;
  server.stdout.on('data', (d) => (ting.log += d));
  server.stderr.on('data', (d) => (ting.log += d));
  await waitReady(`${ting.base}/readyz`, 30000);
}

export async function stopServer() {
  if (!server || server.exitCode !== null) return;
  const exited = new Promise((r) => server.once('exit', r));
  server.kill('SIGTERM');
  const timer = setTimeout(() => server.kill('SIGKILL'), 10000);
  await exited;
  clearTimeout(timer);
}

// killServer ends the server with SIGKILL, as a crash or a pulled plug
// would: no close frames, no shutdown.
export async function killServer() {
  if (!server || server.exitCode !== null) return;
  const exited = new Promise((r) => server.once('exit', r));
  server.kill('SIGKILL');
  await exited;
}

// startProvider builds and runs cmd/oidc-dev, a real OpenID Provider, with
// the given users (email:password:name:groups) and Ting's callback, and
// points this file's Ting at it.
async function startProvider(users) {
  const oidcBin = path.join(dir, 'oidc-dev');
  const build = spawnSync('go', ['build', '-o', oidcBin, './cmd/oidc-dev'], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(build.status, 0, `go build oidc-dev failed:\n${build.stdout}${build.stderr}`);
  const addr = `127.0.0.1:${await freePort()}`;
  const args = ['-addr', addr, '-redirect', `${ting.base}/auth/oidc/callback`, ...users.flatMap((u) => ['-user', u])];
  provider = spawn(oidcBin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  provider.stderr.on('data', (d) => (ting.log += d));
  const settings = await new Promise((resolve, reject) => {
    provider.once('exit', (code) => reject(new Error(`oidc-dev exited with ${code}:\n${ting.log}`)));
    provider.stdout.on('data', (d) => {
      out += d;
      const env = Object.fromEntries(out.split('\n').filter((l) => l.includes('=')).map((l) => l.split(/=(.*)/s).slice(0, 2)));
      if (env.TING_OIDC_CLIENT_SECRET) resolve(env);
    });
  });
  extraEnv = { ...extraEnv, ...settings, TING_PUBLIC_URL: ting.base };
}

// startTing builds Ting, starts it and launches Chromium. With
// { oidcUsers: ['anna@kommun.se:secret:Anna'] } it also runs a real OpenID
// Provider with those users and configures Ting to sign in with it.
export async function startTing({ oidcUsers } = {}) {
  dir = mkdtempSync(path.join(tmpdir(), 'ting-e2e-'));
  bin = path.join(dir, 'ting');
  const build = spawnSync('go', ['build', '-o', bin, './cmd/ting'], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(build.status, 0, `go build failed:\n${build.stdout}${build.stderr}`);

  port = await freePort();
  ting.base = `http://127.0.0.1:${port}`;
  if (oidcUsers) await startProvider(oidcUsers);
  await startServer();

  ting.browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  mkdirSync(shots, { recursive: true });
}

export async function stopTing() {
  if (ting.browser) await ting.browser.close();
  await stopServer();
  if (provider && provider.exitCode === null) {
    const exited = new Promise((r) => provider.once('exit', r));
    provider.kill('SIGTERM');
    await exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
}

// watch records uncaught errors and console errors of a page.
export function watch(page, name) {
  page.setDefaultTimeout(15000);
  page.on('pageerror', (err) => ting.pageErrors.push(`${name}: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') ting.pageErrors.push(`${name} console: ${msg.text()}`);
  });
  return page;
}

export async function phoneContext(width = 390) {
  return ting.browser.newContext({
    viewport: { width, height: 780 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'sv-SE',
    reducedMotion: 'reduce',
  });
}

// hostContext is the facilitator's browser, signed in as the owner or as
// the facilitator of key. Its page language starts as pageLanguage (English
// unless told; null leaves it to the browser's locale), as if picked on the
// page before; a pick on the page stays.
export async function hostContext({ locale = 'en-GB', pageLanguage = 'en', key = adminKey } = {}) {
  const ctx = await ting.browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale,
    reducedMotion: 'reduce',
    acceptDownloads: true,
  });
  if (pageLanguage) {
    await ctx.addInitScript((lang) => {
      try {
        if (localStorage.getItem('ting:host-language') === null) localStorage.setItem('ting:host-language', JSON.stringify(lang));
      } catch {
        /* about:blank has no storage */
      }
    }, pageLanguage);
  }
  return signIn(ctx, key);
}

// signIn signs a browser context in as the organisation's owner, as the
// facilitator does on a fresh laptop: it opens the one-time sign-in link
// Ting printed at start (read from its log), or, once that is used, a new
// link the owner key asks for. With another facilitator's API key it signs
// that facilitator in by a link its key asks for. The pages' fetches then
// carry the login cookie.
export async function signIn(ctx, key = adminKey) {
  let link;
  const m = key === adminKey && ting.log.slice(logStart).match(/link="?(https?:\/\/[^\s"]+\/auth\/link\?t=[\w-]+)/);
  if (m && m[1] !== usedLink) {
    usedLink = m[1];
    const printed = new URL(m[1]); // localhost: the same server as ting.base
    link = `${ting.base}${printed.pathname}${printed.search}`;
  } else {
    const res = await rest('POST', '/me/links', { token: key });
    assert.equal(res.status, 201, `sign-in link: ${JSON.stringify(res.body)}`);
    link = res.body.url;
  }
  const page = await ctx.newPage();
  const res = await page.goto(link);
  assert.ok(res.ok(), `sign-in link answered ${res.status()}`);
  await page.close();
  return ctx;
}

export async function screenContext() {
  return ting.browser.newContext({ viewport: { width: 1600, height: 900 }, reducedMotion: 'reduce', acceptDownloads: true });
}

// axe runs axe-core in the page and fails on serious or critical findings.
export async function axe(page, name) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
  );
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  assert.deepEqual(bad, [], `${name}: accessibility violations`);
}

export async function noHorizontalScroll(page, label) {
  const m = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
    body: document.body.scrollWidth,
  }));
  assert.ok(m.scroll <= m.client && m.body <= m.client, `${label}: horizontal scroll at 320 px (${JSON.stringify(m)})`);
}

// cloudWord finds a word of the big screen's cloud, case-insensitively.
export async function cloudWord(screen, word) {
  return screen.evaluate((w) => {
    const n = [...document.querySelectorAll('#results .cloud-word')].find(
      (x) => x.dataset.word.toLowerCase() === w.toLowerCase(),
    );
    return n ? { text: n.textContent, count: Number(n.dataset.count) } : null;
  }, word);
}

// rest calls the REST API with a facilitator token; it returns status and body.
export async function rest(method, url, { token, body } = {}) {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${ting.base}/api/v1${url}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: res.status, body: json };
}

// secretOf reads the session id and token from a presentUrl's fragment.
export function secretOf(presentUrl) {
  const p = new URLSearchParams(new URL(presentUrl).hash.slice(1));
  return { id: p.get('s'), token: p.get('t') };
}
