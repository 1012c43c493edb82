// Browser test of the big screen's list of groups as the back row sees it,
// at the projector sizes of screen-fit.test.js: a room of 30 split in two
// groups, then in six learning groups with buddy pairs, then twelve; and
// a theatre of 400 at 24 tables, then in groups of five (80 groups). For each it measures the list (its
// layout, name and size fonts as a share of the screen height, how many
// groups are whole on the screen) and the whole screen (text overlapping,
// off the screen or cut), with a question and its results on the stage.
// Sizes and geometry only, never timings.
//
// GROUPS_MEASURE_ONLY=1 reports the figures without asserting them.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { createSession } from './fixture.js';
import { axe, rest, shots, startTing, stopTing, ting, watch } from './helpers.js';
import { measure, measureGroups } from './screen-measure.js';

before(startTing);
after(stopTing);

const SIZES = [
  [1920, 1080],
  [1280, 720],
  [1024, 768],
  [3840, 2160],
];
const measureOnly = process.env.GROUPS_MEASURE_ONLY === '1';
const pct = (x) => `${(x * 100).toFixed(1)} %`;

const QUESTION = {
  type: 'choice',
  prompt: 'Hur väl känner du de andra i din grupp sedan tidigare, från arbetet eller på annat sätt?',
  options: ['Mycket väl', 'Ganska väl', 'Lite', 'Inte alls'],
};

// phonesIn joins n phones to the session with this code over WebSockets
// from pages of the server's own origin (at most 200 a page: a browser
// caps its sockets), and has each answer the question; it returns the
// contexts that hold the sockets.
async function phonesIn(code, n, questionId) {
  const contexts = [];
  for (let from = 0; from < n; from += 200) {
    const ctx = await ting.browser.newContext();
    contexts.push(ctx);
    const page = await ctx.newPage();
    await page.goto(`${ting.base}/readyz`);
    const refused = await page.evaluate(
      async ({ code, from, to, questionId }) => {
        const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
        window.sockets = [];
        const one = (i) =>
          new Promise((resolve, reject) => {
            const ws = new WebSocket(url);
            window.sockets.push(ws);
            ws.onmessage = (ev) => {
              const m = JSON.parse(ev.data);
              if (m.type === 'welcome') ws.send(JSON.stringify({ type: 'answer', ref: `a${i}`, questionId, value: [i % 4] }));
              if (m.ref === `a${i}`) resolve(m.type === 'ack' ? '' : `${m.code}: ${m.message}`);
            };
            ws.onerror = () => reject(new Error('socket failed'));
            ws.onopen = () => ws.send(JSON.stringify({ type: 'join', code }));
          });
        const out = await Promise.all(Array.from({ length: to - from }, (_, k) => one(from + k)));
        return out.filter(Boolean);
      },
      { code, from, to: Math.min(n, from + 200), questionId },
    );
    assert.deepEqual(refused.slice(0, 3), [], 'answers refused');
  }
  return contexts;
}

// room makes a session in language with QUESTION shown and n phones
// that answered it, and the big screen presenting it.
async function room(language, n, title) {
  const { created, code, secret } = await createSession({ title, language });
  assert.equal(created.status, 201);
  const q = await rest('POST', `/sessions/${secret.id}/questions`, { token: secret.token, body: QUESTION });
  assert.equal(q.status, 201, JSON.stringify(q.body));
  await rest('PATCH', `/sessions/${secret.id}/state`, { token: secret.token, body: { questionId: q.body.id } });
  const phones = await phonesIn(code, n, q.body.id);
  const ctx = await ting.browser.newContext({ viewport: { width: 1920, height: 1080 }, reducedMotion: 'reduce' });
  const screen = watch(await ctx.newPage(), `screen ${language}`);
  await screen.goto(created.body.presentUrl);
  await screen.locator(`#responses[data-count="${n}"]`).waitFor();
  return { secret, screen, question: q.body.id, close: async () => Promise.all([ctx, ...phones].map((c) => c.close())) };
}

