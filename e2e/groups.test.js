// Browser test of the workshop tools: the facilitator splits the room into
// groups and every phone shows its group large (also after a reload), the
// big screen lists the groups, results split by a choice question hide a
// small segment, the spreadsheet downloads, and deleting the session tells
// the phones. A self-paced session lets a phone answer in any order.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import path from 'node:path';
import { createSession, joinUrl, openPhone, openWorkshop } from './fixture.js';
import { axe, noHorizontalScroll, rest, shots, startTing, stopTing, ting } from './helpers.js';

before(startTing);
after(stopTing);

test('groups, split results, export and delete from the facilitator page', { timeout: 180000 }, async (t) => {
  const { host, screen, phones } = await openWorkshop({ phones: [320, 390, 390, 390] });
  let code;

  await t.test('a session with its own smallest segment and a choice question', async () => {
    ({ code } = await createSession({ host, title: 'Medarbetarskap grupper', language: 'sv', minSegment: 2 }));
    await host.getByLabel('Multiple choice').check();
    await host.getByLabel('Question', { exact: true }).fill('Var arbetar du?');
    await host.getByLabel('Options').fill('Skola\nVård\nOmsorg');
    await host.getByRole('button', { name: 'Add question' }).click();
    await host.locator('.question-item', { hasText: 'Var arbetar du' }).waitFor();
    await host.locator('.question-item', { hasText: 'Var arbetar du' }).getByRole('button', { name: 'Show' }).click();
    await screen.goto(await host.getByRole('link', { name: 'Open big screen' }).getAttribute('href'));
    for (const p of phones) {
      await p.goto(joinUrl(code));
      await p.getByRole('heading', { name: 'Var arbetar du?' }).waitFor();
    }
    await host.locator('#participants', { hasText: '4' }).waitFor();
  });

  await t.test('splitting into groups shows each phone its group', async () => {
    await host.getByLabel('Number of groups').check();
    await host.getByLabel('How many').fill('2');
    await host.getByRole('button', { name: 'Split into groups' }).click();
    await host.locator('#group-list li').nth(1).waitFor();
    assert.equal(await host.locator('#group-list li').count(), 2);
    const names = [];
    for (const p of phones) {
      await p.locator('#group-card:not([hidden])').waitFor();
      assert.equal(await p.locator('#group-label').textContent(), 'Din grupp');
      const name = await p.locator('#group-name').textContent();
      assert.match(name, /^Grupp [12]$/);
      names.push(name);
    }
    assert.equal(names.filter((n) => n === 'Grupp 1').length, 2, `groups of two: ${names}`);
    // The name is large: at least twice the body text.
    const size = await phones[0].locator('#group-name').evaluate((n) => parseFloat(getComputedStyle(n).fontSize));
    assert.ok(size >= 32, `group name is ${size}px`);
    await noHorizontalScroll(phones[0], 'phone with its group');
    await axe(phones[0], 'phone with its group');
    await phones[0].screenshot({ path: path.join(shots, 'phone-group.png') });

    // A reload (a phone that slept and came back) keeps its group.
    await phones[1].reload();
    await phones[1].locator('#group-card:not([hidden])').waitFor();
    assert.equal(await phones[1].locator('#group-name').textContent(), names[1]);

    await screen.locator('#groups-panel:not([hidden]) li').nth(1).waitFor();
    assert.match(await screen.locator('#groups-panel').textContent(), /Grupp 1.*Grupp 2/s);
  });

  await t.test('results split by a question hide a segment that is too small', async () => {
    for (const [i, p] of phones.entries()) {
      // Two in Skola, one each in Vård and Omsorg: with minSegment 2 both
      // small ones are hidden, and the room minus Skola gives neither.
      await p.getByLabel(i < 2 ? 'Skola' : i === 2 ? 'Vård' : 'Omsorg').check();
      await p.getByRole('button', { name: 'Skicka' }).click();
      await p.getByRole('status').filter({ hasText: 'Svaret är mottaget' }).waitFor();
    }
    await host.getByLabel('Split by the answers to').selectOption({ label: 'Var arbetar du?' });
    await host.getByRole('button', { name: 'Show split results' }).click();
    const table = host.locator('#split-results table');
    await table.waitFor();
    const heads = await table.locator('thead th').allTextContents();
    assert.deepEqual(heads, ['Question', 'Skola', 'Vård', 'Omsorg']);
    const row = await table.locator('tbody tr').first().locator('td').allTextContents();
    assert.match(row[0], /2 responses.*Skola: 2 · Vård: 0 · Omsorg: 0/s);
    assert.equal(row[1], 'Too few to show');
    assert.equal(row[2], 'Too few to show');
    await axe(host, 'host page with split results');
    await host.screenshot({ path: path.join(shots, 'host-split.png'), fullPage: true });

    // A smaller threshold, set on the page, shows the segment of one.
    await host.locator('#split-min').fill('1');
    await host.locator('#min-segment-form').getByRole('button', { name: 'Save' }).click();
    await host.locator('#split-hint', { hasText: 'fewer than 1 answers' }).waitFor();
    await host.getByRole('button', { name: 'Show split results' }).click();
    await host.locator('#split-results tbody tr').first().locator('td').nth(1).filter({ hasText: '1 response' }).waitFor();
    await host.locator('#split-min').fill('2');
    await host.locator('#min-segment-form').getByRole('button', { name: 'Save' }).click();
    await host.locator('#split-hint', { hasText: 'fewer than 2 answers' }).waitFor();

    // One group's results.
    await host.getByLabel('Split by the answers to').selectOption('');
    await host.getByLabel('Only one group').selectOption('Grupp 1');
    await host.getByRole('button', { name: 'Show split results' }).click();
    await host.locator('#split-results caption', { hasText: 'Results of Grupp 1' }).waitFor();
    assert.match(await host.locator('#split-results tbody td').first().textContent(), /2 responses/);
  });

  await t.test('the spreadsheet downloads', async () => {
    const [download] = await Promise.all([host.waitForEvent('download'), host.getByRole('button', { name: 'Download Excel' }).click()]);
    assert.match(download.suggestedFilename(), /\.xlsx$/);
    assert.ok(statSync(await download.path()).size > 1000);
  });

  await t.test('deleting the session tells every phone', async () => {
    host.once('dialog', (d) => d.accept());
    await host.getByRole('button', { name: 'Delete session and all answers' }).click();
    await host.locator('#create-view:not([hidden])').waitFor();
    await host.getByText('The session and all its answers were deleted.').waitFor();
    for (const p of phones) {
      await p.getByText('Moderatorn har raderat den här sessionen och alla svar.').waitFor();
    }
  });

  assert.deepEqual(ting.pageErrors, []);
});

