// End-to-end test of a programme in the browser: the facilitator creates
// one on /programme and adds a self-paced pre-work session and two live
// seminars (each later one starts with the questions of the one before);
// phones answer in each; the page shows the combined results equal to the
// sum of the runs, each run beside them, the trends (a scale's line, a
// choice's bars per run, the words that rose and fell), the category's
// mean and a split with its small segments hidden. The printed report is
// read back from Chromium's PDF with pdftotext; the facilitator page and
// the big screen (K) show the category overview.
//
// Run: cd e2e && node --test programme.test.js (needs poppler-utils).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { joinUrl, openHost, openPhone } from './fixture.js';
import { adminKey, axe, noHorizontalScroll, rest, shots, startTing, stopTing, ting } from './helpers.js';
import { PROGRAMME_OWN } from '../static/assets/i18n-programme.js';

before(startTing);
after(stopTing);


const Q = {
  where: 'Var arbetar du?',
  scale: 'Hur är det på jobbet?',
  word: 'Ett ord om jobbet',
  open: 'Något mer?',
};
const STATEMENTS = ['Jag blir lyssnad på', 'Jag kan påverka'];

// The answers of the two phones of each session: [workplace, [scale], word, open answer or none].
const SESSIONS = [
  { title: 'Förarbete', paced: true, phones: [['Vård', [2, 3], 'stress'], ['Skola', [3, 3], 'stress']] },
  { title: 'Seminarium 1', phones: [['Vård', [4, 4], 'glädje'], ['Vård', [4, 5], 'stress']] },
  { title: 'Seminarium 2', phones: [['Kultur', [5, 5], 'glädje', 'Mer fika'], ['Vård', [4, 5], 'glädje', 'Hemligt namn']] },
];

const sent = (page) => page.getByRole('status').filter({ hasText: 'Svaret är mottaget' }).waitFor();

// answer gives one question's answer on a phone that shows it.
async function answer(phone, prompt, value) {
  await phone.getByRole('heading', { name: prompt }).waitFor();
  if (prompt === Q.where) await phone.getByLabel(value, { exact: true }).check();
  if (prompt === Q.scale) {
    for (const [i, s] of STATEMENTS.entries()) await phone.getByRole('group', { name: s }).getByRole('radio', { name: String(value[i]), exact: true }).check();
  }
  if (prompt === Q.word) await phone.getByLabel('Ord 1').fill(value);
  if (prompt === Q.open) await phone.getByLabel('Ditt svar').fill(value);
  await phone.getByRole('button', { name: 'Skicka' }).click();
  await sent(phone);
}