test('the big screen lists the groups readably on every projector', { timeout: 300000 }, async (t) => {
  const figures = {};
  const failures = [];

  // check measures the screen at every size with the split on it; want
  // says what the list must show.
  const check = async (name, screen, want, { lobby = false } = {}) => {
    for (const [w, h] of SIZES) {
      await screen.setViewportSize({ width: w, height: h });
      await screen.waitForFunction(([w, h]) => innerWidth === w && innerHeight === h, [w, h]);
      // The layout follows the resize; let it settle (no motion: reduced).
      await screen.waitForTimeout(500);
      const m = await screen.evaluate(measure);
      const g = await screen.evaluate(measureGroups);
      figures[`${name} ${w}×${h}`] = { ...g, texts: m.texts, overlapCount: m.overlapCount, offscreen: m.offscreen.length, clipped: m.clipped.length, minFont: m.minFont };
      if (w !== 3840) await screen.screenshot({ path: path.join(shots, `screen-groups-${name}-${w}x${h}.png`) });
      const where = `${name} at ${w}×${h}`;
      if (m.overlapCount) failures.push(`${where}: ${m.overlapCount} overlaps, e.g. ${m.overlaps.join('; ')}`);
      if (m.offscreen.length) failures.push(`${where}: off the screen: ${m.offscreen.join('; ')}`);
      if (m.clipped.length) failures.push(`${where}: cut off: ${m.clipped.join('; ')}`);
      if (lobby) {
        // The lobby's code, whole on the screen and large.
        const code = await screen.evaluate(() => {
          const r = document.querySelector('#lobby-code').getBoundingClientRect();
          return { whole: r.width > 0 && r.top >= 0 && r.bottom <= innerHeight && r.right <= innerWidth, font: parseFloat(getComputedStyle(document.querySelector('#lobby-code')).fontSize) / innerHeight };
        });
        if (!code.whole || !(code.font >= 0.08)) failures.push(`${where}: the lobby's code ${pct(code.font)} of the height, whole ${code.whole}`);
      } else if (!(m.joinFont >= 0.02) || !m.codeVisible) failures.push(`${where}: join bar ${pct(m.joinFont)}, code visible ${m.codeVisible}`);
      if (!g) {
        failures.push(`${where}: no list of groups`);
        continue;
      }
      if (g.offscreen || g.overlaps.length) failures.push(`${where}: the list leaves the screen (${g.offscreen}) or meets ${g.overlaps.join(', ')}`);
      if (!lobby && !(g.resultsShare >= 0.25)) failures.push(`${where}: the results keep ${pct(g.resultsShare)} of the height`);
      failures.push(...want(g).map((f) => `${where}: ${f}`));
    }
  };
  // Each group is a chip with its name and size, whole and large.
  const chips = (n, pairs) => (g) => {
    const out = [];
    if (g.layout !== 'chips') out.push(`layout ${g.layout}, want chips`);
    if (g.groups !== n || g.whole !== n) out.push(`${g.whole} of ${g.groups} groups whole, want ${n}`);
    if (!(g.nameFont >= 0.03)) out.push(`group name ${pct(g.nameFont)} of the height`);
    if (!(g.sizeFont >= 0.02)) out.push(`group size ${pct(g.sizeFont)} of the height`);
    if (!!g.pairsShown !== pairs) out.push(`pairs shown ${g.pairsShown}, want ${pairs}`);
    return out;
  };

  await t.test('a room of 30 in two groups, then six with buddy pairs', async () => {
    const r = await room('sv', 30, 'Ledarskap i praktiken');
    const split = async (body, n) => {
      const res = await rest('POST', `/sessions/${r.secret.id}/groups`, { token: r.secret.token, body });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.groups.length, n);
      await r.screen.locator('#groups-panel:not([hidden]) li').nth(n - 1).waitFor();
      await r.screen.waitForFunction((k) => document.querySelectorAll('#groups-panel li').length === k, n);
    };
    await split({ count: 2 }, 2);
    assert.match(await r.screen.locator('#groups-panel').textContent(), /Grupp 1.*15 personer.*Grupp 2.*15 personer/s);
    await axe(r.screen, 'big screen with two groups');
    await check('2', r.screen, chips(2, false));

    await split({ count: 6, pairs: true }, 6);
    if (!measureOnly) await r.screen.locator('#groups-panel .screen-group-pairs').first().waitFor();
    if (!measureOnly) assert.match(await r.screen.locator('#groups-panel li').first().textContent(), /^Grupp 1.*5 personer.*2 par/s);
    await axe(r.screen, 'big screen with six groups and their buddy pairs');
    await check('6-pairs', r.screen, chips(6, true));

    // Before the first question: the join instructions keep their room.
    await rest('PATCH', `/sessions/${r.secret.id}/state`, { token: r.secret.token, body: { questionId: null } });
    await r.screen.locator('#lobby:not([hidden])').waitFor();
    await axe(r.screen, 'big screen lobby with six groups');
    await check('6-lobby', r.screen, chips(6, true), { lobby: true });
    await rest('PATCH', `/sessions/${r.secret.id}/state`, { token: r.secret.token, body: { questionId: r.question } });
    await r.screen.locator('#stage:not([hidden])').waitFor();

    // Twelve groups of two or three are still chips, smaller.
    await split({ count: 12 }, 12);
    await check('12', r.screen, chips(12, false));
    await r.close();
  });

  await t.test('a theatre of 400 at 24 tables, then in groups of five', async () => {
    const r = await room('nb', 400, 'Medarbeiderdagen');
    // 24 groups: a dense grid, every group whole on the screen.
    let res = await rest('POST', `/sessions/${r.secret.id}/groups`, { token: r.secret.token, body: { count: 24 } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    await r.screen.waitForFunction(() => document.querySelectorAll('#groups-panel li').length === 24);
    await axe(r.screen, 'big screen with 24 groups in a grid');
    await check('24', r.screen, (g) => {
      const out = [];
      if (g.layout !== 'grid') out.push(`layout ${g.layout}, want grid`);
      if (g.whole !== 24) out.push(`${g.whole} of 24 groups whole`);
      if (!(g.nameFont >= 0.02 && g.sizeFont >= 0.02)) out.push(`grid text ${pct(g.nameFont)} and ${pct(g.sizeFont)} of the height`);
      if (g.summary !== '24 grupper på 16–17 personer') out.push(`summary "${g.summary}"`);
      return out;
    });

    res = await rest('POST', `/sessions/${r.secret.id}/groups`, { token: r.secret.token, body: { size: 5 } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.groups.length, 80);
    await r.screen.waitForFunction(() => document.querySelectorAll('#groups-panel li').length === 80 || /^80 /.test(document.querySelector('.screen-groups-summary:not([hidden])')?.textContent));
    await axe(r.screen, 'big screen with 80 groups');
    // Every group whole on the screen in a dense grid, or, where that
    // would be too small to read, how many groups of how many.
    await check('80', r.screen, (g) => {
      if (g.layout === 'grid') {
        const out = [];
        if (g.whole !== 80) out.push(`${g.whole} of 80 groups whole`);
        if (!(g.nameFont >= 0.02)) out.push(`grid text ${pct(g.nameFont)} of the height`);
        return out;
      }
      if (g.layout !== 'summary') return [`layout ${g.layout}, want grid or summary`];
      const out = [];
      if (!/^80 grupper på 5 personer$/.test(g.summary)) out.push(`summary "${g.summary}"`);
      if (!(g.summaryFont >= 0.03)) out.push(`summary ${pct(g.summaryFont)} of the height`);
      return out;
    });
    await r.close();
  });

  const rows = Object.entries(figures).map(
    ([k, g]) =>
      `${k.padEnd(18)} ${String(g.layout).padEnd(8)} whole ${String(g.whole).padStart(2)}/${String(g.groups).padStart(2)} name ${pct(g.nameFont)} size ${pct(g.sizeFont)} summary ${pct(g.summaryFont)} list ${pct(g.share)} results ${pct(g.resultsShare)} | overlaps ${g.overlapCount} off ${g.offscreen} cut ${g.clipped} min ${pct(g.minFont)}`,
  );
  console.log(rows.join('\n'));
  if (measureOnly) console.log([...failures, ...ting.pageErrors].join('\n'));
  else {
    assert.deepEqual(failures, []);
    assert.deepEqual(ting.pageErrors, []);
  }
});
