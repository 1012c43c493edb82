// The phone page over a slow link: Chromium reaches Ting through a real
// Toxiproxy that adds 125 ms each way (a 250 ms round trip, as on a
// theatre's crowded Wi-Fi). Measured with Chromium's own network events
// (CDP) and Toxiproxy's byte counters: bytes on the wire for a first visit
// and a reload, the longest chain of requests, and the time until the
// question is on screen. Sizes and the chain are asserted; times only
// reported. Then an answer given offline survives a reload and arrives
// exactly once when the link is back.
//
// Run: cd e2e && node --test slow-link.test.js (builds Toxiproxy from the Go
// module proxy on its first run).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSession } from './fixture.js';
import { phoneContext, rest, startTing, stopTing, ting, watch } from './helpers.js';
import { startToxiproxy, TOXIPROXY_VERSION } from './toxiproxy.js';

const ONE_WAY_MS = 125;
let proxy;

before(async () => {
  await startTing();
  proxy = await startToxiproxy(new URL(ting.base).host);
  await proxy.latency(ONE_WAY_MS);
});
after(async () => {
  await proxy?.stop();
  await stopTing();
});

// session makes a session with a current choice question.
async function session(prompt) {
  const { created } = await createSession({ title: 'Teatern', language: 'sv' });
  assert.equal(created.status, 201);
  const { id, code, facilitatorToken: token } = created.body;
  const q = await rest('POST', `/sessions/${id}/questions`, { token, body: { type: 'choice', prompt, options: ['Bra', 'Okej', 'Trött'] } });
  assert.equal(q.status, 201);
  assert.equal((await rest('PATCH', `/sessions/${id}/state`, { token, body: { questionId: q.body.id } })).status, 200);
  const results = async () => (await rest('GET', `/sessions/${id}/results`, { token })).body.questions[0];
  const lock = async () => assert.equal((await rest('PATCH', `/sessions/${id}/state`, { token, body: { locked: true } })).status, 200);
  return { code, results, lock };
}

