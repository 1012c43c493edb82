// Browser test of collecting examples: a self-paced session open until a
// date, two themes (open questions) and a department question; phones see
// the date and send examples; the facilitator reads them by department,
// selects some, a viewer of the working group signed in on her own laptop
// one more (who and how many per theme shown), downloads the
// selection, and the big screen shows it one at a time and as a list;
// after the date the phones say answers are closed.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSession, joinUrl, openSessionOnHost, openViewer, openWorkshop } from './fixture.js';
import { axe, noHorizontalScroll, rest, startTing, stopTing, ting, watch } from './helpers.js';

// screenState is what a big screen shows, for a failure's message.
const screenState = (page) =>
  page
    .evaluate(() => {
      const node = (id) => document.getElementById(id);
      return { url: location.href, app: !node('app').hidden, message: node('message').textContent, lobby: !node('lobby').hidden, code: node('lobby-code').textContent, closes: node('lobby-closes').outerHTML, conn: node('conn').dataset.state };
    })
    .catch((err) => ({ unreadable: err.message }));

const docsShots = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'screenshots');

before(startTing);
after(stopTing);

test('collecting examples until a date, selecting them and showing the selection', { timeout: 240000 }, async (t) => {
  const w = await openWorkshop({ phones: 4 });
  const { host, screen, phones } = w;
  const closesAt = new Date(Date.now() + 30 * 24 * 3600 * 1000);
  const { code, secret } = await createSession({ title: 'Værdier i hverdagen', language: 'da', pace: 'audience', minSegment: 2, closesAt: closesAt.toISOString() });
  const { id, token } = secret;
  const add = async (body) => (await rest('POST', `/sessions/${id}/questions`, { token, body })).body.id;
  const dept = await add({ type: 'choice', prompt: 'Hvor arbejder du?', options: ['Skole', 'Pleje'] });
  const trust = await add({ type: 'open', prompt: 'Et eksempel på tillid' });
  const care = await add({ type: 'open', prompt: 'Et eksempel på omsorg' });
  const dateDa = closesAt.toLocaleDateString('da', { day: 'numeric', month: 'long', ...(closesAt.getFullYear() !== new Date().getFullYear() ? { year: 'numeric' } : {}) });

  await t.test('the big screen of the self-paced session shows until when it is open', async () => {
    const present = `${ting.base}/screen#s=${encodeURIComponent(id)}&t=${encodeURIComponent(token)}`;
    await screen.goto(present);
    await screen.locator('#lobby-closes:not([hidden])', { hasText: `Åben indtil ${dateDa}` }).waitFor();
  });

  await t.test('phones see the date and send examples by department', async () => {
    for (const [i, p] of phones.entries()) {
      await p.goto(joinUrl(code));
      await p.getByText(`Åben indtil ${dateDa}`).waitFor();
      await p.getByLabel(i < 2 ? 'Skole' : 'Pleje').check();
      await p.getByRole('button', { name: 'Send' }).click();
      await p.getByRole('status').filter({ hasText: 'Svaret er modtaget' }).waitFor();
      for (const [theme, text] of [['Et eksempel på tillid', `Tillid ${i + 1}`], ['Et eksempel på omsorg', `Omsorg ${i + 1}`]]) {
        await p.getByRole('button', { name: 'Næste spørgsmål' }).click();
        await p.getByRole('heading', { name: theme }).waitFor();
        await p.getByRole('textbox').fill(text);
        await p.getByRole('button', { name: 'Send' }).click();
        await p.getByRole('status').filter({ hasText: 'Svaret er modtaget' }).waitFor();
      }
    }
    await noHorizontalScroll(phones[0], 'phone collecting examples');
    await axe(phones[0], 'phone collecting examples');
  });

  const card = host.locator('#collect-card');
  const themeOf = (prompt) => card.locator('.collect-theme', { hasText: prompt });

  await t.test('the facilitator reads them by department and selects some', async () => {
    await openSessionOnHost(host, secret);
    await host.locator('#session-closes', { hasText: closesAt.toLocaleDateString('en', { day: 'numeric', month: 'long' }).split(' ')[0] }).waitFor();
    await themeOf('Et eksempel på tillid').locator('.collect-item').nth(3).waitFor();
    for (const text of ['Tillid 2', 'Tillid 4']) await themeOf('Et eksempel på tillid').getByLabel(`Select: ${text}`).check();
    await themeOf('Et eksempel på omsorg').getByLabel('Select: Omsorg 3').check();
    await themeOf('Et eksempel på tillid').locator('.badge', { hasText: '2 of 4 selected' }).waitFor();
    await themeOf('Et eksempel på omsorg').locator('.badge', { hasText: '1 of 4 selected' }).waitFor();
    await themeOf('Et eksempel på tillid').getByText('Selected by: owner (2)').waitFor();
    await themeOf('Et eksempel på tillid').getByText('selected by owner').first().waitFor();

    // A viewer of the working group signs in on her own laptop, reads the
    // themes and selects one too; the facilitator's page names her.
    const { page: group } = await openViewer(`/sessions/${id}/members`, 'working-group viewer');
    await group.goto(`${ting.base}/host?s=${encodeURIComponent(id)}`);
    await group.locator('#viewer-note:not([hidden])').waitFor();
    const groupTheme = group.locator('#collect-card .collect-theme', { hasText: 'Et eksempel på tillid' });
    await groupTheme.locator('.collect-item').nth(3).waitFor();
    assert.equal(await group.locator('#question-card').isVisible(), false, 'a viewer sees no question controls');
    for (const [sel, what] of [['.live-dock', 'live controls'], ['#closes-form', 'closing date form'], ['#screen-split', 'split on the big screen'], ['#min-segment-form', 'floor form'], ['.collect-screen', 'big screen buttons']]) {
      assert.equal(await group.locator(sel).first().isVisible(), false, `a viewer sees no ${what}`);
    }
    await groupTheme.getByText('Selected by: owner (2)').waitFor();
    await groupTheme.getByLabel('Select: Tillid 1').check();
    await groupTheme.locator('.badge', { hasText: '3 of 4 selected' }).waitFor();
    await groupTheme.getByText('Selected by: Styregruppen (1), owner (2)').waitFor();
    await axe(group, 'working-group viewer selecting examples');
    await group.context().close();
    const res = await rest('GET', `/sessions/${id}/results`, { token });
    const first = res.body.questions.find((q) => q.id === trust).answers.find((a) => a.text === 'Tillid 1');
    assert.equal(first.selected, true);
    assert.equal(first.selectedBy, 'Styregruppen');
    await themeOf('Et eksempel på tillid').getByText('Selected by: Styregruppen (1), owner (2)').waitFor({ timeout: 10000 });
    await themeOf('Et eksempel på tillid').locator('.badge', { hasText: '3 of 4 selected' }).waitFor();

    await host.getByLabel('Sort by').selectOption({ label: 'Hvor arbejder du?' });
    const skole = themeOf('Et eksempel på tillid').locator('.collect-segment', { hasText: 'Skole' });
    await skole.getByText('Tillid 1').waitFor();
    assert.equal(await skole.locator('.collect-item').count(), 2);
    assert.equal(await skole.locator('.collect-item.is-selected').count(), 2);
    await axe(host, 'facilitator collecting examples');
    await card.screenshot({ path: path.join(docsShots, 'host-collect.png') });

    const sel = await rest('GET', `/sessions/${id}/results?selected=true`, { token });
    const texts = Object.fromEntries(sel.body.questions.map((q) => [q.id, (q.answers || []).map((a) => a.text)]));
    assert.deepEqual(texts[trust], ['Tillid 1', 'Tillid 2', 'Tillid 4']);
    assert.deepEqual(texts[care], ['Omsorg 3']);
    assert.deepEqual(texts[dept], []);
  });

  await t.test('the selection downloads as a spreadsheet', async () => {
    const [download] = await Promise.all([host.waitForEvent('download'), host.getByRole('button', { name: 'Selection as CSV' }).click()]);
    const chunks = [];
    for await (const c of await download.createReadStream()) chunks.push(c);
    const lines = Buffer.concat(chunks).toString('utf8').trim().split('\n');
    assert.match(lines[0], /,selected$/);
    assert.equal(lines.length, 5, lines.join('\n'));
    for (const l of lines.slice(1)) assert.match(l, /(Tillid 1|Tillid 2|Tillid 4|Omsorg 3).*,true$/);
  });

  await t.test('the selection prints as a report, by department', async () => {
    const [report] = await Promise.all([host.waitForEvent('popup'), host.getByRole('link', { name: 'Print the selection' }).click()]);
    watch(report, 'selection report');
    await report.locator('body[data-ready="true"]').waitFor();
    assert.equal(await report.locator('.report-kind').textContent(), 'Udvalgte eksempler');
    assert.equal(await report.locator('h1').textContent(), 'Værdier i hverdagen');
    const themes = report.locator('.report-q');
    assert.deepEqual(await themes.locator('h2').allTextContents(), ['Et eksempel på tillid', 'Et eksempel på omsorg'], 'only the themes, not the department question');
    const trustSection = themes.filter({ hasText: 'Et eksempel på tillid' });
    assert.match(await trustSection.locator('p.muted').first().textContent(), /3 udvalgte$/);
    assert.deepEqual(await trustSection.locator(':scope > .report-chart li').allTextContents(), ['Tillid 1', 'Tillid 2', 'Tillid 4']);
    const segment = (name) => trustSection.locator('.report-segment', { hasText: name });
    assert.deepEqual(await segment('Skole').locator('li').allTextContents(), ['Tillid 1', 'Tillid 2']);
    assert.deepEqual(await segment('Pleje').locator('li').allTextContents(), ['Tillid 4']);
    const careSection = themes.filter({ hasText: 'Et eksempel på omsorg' });
    assert.deepEqual(await careSection.locator(':scope > .report-chart li').allTextContents(), ['Omsorg 3']);
    await axe(report, 'report of the selection');
    await report.close();
  });

  await t.test('the big screen shows the selection one at a time and as a list', async () => {
    // The big screen opened from the page turns to the selection: the same window, no new one.
    const [popup] = await Promise.all([host.waitForEvent('popup'), host.getByRole('link', { name: 'Open big screen' }).click()]);
    // Watched like every page: its script errors and failed requests reach ting.pageErrors.
    const shown = watch(popup, 'big screen window');
    await shown
      .locator('#lobby-closes:not([hidden])')
      .waitFor({ timeout: 30000 }) // as long as before it was watched: a new window on a loaded machine
      .catch(async (err) => {
        throw new Error(`${err.message}\nthe window shows: ${JSON.stringify(await screenState(shown))}`);
      });
    let popups = 0;
    host.on('popup', () => popups++);
    await themeOf('Et eksempel på tillid').getByRole('button', { name: 'Big screen: one at a time' }).click();
    await shown.locator('#selection:not([hidden]) #selection-prompt', { hasText: 'Et eksempel på tillid' }).waitFor();
    assert.equal(popups, 0, 'the selection opened a new window');
    await shown.locator('.selection-one', { hasText: 'Tillid 1' }).waitFor();
    assert.equal(await shown.locator('#selection-count').textContent(), '1 af 3');
    await shown.keyboard.press('ArrowRight');
    await shown.locator('.selection-one', { hasText: 'Tillid 2' }).waitFor();
    await shown.keyboard.press('ArrowRight');
    await shown.locator('.selection-one', { hasText: 'Tillid 4' }).waitFor();
    await shown.keyboard.press('ArrowRight');
    await shown.locator('#toast', { hasText: 'Det var det sidste eksempel.' }).waitFor();
    await shown.keyboard.press('ArrowLeft');
    await shown.locator('.selection-one', { hasText: 'Tillid 2' }).waitFor();
    await shown.keyboard.press('s');
    await shown.locator('.selection-list li').nth(2).waitFor();
    assert.deepEqual(await shown.locator('.selection-list li').allTextContents(), ['Tillid 1', 'Tillid 2', 'Tillid 4']);
    await shown.setViewportSize({ width: 1600, height: 900 });
    await axe(shown, 'big screen with the selection');
    await shown.screenshot({ path: path.join(docsShots, 'screen-selection.png') });
  });

  await t.test('after the closing date the phones say answers are closed', async () => {
    // The facilitator moves the date to a minute ago.
    const past = new Date(Date.now() - 60 * 1000);
    const pad = (n) => String(n).padStart(2, '0');
    const local = `${past.getFullYear()}-${pad(past.getMonth() + 1)}-${pad(past.getDate())}T${pad(past.getHours())}:${pad(past.getMinutes())}`;
    await host.getByLabel('Answers taken until').fill(local);
    await host.getByRole('button', { name: 'Save the date' }).click();
    await host.locator('#closes-now', { hasText: 'Closed since' }).waitFor();
    const p = phones[0];
    await p.getByText('Lukket siden').waitFor();
    await p.getByText('Der er lukket for svar på dette spørgsmål.').first().waitFor();
    assert.equal(await p.getByRole('button', { name: 'Send' }).count(), 0, 'no send button after the closing date');
    await phones[0].screenshot({ path: path.join(docsShots, 'phone-closed.png') });

    // An answer that still reaches the server is refused as locked.
    const refused = await p.evaluate(
      ({ code, qid }) =>
        new Promise((resolve, reject) => {
          const ws = new WebSocket(`${location.origin.replace('http', 'ws')}/ws`);
          ws.onmessage = (ev) => {
            const m = JSON.parse(ev.data);
            if (m.type === 'welcome') ws.send(JSON.stringify({ type: 'answer', ref: 'late', questionId: qid, value: 'For sent' }));
            if (m.ref === 'late') {
              ws.close();
              resolve(m);
            }
          };
          ws.onopen = () => ws.send(JSON.stringify({ type: 'join', code }));
          ws.onerror = () => reject(new Error('socket failed'));
        }),
      { code, qid: trust },
    );
    assert.equal(refused.type, 'error');
    assert.equal(refused.code, 'locked');
    const after = await rest('GET', `/sessions/${id}/results`, { token });
    assert.equal(after.body.questions.find((q) => q.id === trust).responses, 4);
    const s = await rest('GET', `/sessions/${id}`, { token });
    assert.equal(s.body.state.locked, true);
    // The big screen's lobby says so too, without a reload.
    await screen.locator('#lobby-closes', { hasText: `Lukket siden` }).waitFor();
  });

  assert.deepEqual(ting.pageErrors, []);
  await w.close();
});
