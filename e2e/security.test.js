// End-to-end check that whatever a participant types is shown as text:
// phones send markup and script in a word cloud, an open question and Q&A,
// and the big screen and the host page show it literally, with no script
// run, no element made from it and no Content-Security-Policy violation.
// Also: the big screen refuses a wrong token.
//
// Run: cd e2e && npm test (shares helpers.js with the other files).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSession, joinUrl, openWorkshop } from './fixture.js';
import { rest, startTing, stopTing, ting, watch } from './helpers.js';

before(startTing);
after(stopTing);

// Each payload would, if parsed as HTML, run code that records itself in
// window.__pwned, or make an element the checks below look for.
const PAYLOADS = [
  '<img src=x onerror=window.__pwned=1>',
  '<script>window.__pwned=2</script>',
  '"><svg onload=window.__pwned=3>',
];
const NAME = '<img src=x onerror=window.__pwned=6>';
const LONG = `<img src=x onerror="window.__pwned=4"><script>window.__pwned=5</script> & &amp; </textarea>`;

// trap runs before any page script: it records dialogs, CSP violations
// and the payloads' marker.
async function trap(page) {
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.sample}`));
    for (const f of ['alert', 'confirm', 'prompt']) {
      window[f] = () => {
        window.__pwned = window.__pwned || f;
      };
    }
  });
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  return dialogs;
}

// injected lists what a payload would have made: elements with handlers,
// images of "x", scripts that are not the server's own files.
async function injected(page) {
  return page.evaluate(() => {
    const bad = [];
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.getAttributeNames()) {
        if (a.startsWith('on')) bad.push(`${el.tagName} ${a}`);
      }
    }
    for (const img of document.querySelectorAll('img')) {
      if (/\/x$/.test(img.src)) bad.push(`img ${img.src}`);
    }
    for (const s of document.querySelectorAll('script')) {
      if (!s.src || !new URL(s.src).pathname.startsWith('/assets/')) bad.push(`script ${s.src || s.textContent}`);
    }
    return { bad, pwned: window.__pwned ?? null, csp: window.__csp ?? [] };
  });
}

test('participant text is shown as text on the big screen and the host page', { timeout: 180000 }, async (t) => {
  const base = ting.base;
  const w = await openWorkshop({ phones: 2, names: { phones: ['phone', 'phone2'] } });
  const { host, screen } = w;
  const [phone, phone2] = w.phones;
  const dialogs = [];
  for (const p of [host, screen, phone, phone2]) dialogs.push(await trap(p));

  let code;
  let secret;
  const ids = {};
  const show = async (id, prompt) => {
    const r = await rest('PATCH', `/sessions/${secret.id}/state`, { token: secret.token, body: { questionId: id } });
    assert.equal(r.status, 200);
    await screen.locator('#prompt', { hasText: prompt }).waitFor();
  };
  const checkClean = async (label) => {
    for (const [name, p] of [['host', host], ['screen', screen], ['phone', phone], ['phone2', phone2]]) {
      const r = await injected(p);
      assert.deepEqual(r, { bad: [], pwned: null, csp: [] }, `${label}: ${name} ran or built participant markup`);
    }
    assert.deepEqual(dialogs.flat(), [], `${label}: a dialog opened`);
    assert.deepEqual(ting.pageErrors, [], `${label}: script errors`);
  };

  await t.test('a session with a word cloud, an open question and Q&A', async () => {
    let presentUrl;
    ({ code, presentUrl, secret } = await createSession({ host, title: 'Säkerhet', language: 'sv' }));
    for (const [key, body] of Object.entries({
      wordcloud: { type: 'wordcloud', prompt: 'Ett ord om jobbet', maxEntries: 3 },
      open: { type: 'open', prompt: 'Vad vill du säga?' },
      qa: { type: 'qa', prompt: 'Frågor till talaren' },
      quiz: { type: 'quiz', prompt: 'Vilket svar är rätt?', options: ['Rätt', 'Fel'], correct: [0], seconds: 5 },
    })) {
      const r = await rest('POST', `/sessions/${secret.id}/questions`, { token: secret.token, body });
      assert.equal(r.status, 201);
      ids[key] = r.body.id;
    }
    await host.reload();
    await host.locator('.question-item', { hasText: 'Frågor till talaren' }).waitFor();
    await screen.goto(presentUrl);
    await screen.locator('#lobby-code[data-code]').waitFor();
    // The projected address bar does not show the secret; a reload keeps working.
    assert.ok(!screen.url().includes(secret.token), `screen URL ${screen.url()} shows the token`);
    await screen.reload();
    await screen.locator('#lobby-code[data-code]').waitFor();
    assert.ok(!screen.url().includes(secret.token));
    // This phone's nickname is markup too: the quiz leaderboard shows it.
    await phone.goto(`${base}/`);
    await phone.getByLabel('Kod').fill(code);
    await phone.getByLabel('Smeknamn (valfritt)').fill(NAME);
    await phone.getByRole('button', { name: 'Gå med' }).click();
    await phone2.goto(joinUrl(code));
    for (const p of [phone, phone2]) await p.locator('#waiting-heading').waitFor();
    await screen.locator('#participants[data-count="2"]').waitFor();
  });

  await t.test('word cloud entries', async () => {
    await show(ids.wordcloud, 'Ett ord om jobbet');
    for (const [i, p] of PAYLOADS.entries()) await phone.getByLabel(`Ord ${i + 1}`).fill(p);
    await phone.getByRole('button', { name: 'Skicka' }).click();
    await phone.getByRole('status').filter({ hasText: 'Svaret är mottaget' }).waitFor();
    for (const [page, sel] of [[screen, '#results .cloud-word'], [host, '#live-results .cloud-word']]) {
      await page.waitForFunction(
        ({ sel, want }) => {
          const texts = [...document.querySelectorAll(sel)].map((n) => n.textContent);
          return want.every((w) => texts.includes(w));
        },
        { sel, want: PAYLOADS },
      );
    }
    await checkClean('word cloud');
  });

  await t.test('an open answer', async () => {
    await show(ids.open, 'Vad vill du säga?');
    await phone.getByLabel('Ditt svar').fill(LONG);
    await phone.getByRole('button', { name: 'Skicka' }).click();
    await phone.getByRole('status').filter({ hasText: 'Svaret är mottaget' }).waitFor();
    const card = screen.locator('#results .wall-card', { hasText: 'window.__pwned=4' });
    await card.waitFor();
    assert.equal((await card.textContent()).trim(), LONG);
    await host.locator('#live-results', { hasText: 'window.__pwned=5' }).waitFor();
    assert.ok(
      await host.evaluate((want) => [...document.querySelectorAll('#live-results *')].some((n) => n.textContent.trim() === want), LONG),
      'the host page shows the open answer literally',
    );
    await checkClean('open answer');
  });

  await t.test('a Q&A question, on the screen, the host page and the other phone', async () => {
    await show(ids.qa, 'Frågor till talaren');
    // Phones list the room's questions once results are shown to them.
    const r = await rest('PATCH', `/sessions/${secret.id}/state`, { token: secret.token, body: { resultsVisible: true } });
    assert.equal(r.status, 200);
    await phone.getByLabel('Din fråga').fill(PAYLOADS[1]);
    await phone.getByRole('button', { name: 'Skicka frågan' }).click();
    await phone.getByRole('status').filter({ hasText: 'Din fråga är skickad.' }).waitFor();
    const item = screen.locator('.qa-item .qa-text', { hasText: 'window.__pwned=2' });
    await item.waitFor();
    assert.equal((await item.textContent()).trim(), PAYLOADS[1]);
    await host.locator('#live-results', { hasText: 'window.__pwned=2' }).waitFor();
    const entry = phone2.locator('.qa-entry-text', { hasText: 'window.__pwned=2' });
    await entry.waitFor();
    assert.equal((await entry.textContent()).trim(), PAYLOADS[1]);
    await checkClean('Q&A');
  });

  await t.test('a nickname on the quiz leaderboard', async () => {
    await show(ids.quiz, 'Vilket svar är rätt?');
    await phone.getByRole('radio', { name: 'Rätt' }).check();
    await phone.getByRole('button', { name: 'Skicka' }).click();
    await phone.getByRole('status').filter({ hasText: 'Svaret är mottaget' }).waitFor();
    // The leaderboard shows once the countdown has closed the quiz.
    for (const [page, sel] of [[screen, '.leaderboard-row .lb-name'], [host, '#live-results .leaderboard-row .lb-name'], [phone2, '#results-card .leaderboard-row .lb-name']]) {
      const name = page.locator(sel, { hasText: 'window.__pwned=6' });
      await name.waitFor({ timeout: 20000 });
      assert.equal((await name.textContent()).trim(), NAME);
    }
    await checkClean('quiz leaderboard');
  });

  await t.test('the big screen with a wrong token is refused', async () => {
    const bad = watch(await w.screenCtx.newPage(), 'bad screen');
    const url = `${base}/screen#s=${encodeURIComponent(secret.id)}&t=${'A'.repeat(secret.token.length)}`;
    const frames = [];
    bad.on('websocket', (ws) =>
      ws.on('framereceived', (f) => {
        try {
          frames.push(JSON.parse(f.payload).type);
        } catch {
          // not JSON
        }
      }),
    );
    await bad.goto(url);
    // The page says the link is not valid (from the REST call or the
    // socket's forbidden error, whichever comes first) ...
    await bad.getByText(/big-screen link is no longer valid|storbildsskärmen gäller inte|storskjermen er ikke/).waitFor();
    // ... and nothing of the session reached it.
    assert.equal(await bad.locator('#lobby-code[data-code]').count(), 0);
    assert.deepEqual(frames.filter((f) => ['question', 'results', 'participants'].includes(f)), []);
    await bad.close();
    // The refused screen's failed REST call is its own; the others stay clean.
    ting.pageErrors = ting.pageErrors.filter((e) => !e.startsWith('bad screen'));
  });

  await w.close();
});