// compressed waits until Ting has the Brotli form of every file the phone
// page names (made once, in the background, just after start), so the
// figures are those of a node that has run for a second.
async function compressed() {
  const page = await (await fetch(`${ting.base}/`)).text();
  const urls = [...page.matchAll(/(?:src|href)="(\/assets\/[0-9a-f]{12}\/[^"]+)"/g)].map((m) => m[1]);
  assert.ok(urls.some((u) => u.endsWith('/phone.js')), 'the phone page names its script under a versioned URL');
  const deadline = Date.now() + 20000;
  for (const url of urls) {
    for (;;) {
      const res = await fetch(`${ting.base}${url}`, { headers: { 'Accept-Encoding': 'br' } });
      await res.arrayBuffer();
      if (res.headers.get('content-encoding') === 'br') break;
      assert.ok(Date.now() < deadline, `no Brotli for ${url} after 20 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

// recorder follows a page's network events through CDP.
async function recorder(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  let reqs = new Map();
  let ws = { frames: 0, bytes: 0 };
  cdp.on('Network.requestWillBeSent', (e) => {
    const prev = reqs.get(e.requestId);
    reqs.set(e.requestId, { url: e.request.url, type: e.type, initiator: e.initiator, bytes: prev?.bytes || 0, status: 0 });
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = reqs.get(e.requestId);
    if (!r) return;
    r.status = e.response.status;
    r.encoding = e.response.headers['content-encoding'] || e.response.headers['Content-Encoding'] || '';
    r.fromServiceWorker = !!e.response.fromServiceWorker;
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = reqs.get(e.requestId);
    if (r) r.bytes = e.encodedDataLength;
  });
  cdp.on('Network.webSocketCreated', (e) => reqs.set(e.requestId, { url: e.url, type: 'WebSocket', initiator: e.initiator || {}, bytes: 0 }));
  cdp.on('Network.webSocketHandshakeResponseReceived', (e) => {
    const r = reqs.get(e.requestId);
    if (r) r.bytes += (e.response.headersText || '').length;
  });
  cdp.on('Network.webSocketFrameReceived', (e) => {
    ws.frames++;
    ws.bytes += Buffer.byteLength(e.response.payloadData);
  });
  return {
    reset() {
      reqs = new Map();
      ws = { frames: 0, bytes: 0 };
    },
    report() {
      const list = [...reqs.values()];
      const byUrl = new Map();
      for (const r of list) if (!byUrl.has(r.url)) byUrl.set(r.url, r);
      // A request's depth: 1 for the page, else one more than the request
      // that started it (the parser's document, or the script on top of
      // the initiator's stack). One started by the browser itself (the
      // icon) hangs off the page.
      const depth = (r, seen = new Set()) => {
        if (r.type === 'Document') return 1;
        if (seen.has(r)) return 1;
        seen.add(r);
        const from = r.initiator?.url || r.initiator?.stack?.callFrames?.[0]?.url || r.initiator?.stack?.parent?.callFrames?.[0]?.url;
        const parent = from && byUrl.get(from);
        return parent ? depth(parent, seen) + 1 : 2;
      };
      // The chain is that of the code (page, scripts, styles, images):
      // the data the code then asks for (the API, the WebSocket) comes one
      // step after it by nature, and is listed, not counted in the chain.
      const data = new Set(['WebSocket', 'Fetch', 'XHR']);
      const http = list.filter((r) => r.type !== 'WebSocket');
      for (const r of list) r.depth = depth(r);
      return {
        requests: http.length,
        bytes: http.reduce((n, r) => n + r.bytes, 0),
        chain: Math.max(0, ...list.filter((r) => !data.has(r.type)).map((r) => r.depth)),
        ws,
        websocket: list.filter((r) => r.type === 'WebSocket').map((r) => ({ depth: r.depth, handshake: r.bytes })),
        list: http.map((r) => `${r.depth} ${r.type} ${new URL(r.url).pathname} ${r.status} ${r.encoding || '-'} ${r.bytes} B${r.fromServiceWorker ? ' (service worker)' : ''}`),
      };
    },
  };
}

const kb = (n) => `${(n / 1000).toFixed(1)} KB`;

// settled reads Toxiproxy's counters once they stop moving: it counts a
// connection's bytes when the connection closes.
async function settled() {
  let last = await proxy.bytes();
  for (;;) {
    await new Promise((r) => setTimeout(r, 300));
    const now = await proxy.bytes();
    if (now.down === last.down && now.up === last.up) return now;
    last = now;
  }
}

test('the phone page at a 250 ms round trip: light, cached, one round trip for the code', { timeout: 180000 }, async () => {
  await compressed();
  const { code } = await session('Hur mår du i dag?');

  // visit opens the page (or reloads it) and waits for the question, then
  // for what the page loads after it (the service worker and its files).
  const visit = async (phone, rec, go) => {
    rec.reset();
    const t0 = Date.now();
    await go();
    await phone.getByRole('radio', { name: 'Bra' }).waitFor();
    const toQuestion = Date.now() - t0;
    await phone.evaluate(async () => (await navigator.serviceWorker?.getRegistration()) && navigator.serviceWorker.ready);
    await phone.waitForLoadState('networkidle');
    await new Promise((r) => setTimeout(r, 1000));
    return { ...rec.report(), toQuestion };
  };
  const open = async () => {
    const ctx = await phoneContext();
    const phone = watch(await ctx.newPage(), 'phone');
    return { ctx, phone, rec: await recorder(phone) };
  };

  // Toxiproxy counts a connection when it closes, and Chromium keeps its
  // connections open: the first visit is measured in a phone of its own,
  // closed after it; the reload as the difference to a second phone that
  // visits, reloads, and is closed.
  const start = await settled();
  const a = await open();
  const first = await visit(a.phone, a.rec, () => a.phone.goto(`${proxy.base}/?code=${code}`));
  await a.ctx.close();
  const afterFirst = await settled();
  first.wire = { down: afterFirst.down - start.down, up: afterFirst.up - start.up };

  const b = await open();
  await visit(b.phone, b.rec, () => b.phone.goto(`${proxy.base}/?code=${code}`));
  const reload = await visit(b.phone, b.rec, () => b.phone.reload());
  await b.ctx.close();
  const afterBoth = await settled();
  reload.wire = { down: afterBoth.down - afterFirst.down - first.wire.down, up: afterBoth.up - afterFirst.up - first.wire.up };

  // Plain http at the venue: no service worker; the reload is the page's
  // 304 and the browser's cache for the rest, all seen by CDP.
  const c = await (async () => {
    const ctx = await ting.browser.newContext({ viewport: { width: 390, height: 780 }, locale: 'sv-SE', serviceWorkers: 'block' });
    const phone = watch(await ctx.newPage(), 'phone without service worker');
    return { ctx, phone, rec: await recorder(phone) };
  })();
  await visit(c.phone, c.rec, () => c.phone.goto(`${proxy.base}/?code=${code}`));
  const plain = await visit(c.phone, c.rec, () => c.phone.reload());
  await c.ctx.close();
  console.log(
    `# reload without a service worker: page's HTTP ${kb(plain.bytes)} in ${plain.requests} requests (CDP), WebSocket handshake ${plain.websocket.map((w) => kb(w.handshake)).join(', ')} and ${plain.ws.frames} frames ${kb(plain.ws.bytes)}, question on screen after ${plain.toQuestion} ms`,
  );
  for (const line of plain.list) console.log(`#   ${line}`);
  assert.ok(plain.bytes <= 4000, `reload without a service worker ${plain.bytes} B over HTTP, want ≤ 4 KB`);
  assert.ok(plain.chain <= 2);

  for (const [name, m] of [
    ['first visit', first],
    ['reload', reload],
  ]) {
    console.log(
      `# ${name}: ${kb(m.wire.down)} down / ${kb(m.wire.up)} up on the wire (Toxiproxy ${TOXIPROXY_VERSION}: HTTP, WebSocket, service worker), ` +
        `page's HTTP ${kb(m.bytes)} in ${m.requests} requests (CDP), chain ${m.chain}, WebSocket ${m.ws.frames} frames ${kb(m.ws.bytes)}, ` +
        `question on screen after ${m.toQuestion} ms`,
    );
    for (const line of m.list) console.log(`#   ${line}`);
  }
  // The page's own requests, as Chromium counts them (headers and bodies
  // as received); the service worker's script and the WebSocket come on
  // top and are in the Toxiproxy figure reported above.
  assert.ok(first.bytes <= 40000, `first visit ${first.bytes} B over HTTP, want ≤ 40 KB`);
  assert.ok(reload.bytes <= 4000, `reload ${reload.bytes} B over HTTP, want ≤ 4 KB`);
  assert.ok(reload.wire.down <= 4000, `reload ${reload.wire.down} B on the wire in all, want ≤ 4 KB`);
  assert.ok(first.chain <= 2, `chain of requests ${first.chain}, want ≤ 2:\n${first.list.join('\n')}`);
  assert.ok(reload.chain <= 2, `chain of requests on reload ${reload.chain}, want ≤ 2`);
  assert.ok(first.list.some((l) => / br \d/.test(l)), 'files come compressed with Brotli');
  assert.deepEqual(ting.pageErrors, []);
});

test('the big screen and the facilitator page over the same link', { timeout: 120000 }, async () => {
  const { created } = await createSession({ title: 'Storskärm', language: 'sv' });
  const { presentUrl } = created.body;
  const present = presentUrl.replace(ting.base, proxy.base);
  for (const [name, url, viewport] of [
    ['big screen', present, { width: 1920, height: 1080 }],
    ['facilitator page', `${proxy.base}/host`, { width: 1280, height: 900 }],
  ]) {
    const ctx = await ting.browser.newContext({ viewport, reducedMotion: 'reduce' });
    const page = watch(await ctx.newPage(), name);
    const rec = await recorder(page);
    const t0 = Date.now();
    await page.goto(url);
    await page.waitForLoadState('networkidle');
    const m = rec.report();
    const paint = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null);
    rec.reset();
    await page.reload();
    await page.waitForLoadState('networkidle');
    const again = rec.report();
    console.log(
      `# ${name} at ${viewport.width}×${viewport.height}: first visit ${kb(m.bytes)} in ${m.requests} requests, chain ${m.chain}, ` +
        `first contentful paint ${paint === null ? '?' : Math.round(paint)} ms, network idle after ${Date.now() - t0} ms; reload ${kb(again.bytes)} in ${again.requests} requests`,
    );
    for (const line of m.list) console.log(`#   ${line}`);
    assert.ok(m.chain <= 2, `${name}: chain ${m.chain}:\n${m.list.join('\n')}`);
    assert.ok(again.bytes <= 4000, `${name}: reload ${again.bytes} B`);
    await ctx.close();
  }
  assert.deepEqual(ting.pageErrors, []);
});