test('a self-paced session: every question at once, any order', { timeout: 120000 }, async () => {
  const { created, code, secret } = await createSession({ title: 'Före seminariet', language: 'sv', pace: 'audience' });
  assert.equal(created.status, 201);
  const { id, token } = secret;
  const q1 = await rest('POST', `/sessions/${id}/questions`, { token, body: { type: 'choice', prompt: 'Trivs du?', options: ['Ja', 'Nej'] } });
  const q2 = await rest('POST', `/sessions/${id}/questions`, { token, body: { type: 'wordcloud', prompt: 'Ett ord om ditt arbete', maxEntries: 1 } });
  assert.equal(q2.status, 201);

  const phone = await openPhone(320, 'paced phone');
  await phone.goto(joinUrl(code));
  await phone.getByText('Fråga 1 av 2', { exact: false }).waitFor();
  // The second question first.
  await phone.getByRole('button', { name: 'Nästa fråga' }).click();
  await phone.getByRole('heading', { name: 'Ett ord om ditt arbete' }).waitFor();
  await phone.getByRole('textbox').fill('Glädje');
  await phone.getByRole('button', { name: 'Skicka' }).click();
  await phone.getByRole('status').filter({ hasText: 'Svaret är mottaget' }).waitFor();
  await phone.getByRole('button', { name: 'Föregående fråga' }).click();
  await phone.getByLabel('Ja').check();
  await phone.getByRole('button', { name: 'Skicka' }).click();
  await phone.getByRole('status').filter({ hasText: 'Svaret är mottaget' }).waitFor();
  await noHorizontalScroll(phone, 'self-paced phone');
  await axe(phone, 'self-paced phone');

  const results = await rest('GET', `/sessions/${id}/results`, { token });
  const byId = Object.fromEntries(results.body.questions.map((q) => [q.id, q]));
  assert.deepEqual(byId[q1.body.id].counts, [1, 0]);
  assert.equal(byId[q2.body.id].words[0].text, 'Glädje');
  assert.deepEqual(ting.pageErrors, []);
});

test('a rerun: copy the questions of an earlier session and compare', { timeout: 120000 }, async () => {
  const w = await openWorkshop({ screen: false, phones: 1, names: { host: 'rerun host', phones: ['rerun phone'] } });
  const { host } = w;
  const [phone] = w.phones;

  // pickRun chooses a remembered session by its title (the label also has its date).
  async function pickRun(select, title) {
    const value = await host.locator(`${select} option`, { hasText: title }).getAttribute('value');
    await host.locator(select).selectOption(value);
  }

  async function answerOnce(code, option) {
    await phone.goto(joinUrl(code));
    await phone.getByRole('heading', { name: 'Trivs du på jobbet?' }).waitFor();
    await phone.getByLabel(option).check();
    await phone.getByRole('button', { name: 'Skicka' }).click();
    await phone.getByRole('status').filter({ hasText: 'Svaret är mottaget' }).waitFor();
  }

  const { code: first } = await createSession({ host, title: 'Medarbetarskap 2026', language: 'sv' });
  await host.getByLabel('Multiple choice').check();
  await host.getByLabel('Question', { exact: true }).fill('Trivs du på jobbet?');
  await host.getByLabel('Options').fill('Ja\nNej');
  await host.getByRole('button', { name: 'Add question' }).click();
  await host.locator('.question-item', { hasText: 'Trivs du' }).getByRole('button', { name: 'Show' }).click();
  await answerOnce(first, 'Nej');

  // A year later: a new session that starts with the same questions.
  host.once('dialog', (d) => d.accept());
  await host.getByRole('button', { name: 'Start a new session' }).click();
  const { code: second } = await createSession({
    host,
    title: 'Medarbetarskap 2027',
    beforeCreate: () => pickRun('#session-copy', 'Medarbetarskap 2026'),
  });
  await host.locator('.question-item', { hasText: 'Trivs du på jobbet?' }).getByRole('button', { name: 'Show' }).click();
  assert.notEqual(second, first);
  await answerOnce(second, 'Ja');

  await pickRun('#compare-with', 'Medarbetarskap 2026');
  await host.getByRole('button', { name: 'Compare' }).click();
  const table = host.locator('#compare-results table');
  await table.waitFor();
  assert.deepEqual(await table.locator('thead th').allTextContents(), ['Question', 'Before', 'After']);
  const cells = await table.locator('tbody td').allTextContents();
  assert.match(cells[0], /Ja: 0 · Nej: 1/);
  assert.match(cells[1], /Ja: 1 · Nej: 0/);
  await axe(host, 'host page with a comparison');
  assert.deepEqual(ting.pageErrors, []);
});