test('a programme of three sessions: combined results, trends, categories, splits and the printed report', { timeout: 300000 }, async (t) => {
  const host = await openHost();
  await host.goto(`${ting.base}/programme`);
  await host.getByLabel('Programme title').fill('Medarbetarskap 2027');
  await host.getByRole('button', { name: 'Create programme' }).click();
  await host.getByRole('heading', { name: 'Medarbetarskap 2027', level: 1 }).waitFor();
  const programmeId = new URL(host.url()).searchParams.get('id');
  assert.ok(programmeId, 'the page names the programme in its address');
  await axe(host, 'programme page, empty');

  const runs = async () => host.evaluate(() => JSON.parse(localStorage.getItem('ting:host:runs') || '[]'));
  const made = [];
  for (const [i, s] of SESSIONS.entries()) {
    await host.getByLabel('Session title').fill(s.title);
    await host.getByLabel('Language on phones and the big screen').selectOption('sv');
    if (s.paced) await host.getByLabel(/Self-paced pre-work/).check();
    await host.getByRole('button', { name: 'Add session' }).click();
    await host.locator('#session-list .session-item').nth(i).waitFor();
    const run = (await runs()).find((r) => r.title === s.title);
    assert.ok(run?.token, `${s.title} is remembered with its token`);
    const { id, token } = run;
    const doc = (await rest('GET', `/sessions/${id}`, { token })).body;
    // The minimum segment of 2 shows the care staff and hides the two lone answers.
    assert.equal((await rest('PATCH', `/sessions/${id}`, { token, body: { minSegment: 2 } })).status, 200);
    if (i === 0) {
      assert.equal(doc.questions.length, 0, 'the first session starts empty');
      const add = (body) => rest('POST', `/sessions/${id}/questions`, { token, body });
      assert.equal((await add({ type: 'choice', prompt: Q.where, options: ['Vård', 'Skola', 'Kultur'] })).status, 201);
      assert.equal((await add({ type: 'scale', prompt: Q.scale, min: 1, max: 5, statements: STATEMENTS, category: 'Delaktighet' })).status, 201);
      assert.equal((await add({ type: 'wordcloud', prompt: Q.word, maxEntries: 1 })).status, 201);
      assert.equal((await add({ type: 'open', prompt: Q.open })).status, 201);
    } else {
      assert.deepEqual(doc.questions.map((q) => q.prompt), [Q.where, Q.scale, Q.word, Q.open], `${s.title} starts with the questions of the one before`);
    }
    const questions = (await rest('GET', `/sessions/${id}`, { token })).body.questions;
    const phones = [];
    for (const [k] of s.phones.entries()) {
      const phone = await openPhone(390, `${s.title} phone ${k + 1}`);
      await phone.goto(joinUrl(doc.code));
      phones.push(phone);
    }
    for (const [n, q] of questions.entries()) {
      if (s.phones.every((a) => a[n] === undefined)) continue; // no one answers it in this session
      if (!s.paced) assert.equal((await rest('PATCH', `/sessions/${id}/state`, { token, body: { questionId: q.id } })).status, 200);
      for (const [k, phone] of phones.entries()) {
        await answer(phone, q.prompt, s.phones[k][n]);
        if (s.paced && n < questions.length - 1) await phone.getByRole('button', { name: 'Nästa fråga' }).click();
      }
    }
    for (const p of phones) await p.context().close();
    if (i === 2) {
      // The facilitator hides one open answer: it stays hidden in the programme and its report.
      const open = questions.find((q) => q.prompt === Q.open);
      const res = (await rest('GET', `/sessions/${id}/results`, { token })).body.questions.find((r) => r.id === open.id);
      const secret = res.answers.find((a) => a.text === 'Hemligt namn');
      assert.equal((await rest('POST', `/sessions/${id}/questions/${open.id}/moderation`, { token, body: { entry: secret.id, hidden: true } })).status, 200);
    }
    made.push({ id, token, code: doc.code });
  }

  // The sessions in time order, each with its two participants.
  const t0 = Date.now();
  await host.reload();
  await host.locator('#programme-view[data-loaded="true"]').waitFor();
  t.diagnostic(`programme page of 3 sessions loaded and drawn in ${Date.now() - t0} ms`);
  assert.deepEqual(await host.locator('#session-list .session-item-title').allTextContents(), SESSIONS.map((s) => s.title));
  assert.deepEqual(await host.locator('#session-list .session-item').evaluateAll((els) => els.map((e) => e.dataset.participants)), ['2', '2', '2']);

  // Combined: the sum of the runs, each run beside it.
  const where = host.locator('.pq[data-type="choice"]');
  await where.locator('.pq-all .bar[data-option="0"][data-count="4"]').waitFor();
  await where.locator('.pq-all .bar[data-option="1"][data-count="1"]').waitFor();
  await where.locator('.pq-all .bar[data-option="2"][data-count="1"]').waitFor();
  assert.deepEqual(await where.locator('.pq-run').evaluateAll((els) => els.map((e) => e.dataset.responses)), ['2', '2', '2']);
  assert.deepEqual(await where.locator('.pq-run').nth(1).locator('.bar').evaluateAll((els) => els.map((e) => e.dataset.count)), ['2', '0', '0']);
  const scale = host.locator('.pq[data-type="scale"]');
  await scale.locator('.pq-all .scale-row[data-statement="0"][data-mean="3.7"]').waitFor(); // (2+3+4+4+5+4)/6
  await scale.locator('.pq-all .scale-row[data-statement="1"][data-mean="4.2"]').waitFor(); // (3+3+4+5+5+5)/6

  // Over time: a line for the scale, bars per run for the choice, and the words that moved.
  await scale.locator('.pq-trend svg.chart[role="img"] path').first().waitFor();
  assert.equal(await scale.locator('.pq-trend svg circle').count(), 6); // two statements × three runs
  assert.equal(await where.locator('.pq-trend svg .chart-panel').count(), 3); // one small chart per option
  const word = host.locator('.pq[data-type="wordcloud"]');
  await word.locator('.word-moves.rose li[data-word="glädje"]').waitFor();
  await word.locator('.word-moves.fell li[data-word="stress"]').waitFor();
  assert.equal(await word.locator('.word-moves.rose li').first().textContent(), 'glädje: 0 % → 100 %');

  const open = host.locator('.pq[data-type="open"]');
  await open.getByText('Mer fika').first().waitFor();
  assert.equal(await open.getByText('Hemligt namn').count(), 0, 'a hidden answer stays hidden');

  // The category: the mean of its statements' means, overall and per run.
  const cat = host.locator('#categories tr[data-category="Delaktighet"]');
  await cat.waitFor();
  const mean = Number(await cat.locator('td[data-mean]').getAttribute('data-mean'));
  assert.ok(Math.abs(mean - (22 / 6 + 25 / 6) / 2) < 1e-9, `category mean ${mean}`);
  assert.deepEqual(await cat.locator('td').allTextContents(), ['3.92', '2.75', '4.25', '4.75']);

  // Split by workplace: care staff shown, the two lone answers hidden.
  await host.getByLabel('Split by').selectOption({ label: Q.where });
  const segs = scale.locator('.pq-segment');
  await segs.first().waitFor();
  assert.deepEqual(await segs.evaluateAll((els) => els.map((e) => e.dataset.hidden)), ['false', 'true', 'true']);
  await scale.locator('.pq-segment[data-option="0"] .scale-row[data-statement="0"][data-mean="3.5"]').waitFor(); // (2+4+4+4)/4
  assert.equal(await scale.locator('.pq-segment.is-hidden').first().getByText('Too few to show').count(), 1);
  await axe(host, 'programme page with results');
  await scale.screenshot({ path: path.join(shots, 'programme-results.png') });
  await host.setViewportSize({ width: 320, height: 800 });
  await noHorizontalScroll(host, 'programme page');
  await host.setViewportSize({ width: 1280, height: 900 });

  // The programme's export: a sheet per run and the combined one.
  const [csv] = await Promise.all([host.waitForEvent('download'), host.getByRole('button', { name: 'Download CSV' }).click()]);
  assert.match(csv.suggestedFilename(), /^Medarbetarskap.*\.csv$/);
  const csvText = await (await csv.createReadStream()).toArray().then((b) => Buffer.concat(b).toString('utf8'));
  for (const s of SESSIONS) assert.ok(csvText.includes(s.title), `the CSV names ${s.title}`);

  // The report, in the sessions' language, printed to PDF by Chromium.
  const origin = await where.getAttribute('data-origin');
  assert.equal(await host.getByRole('link', { name: 'Printable report' }).getAttribute('href'), `/report?programme=${encodeURIComponent(programmeId)}&segmentBy=${encodeURIComponent(origin)}`);
  const report = await host.context().newPage();
  const t1 = Date.now();
  await report.goto(`${ting.base}/report?programme=${encodeURIComponent(programmeId)}&segmentBy=${encodeURIComponent(origin)}`);
  await report.locator('body[data-ready="true"]').waitFor();
  t.diagnostic(`report of 3 sessions ready to print in ${Date.now() - t1} ms`);
  assert.equal(await report.evaluate(() => document.documentElement.lang), 'sv');
  assert.ok((await report.locator('.report-chart svg').count()) >= 3, 'every question has its picture');
  await axe(report, 'programme report');
  await report.setViewportSize({ width: 320, height: 800 });
  await noHorizontalScroll(report, 'report');
  await report.setViewportSize({ width: 1280, height: 900 });
  const dir = mkdtempSync(path.join(tmpdir(), 'ting-report-'));
  try {
    const pdf = path.join(dir, 'report.pdf');
    const t2 = Date.now();
    writeFileSync(pdf, await report.pdf({ format: 'A4', printBackground: true }));
    t.diagnostic(`printed to PDF in ${Date.now() - t2} ms`);
    const text = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    assert.equal(text.status, 0, text.stderr);
    for (const want of ['Medarbetarskap 2027', 'Rapport', 'Deltagare', ...SESSIONS.map((s) => s.title), Q.where, Q.scale, Q.word, 'Delaktighet', 'Ökade mest', 'Minskade mest', 'glädje', 'Mer fika', 'För få för att visas', 'Uppdelat efter']) {
      assert.ok(text.stdout.toLowerCase().includes(want.toLowerCase()), `the printed report says ${want}`);
    }
    assert.ok(!text.stdout.includes('Hemligt namn'), 'the report leaves the hidden answer out');
    const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' });
    const pages = Number(/Pages:\s+(\d+)/.exec(info.stdout)?.[1]);
    assert.ok(pages >= 2 && pages <= 8, `the report has ${pages} A4 pages`);
    t.diagnostic(`the report has ${pages} A4 pages`);
    assert.match(info.stdout, /Page size:.*\(A4\)/);
    for (const page of [1, 2]) {
      const png = spawnSync('pdftoppm', ['-png', '-r', '60', '-f', String(page), '-l', String(page), '-singlefile', pdf, path.join(shots, `report-${page}`)], { encoding: 'utf8' });
      assert.equal(png.status, 0, png.stderr);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // One session's report.
  await report.goto(`${ting.base}/report?session=${encodeURIComponent(made[1].id)}`);
  await report.locator('body[data-ready="true"]').waitFor();
  await report.getByRole('heading', { name: 'Seminarium 1', level: 1 }).waitFor();
  assert.equal(await report.locator('.report-runs tbody tr').count(), 1);
  await axe(report, 'session report');
  await report.close();

  // The facilitator page runs the last session and shows its category; the big screen shows it with K.
  await host.locator('.session-item', { hasText: 'Seminarium 2' }).getByRole('button', { name: 'Run it' }).click();
  await host.waitForURL(`${ting.base}/host`);
  await host.locator('#host-categories tr[data-category="Delaktighet"] td[data-mean="4.75"]').waitFor();
  const presentUrl = await host.locator('#open-screen').getAttribute('href');
  const screen = await (await ting.browser.newContext({ viewport: { width: 1600, height: 900 } })).newPage();
  await screen.goto(presentUrl);
  await screen.locator('#lobby-code[data-code]').waitFor({ state: 'attached' });
  await screen.keyboard.press('k');
  await screen.locator('#category-panel .category-row[data-category="Delaktighet"][data-mean="4.75"]').waitFor();
  await axe(screen, 'big screen with categories');
  await screen.keyboard.press('k');
  await screen.locator('#category-panel').waitFor({ state: 'hidden' });
  await screen.context().close();
  // A big screen opened from the facilitator's browser follows the page's button.
  const own = await host.context().newPage();
  await own.goto(presentUrl);
  await own.locator('#lobby-code[data-code]').waitFor({ state: 'attached' });
  await host.getByRole('button', { name: 'Show on the big screen' }).click();
  await own.locator('#category-panel .category-row[data-category="Delaktighet"]').waitFor();
  await host.getByRole('button', { name: 'Hide on the big screen' }).click();
  await own.locator('#category-panel').waitFor({ state: 'hidden' });
  await own.close();

  assert.deepEqual(ting.pageErrors, []);
});

test('the programme page in every language, and a report in its session\'s language', { timeout: 120000 }, async () => {
  const host = await openHost();
  await host.goto(`${ting.base}/programme`);
  for (const lang of ['sv', 'nb', 'da', 'en']) {
    await host.locator('#page-language').selectOption(lang);
    const own = PROGRAMME_OWN[lang];
    await host.getByRole('heading', { name: own.p_new, level: 1 }).waitFor();
    assert.equal(await host.getByRole('button', { name: own.p_create }).count(), 1, `${lang}: the create button`);
    assert.equal(await host.evaluate(() => document.documentElement.lang), lang);
    await axe(host, `programme page in ${lang}`);
  }
  await host.setViewportSize({ width: 320, height: 700 });
  await noHorizontalScroll(host, 'new programme');

  const created = await rest('POST', '/sessions', { token: adminKey, body: { title: 'Arbeidsmiljø', language: 'nb' } });
  assert.equal(created.status, 201);
  const { id, facilitatorToken: token } = created.body;
  assert.equal((await rest('POST', `/sessions/${id}/questions`, { token, body: { type: 'open', prompt: 'Hva er viktig?' } })).status, 201);
  await host.evaluate(([i, t]) => localStorage.setItem('ting:host:runs', JSON.stringify([{ id: i, token: t, title: 'Arbeidsmiljø' }])), [id, token]);
  await host.goto(`${ting.base}/report?session=${id}`);
  await host.locator('body[data-ready="true"]').waitFor();
  assert.equal(await host.evaluate(() => document.documentElement.lang), 'nb');
  await host.getByRole('heading', { name: PROGRAMME_OWN.nb.p_participantsHead }).waitFor();
  await host.getByText(PROGRAMME_OWN.nb.p_noOpen).waitFor();
  await noHorizontalScroll(host, 'report');
  await axe(host, 'report in Norwegian');
  await host.context().close();
  assert.deepEqual(ting.pageErrors, []);
});