test('an answer given offline survives a reload and arrives exactly once', { timeout: 120000 }, async () => {
  const { code, results } = await session('Kaffe eller te?');
  const ctx = await phoneContext();
  const phone = watch(await ctx.newPage(), 'phone');
  await phone.goto(`${proxy.base}/?code=${code}`);
  await phone.getByRole('radio', { name: 'Okej' }).waitFor();
  await phone.evaluate(() => navigator.serviceWorker.ready);

  await ctx.setOffline(true);
  await phone.locator('#conn[data-state="offline"]').waitFor({ state: 'attached' });
  await phone.getByRole('radio', { name: 'Okej' }).check();
  await phone.getByRole('button', { name: 'Skicka' }).click();
  const waiting = phone.getByRole('status').filter({ hasText: 'Ingen anslutning' });
  await waiting.waitFor();

  // The phone sleeps, the tab is reloaded without a link: the service
  // worker opens the page, the outbox shows the question and the answer
  // still waiting, never "received".
  await phone.reload();
  await phone.getByRole('radio', { name: 'Okej' }).waitFor();
  await waiting.waitFor();
  assert.equal(await phone.getByText('Svaret är mottaget').count(), 0, 'not shown as received before the ack');
  assert.equal((await results()).responses, 0, 'nothing reached the server yet');

  await ctx.setOffline(false);
  await phone.getByRole('status').filter({ hasText: 'Svaret är mottaget' }).waitFor({ timeout: 20000 });
  const r = await results();
  assert.equal(r.responses, 1);
  assert.deepEqual(r.counts, [0, 1, 0]);
  assert.equal(await phone.evaluate((c) => localStorage.getItem(`ting:outbox:${c}`), code), null, 'the outbox is empty once acked');

  // Another reload sends nothing again: still exactly once.
  await phone.reload();
  await phone.locator('#conn[data-state="open"]').waitFor({ state: 'attached' });
  await new Promise((r) => setTimeout(r, 1000));
  assert.deepEqual((await results()).counts, [0, 1, 0]);

  const unexpected = ting.pageErrors.filter((e) => !/WebSocket|ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(e));
  assert.deepEqual(unexpected, []);
  ting.pageErrors.length = 0;
  await ctx.close();
});

