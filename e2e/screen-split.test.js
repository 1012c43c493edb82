// Browser test of results split side by side on the big screen: the
// facilitator turns the split on in the split-results card, the big
// screen shows one column per option of the segment question, with its
// label and responses, a segment under minSegment as too few answers, no
// word the facilitator hid; then the split stops.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { createSession, joinUrl, openWorkshop } from './fixture.js';
import { axe, rest, shots, startTing, stopTing, ting } from './helpers.js';

before(startTing);
after(stopTing);

test('the big screen shows the current question split by a segment question', { timeout: 180000 }, async (t) => {
  const { host, screen, phones } = await openWorkshop({ phones: 5 });
  let code;
  let secret;

  const item = (text) => host.locator('.question-item', { hasText: text });
  const columns = screen.locator('#results .screen-split > .split-col');

  await t.test('a session with a segment question and a word cloud', async () => {
    let presentUrl;
    ({ code, presentUrl, secret } = await createSession({ host, title: 'Medarbetarskap uppdelat', language: 'sv', minSegment: 2 }));

    await host.getByLabel('Multiple choice').check();
    await host.getByLabel('Question', { exact: true }).fill('Var arbetar du?');
    await host.getByLabel('Options').fill('Skola\nVård\nOmsorg');
    await host.getByRole('button', { name: 'Add question' }).click();
    await item('Var arbetar du').waitFor();
    await host.getByLabel('Word cloud').check();
    await host.getByLabel('Question', { exact: true }).fill('Ett ord om ditt arbete');
    await host.getByLabel('Words per participant').fill('1');
    await host.getByRole('button', { name: 'Add question' }).click();
    await item('Ett ord om ditt arbete').waitFor();

    await item('Var arbetar du').getByRole('button', { name: 'Show' }).click();
    await screen.goto(presentUrl);
    // Three in Skola, one in Vård, one in Omsorg: with minSegment 2, Vård and
    // Omsorg are too small to show (and two hidden, the room minus Skola
    // gives neither).
    for (const [i, p] of phones.entries()) {
      await p.goto(joinUrl(code));
      await p.getByLabel(i < 3 ? 'Skola' : i === 3 ? 'Vård' : 'Omsorg').check();
      await p.getByRole('button', { name: 'Skicka' }).click();
      await p.getByRole('status').filter({ hasText: 'Svaret är mottaget' }).waitFor();
    }

    await item('Ett ord om ditt arbete').getByRole('button', { name: 'Show' }).click();
    const words = ['Tillit', 'Tillit', 'Fika', 'Ensam', 'Omtanke'];
    for (const [i, p] of phones.entries()) {
      await p.getByRole('heading', { name: 'Ett ord om ditt arbete' }).waitFor();
      await p.getByLabel('Ord 1').fill(words[i]);
      await p.getByRole('button', { name: 'Skicka' }).click();
      await p.getByRole('status').filter({ hasText: 'Svaret är mottaget' }).waitFor();
    }
    // The facilitator hides a word: it must not come back in a column.
    const questions = (await rest('GET', `/sessions/${secret.id}`, { token: secret.token })).body.questions;
    const cloudId = questions.find((q) => q.type === 'wordcloud').id;
    const hidden = await rest('POST', `/sessions/${secret.id}/questions/${cloudId}/moderation`, { token: secret.token, body: { entry: 'fika', hidden: true } });
    assert.equal(hidden.status, 200);
    await screen.locator('#prompt', { hasText: 'Ett ord om ditt arbete' }).waitFor();
  });

  await t.test('the host turns the split on and the big screen shows the columns', async () => {
    assert.equal(await host.locator('#screen-split').textContent(), 'Show split on the big screen');
    await host.getByLabel('Split by the answers to').selectOption({ label: 'Var arbetar du?' });
    await host.getByRole('button', { name: 'Show split on the big screen' }).click();
    await host.locator('#screen-split-status', { hasText: 'The big screen shows the current question split by: Var arbetar du?' }).waitFor();
    await host.getByRole('button', { name: 'Stop the split on the big screen' }).waitFor();
    secret.segmentBy = (await rest('GET', `/sessions/${secret.id}`, { token: secret.token })).body.state.segmentBy;
    assert.ok(secret.segmentBy);

    await columns.nth(1).waitFor();
    await columns.nth(2).waitFor();
    assert.equal(await columns.count(), 3);
    await screen.locator('#split-note', { hasText: 'Uppdelat efter: Var arbetar du?' }).waitFor();
    const skola = columns.nth(0);
    assert.equal(await skola.locator('.split-col-title').textContent(), 'Skola');
    await skola.locator('.split-col-count', { hasText: '3 svar' }).waitFor();
    await skola.locator('.split-word[data-word="Tillit"][data-count="2"]').waitFor();
    assert.equal(await screen.locator('#results', { hasText: /fika/i }).count(), 0, 'a hidden word is on the big screen');
    const vard = columns.nth(1);
    assert.equal(await vard.locator('.split-col-title').textContent(), 'Vård');
    assert.equal(await vard.getAttribute('data-hidden'), 'true');
    await vard.getByText('För få svar för att visas').waitFor();
    assert.equal(await screen.locator('#results', { hasText: 'Ensam' }).count(), 0, 'the small segment leaked its word');
    assert.equal(await columns.nth(2).getAttribute('data-hidden'), 'true');
    assert.equal(await screen.locator('#results', { hasText: 'Omtanke' }).count(), 0, 'the small segment leaked its word');
    // Readable from the back: the column titles are large.
    const size = await skola.locator('.split-col-title').evaluate((n) => parseFloat(getComputedStyle(n).fontSize));
    assert.ok(size >= 30, `column title is ${size}px`);
    await axe(screen, 'big screen with split results');
    await screen.screenshot({ path: path.join(shots, 'screen-split.png') });
    // The downloads are of the whole cloud; a split view has none.
    assert.equal(await screen.locator('#download-svg').isHidden(), true);
  });

  await t.test('the split follows the next questions: choice, scale, ranking; then it stops', async () => {
    await item('Var arbetar du').getByRole('button', { name: 'Show' }).click();
    await screen.locator('#prompt', { hasText: 'Var arbetar du?' }).waitFor();
    await columns.nth(0).locator('.bar[data-option="0"][data-count="3"]').waitFor();
    await columns.nth(1).getByText('För få svar för att visas').waitFor();

    // A scale and a ranking, added and shown by a script: still split, and
    // the facilitator page still says so.
    const { id, token } = secret;
    const scale = await rest('POST', `/sessions/${id}/questions`, { token, body: { type: 'scale', prompt: 'Jag trivs på jobbet', min: 1, max: 5 } });
    const ranking = await rest('POST', `/sessions/${id}/questions`, { token, body: { type: 'ranking', prompt: 'Vad är viktigast?', options: ['Lön', 'Kollegor', 'Ledarskap'] } });
    assert.equal(ranking.status, 201);
    assert.equal((await rest('PATCH', `/sessions/${id}/state`, { token, body: { questionId: scale.body.id } })).body.segmentBy, secret.segmentBy);
    for (const [i, p] of phones.entries()) {
      await p.getByRole('heading', { name: 'Jag trivs på jobbet' }).waitFor();
      await p.getByRole('radio', { name: String([4, 5, 3, 2, 1][i]), exact: true }).check();
      await p.getByRole('button', { name: 'Skicka' }).click();
      await p.getByRole('status').filter({ hasText: 'Svaret är mottaget' }).waitFor();
    }
    await screen.locator('#prompt', { hasText: 'Jag trivs på jobbet' }).waitFor();
    await columns.nth(0).locator('.scale-row[data-mean="4.0"][data-responses="3"]').waitFor();
    await columns.nth(1).getByText('För få svar för att visas').waitFor();
    await axe(screen, 'big screen with a split scale');
    await screen.screenshot({ path: path.join(shots, 'screen-split-scale.png') });

    await rest('PATCH', `/sessions/${id}/state`, { token, body: { questionId: ranking.body.id } });
    for (const p of phones) {
      await p.getByRole('heading', { name: 'Vad är viktigast?' }).waitFor();
      await p.getByRole('button', { name: 'Skicka' }).click(); // the given order
      await p.getByRole('status').filter({ hasText: 'Svaret är mottaget' }).waitFor();
    }
    await screen.locator('#prompt', { hasText: 'Vad är viktigast?' }).waitFor();
    await columns.nth(0).locator('.bar[data-option="0"][data-score="9"][data-place="1"]').waitFor();
    await columns.nth(1).getByText('För få svar för att visas').waitFor();
    await host.locator('#screen-split-status', { hasText: 'split by: Var arbetar du?' }).waitFor();
    await screen.screenshot({ path: path.join(shots, 'screen-split-ranking.png') });

    await host.getByRole('button', { name: 'Stop the split on the big screen' }).click();
    await host.getByRole('button', { name: 'Show split on the big screen' }).waitFor();
    assert.equal(await host.locator('#screen-split-status').textContent(), '');
    await screen.locator('#results .screen-split').waitFor({ state: 'detached' });
    await screen.locator('#results .bar[data-option="0"][data-score="15"]').waitFor();
    assert.equal(await screen.locator('#split-note').isHidden(), true);
  });

  assert.deepEqual(ting.pageErrors, []);
});