test('without a service worker (plain http at the venue) a kept answer goes on the next load, once', { timeout: 120000 }, async () => {
  const { code, results } = await session('Fika nu?');
  const ctx = await ting.browser.newContext({ viewport: { width: 390, height: 780 }, locale: 'sv-SE', serviceWorkers: 'block' });
  const phone = watch(await ctx.newPage(), 'phone');
  await phone.goto(`${proxy.base}/?code=${code}`);
  await phone.getByRole('radio', { name: 'Trött' }).waitFor();

  await ctx.setOffline(true);
  await phone.locator('#conn[data-state="offline"]').waitFor({ state: 'attached' });
  await phone.getByRole('radio', { name: 'Trött' }).check();
  await phone.getByRole('button', { name: 'Skicka' }).click();
  await phone.getByRole('status').filter({ hasText: 'Ingen anslutning' }).waitFor();
  // The tab is killed while offline; the link comes back; the page is opened again.
  await phone.close();
  await ctx.setOffline(false);
  assert.equal((await results()).responses, 0);
  const again = watch(await ctx.newPage(), 'phone again');
  await again.goto(`${proxy.base}/?code=${code}`);
  await again.getByRole('status').filter({ hasText: 'Svaret är mottaget' }).waitFor({ timeout: 20000 });
  assert.deepEqual((await results()).counts, [0, 0, 1]);
  assert.equal(await again.evaluate(() => navigator.serviceWorker?.controller ?? null), null, 'no service worker here');

  const unexpected = ting.pageErrors.filter((e) => !/WebSocket|ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(e));
  assert.deepEqual(unexpected, []);
  ting.pageErrors.length = 0;
  await ctx.close();
});

test('an answer kept offline for a question closed meanwhile says so and is not counted', { timeout: 120000 }, async () => {
  const { code, results, lock } = await session('Lunch nu?');
  const ctx = await phoneContext();
  const phone = watch(await ctx.newPage(), 'phone');
  await phone.goto(`${proxy.base}/?code=${code}`);
  await phone.getByRole('radio', { name: 'Bra' }).waitFor();
  await ctx.setOffline(true);
  await phone.locator('#conn[data-state="offline"]').waitFor({ state: 'attached' });
  await phone.getByRole('radio', { name: 'Bra' }).check();
  await phone.getByRole('button', { name: 'Skicka' }).click();
  await phone.getByRole('status').filter({ hasText: 'Ingen anslutning' }).waitFor();
  await lock();
  await ctx.setOffline(false);
  await phone.getByRole('status').filter({ hasText: 'Svaren är stängda' }).waitFor({ timeout: 20000 });
  assert.equal(await phone.getByText('Svaret är mottaget').count(), 0);
  assert.equal((await results()).responses, 0);
  assert.equal(await phone.evaluate((c) => localStorage.getItem(`ting:outbox:${c}`), code), null, 'a refused answer leaves the outbox');
  const unexpected = ting.pageErrors.filter((e) => !/WebSocket|ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(e));
  assert.deepEqual(unexpected, []);
  ting.pageErrors.length = 0;
  await ctx.close();
});
