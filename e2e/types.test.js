// End-to-end test of every question type and the facilitator's live
// controls: the host creates one question of each type in its form, real
// phone pages answer, the big screen shows the results live; moderation,
// reset, countdowns, keyboard shortcuts and the word cloud's downloads.
//
// Run: cd e2e && npm test (shares helpers.js with poll.test.js).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createSession, joinUrl, openWorkshop } from './fixture.js';
import { axe, cloudWord, noHorizontalScroll, rest, shots, startTing, stopTing, ting, waitFor } from './helpers.js';

before(startTing);
after(stopTing);

const Q = {
  choice: 'Vad vill du ha mer av?',
  scale: 'Hur väl stämmer det här?',
  ranking: 'Vad är viktigast för dig?',
  open: 'Vad vill du säga till ledningen?',
  qa: 'Frågor till talaren',
  quiz: 'Vilket år startade programmet?',
  wordcloud: 'Ett ord om din arbetsplats',
};

const MARKUP = '<b>x</b>';

test('every question type, live controls and moderation', { timeout: 240000 }, async (t) => {
  const base = ting.base;
  // The second phone is 320 px wide all along: every view must fit.
  const w = await openWorkshop({ phones: [390, 320] });
  const { host, screen } = w;
  const [phone1, phone2] = w.phones;

  // Frames phone 1 receives, to see the server lock a quiz at zero.
  const frames1 = [];
  phone1.on('websocket', (ws) =>
    ws.on('framereceived', (f) => {
      let msg;
      try {
        msg = JSON.parse(f.payload);
      } catch {
        return;
      }
      frames1.push(msg);
    }),
  );
  const waitFrame = (pred, ms = 15000) => waitFor(() => frames1.some(pred), { timeout: ms, interval: 20, message: 'no such frame came' });

  let code;
  let presentUrl;
  let secret;
  const item = (prompt) => host.locator('.question-item', { hasText: prompt });
  const show = async (prompt) => {
    await item(prompt).getByRole('button', { name: 'Show', exact: true }).click();
    await screen.locator('#prompt', { hasText: prompt }).waitFor();
  };
  const sent = (page) => page.getByRole('status').filter({ hasText: 'Svaret är mottaget' }).waitFor();
  const session = async () => (await rest('GET', `/sessions/${secret.id}`, { token: secret.token })).body;
  const results = async (prompt) => {
    const s = await session();
    const q = s.questions.find((x) => x.prompt === prompt);
    const r = (await rest('GET', `/sessions/${secret.id}/results`, { token: secret.token })).body;
    return r.questions.find((x) => x.id === q.id);
  };

  await t.test('the host creates one question of every type in its form', async () => {
    await host.goto(`${base}/host`);
    ({ code, presentUrl, secret } = await createSession({ host, title: 'Alla frågetyper', language: 'sv' }));

    const add = async (type, prompt, fill) => {
      await host.getByLabel(type, { exact: true }).check();
      await host.getByLabel('Question', { exact: true }).fill(prompt);
      await fill();
      await host.getByRole('button', { name: 'Add question' }).click();
      await item(prompt).waitFor();
    };
    await add('Multiple choice', Q.choice, async () => {
      await host.getByLabel('Options').fill('Fika\nMöten\nFeedback');
      await host.getByLabel('Participants may choose more than one').check();
    });
    await add('Scale', Q.scale, async () => {
      await host.getByLabel('Lowest value').fill('1');
      await host.getByLabel('Highest value').fill('5');
      await host.getByLabel('Statements (optional)').fill('Jag trivs på jobbet\nJag lär mig nya saker');
    });
    await add('Ranking', Q.ranking, async () => {
      await host.getByLabel('Options').fill('Lön\nKollegor\nLedarskap');
    });
    await add('Open text', Q.open, async () => {
      await host.getByLabel('Approve entries before the room sees them').check();
    });
    await add('Q&A', Q.qa, async () => {});
    await add('Quiz', Q.quiz, async () => {
      await host.getByLabel('Options').fill('2020\n2024\n2025');
      // The form refuses a quiz without a right answer.
      await host.getByLabel('Question', { exact: true }).fill(Q.quiz);
      await host.getByRole('button', { name: 'Add question' }).click();
      await host.getByRole('alert').filter({ hasText: 'Tick the right answer.' }).waitFor();
      await host.getByRole('checkbox', { name: '2024', exact: true }).check();
      await host.getByLabel('Seconds to answer').fill('5');
      await host.screenshot({ path: path.join(shots, 'host-form-quiz.png') });
    });
    await add('Word cloud', Q.wordcloud, async () => {
      await host.getByLabel('Words per participant').fill('3');
      await host.getByLabel('Words shown at most').fill('40');
      await host.getByLabel('Banned words').fill('Skit');
    });

    const s = await session();
    const byType = Object.fromEntries(s.questions.map((q) => [q.type, q]));
    assert.equal(s.questions.length, 7);
    assert.deepEqual(byType.choice.options, ['Fika', 'Möten', 'Feedback']);
    assert.equal(byType.choice.multiple, true);
    assert.deepEqual([byType.scale.min, byType.scale.max], [1, 5]);
    assert.deepEqual(byType.scale.statements, ['Jag trivs på jobbet', 'Jag lär mig nya saker']);
    assert.deepEqual(byType.ranking.options, ['Lön', 'Kollegor', 'Ledarskap']);
    assert.equal(byType.open.moderated, true);
    assert.deepEqual(byType.quiz.correct, [1]);
    assert.equal(byType.quiz.seconds, 5);
    assert.equal(byType.wordcloud.maxWords, 40);
    assert.deepEqual(byType.wordcloud.banned, ['skit']);
    await axe(host, 'host with every type');
  });

  await t.test('the screen opens and two phones join, one with a nickname', async () => {
    await screen.goto(presentUrl);
    await screen.locator('#lobby-code[data-code]').waitFor();
    await phone1.goto(`${base}/`);
    await phone1.getByLabel('Kod').fill(code);
    await phone1.getByLabel('Smeknamn (valfritt)').fill('Anna');
    await phone1.getByRole('button', { name: 'Gå med' }).click();
    await phone2.goto(joinUrl(code));
    for (const p of [phone1, phone2]) await p.locator('#waiting-heading').waitFor();
    await screen.locator('#participants[data-count="2"]').waitFor();
  });

  await t.test('multiple choice takes several options', async () => {
    await show(Q.choice);
    await phone1.getByRole('checkbox', { name: 'Fika' }).check();
    await phone1.getByRole('checkbox', { name: 'Feedback' }).check();
    await phone1.getByRole('button', { name: 'Skicka' }).click();
    await sent(phone1);
    await phone2.getByRole('checkbox', { name: 'Fika' }).check();
    await phone2.getByRole('button', { name: 'Skicka' }).click();
    await sent(phone2);
    await screen.locator('.bar[data-option="0"][data-count="2"]').waitFor();
    await screen.locator('.bar[data-option="2"][data-count="1"]').waitFor();
    await screen.locator('.bar[data-option="1"][data-count="0"]').waitFor();
    await screen.locator('#responses[data-count="2"]').waitFor();
  });

  await t.test('the → key on the big screen moves to the next question: a scale', async () => {
    await screen.evaluate(() => document.activeElement?.blur());
    await screen.keyboard.press('ArrowRight');
    await screen.locator('#prompt', { hasText: Q.scale }).waitFor();
    await item(Q.scale).getByRole('button', { name: 'Showing' }).waitFor();

    // Nothing chosen: the phone says so before anything is sent.
    await phone1.getByRole('button', { name: 'Skicka' }).click();
    await phone1.getByRole('status').filter({ hasText: 'Välj ett värde för minst ett påstående först.' }).waitFor();

    const row = (p, s) => p.getByRole('group', { name: s });
    await row(phone1, 'Jag trivs på jobbet').getByRole('radio', { name: '4', exact: true }).check();
    await phone1.getByRole('button', { name: 'Skicka' }).click(); // the second statement is skipped
    await sent(phone1);
    await row(phone2, 'Jag trivs på jobbet').getByRole('radio', { name: '5', exact: true }).check();
    await row(phone2, 'Jag lär mig nya saker').getByRole('radio', { name: '1', exact: true }).check();
    // Changed mind: clear it, then choose 2.
    await phone2.getByRole('button', { name: 'Rensa svaret på: Jag lär mig nya saker' }).click();
    assert.equal(await row(phone2, 'Jag lär mig nya saker').getByRole('radio', { checked: true }).count(), 0);
    await row(phone2, 'Jag lär mig nya saker').getByRole('radio', { name: '2', exact: true }).check();
    await phone2.getByRole('button', { name: 'Skicka' }).click();
    await sent(phone2);
    await noHorizontalScroll(phone2, 'phone with a scale');

    await screen.locator('.scale-row[data-statement="0"][data-mean="4.5"][data-responses="2"]').waitFor();
    await screen.locator('.scale-row[data-statement="1"][data-mean="2.0"][data-responses="1"]').waitFor();
    assert.equal((await screen.locator('.scale-row[data-statement="0"] .scale-mean').textContent()).trim(), 'Medelvärde 4,5');
    const r = await results(Q.scale);
    assert.deepEqual(r.statements[0].counts, [0, 0, 0, 1, 1]);
    assert.deepEqual(r.statements[1].counts, [0, 1, 0, 0, 0]);
    await host.locator('#live-results .scale-row[data-statement="0"][data-mean="4.5"]').waitFor();

    await phone2.screenshot({ path: path.join(shots, 'phone-scale-320.png'), fullPage: true });
    await screen.screenshot({ path: path.join(shots, 'screen-scale.png') });
    await axe(phone2, 'phone scale');
    await axe(screen, 'screen scale');
  });

  await t.test('ranking with move buttons, and reset empties the results', async () => {
    await host.evaluate(() => document.activeElement?.blur());
    await host.keyboard.press('ArrowRight');
    await screen.locator('#prompt', { hasText: Q.ranking }).waitFor();

    // Keyboard only: the moved option keeps the focus.
    const up = phone1.getByRole('button', { name: 'Flytta upp: Ledarskap' });
    await up.focus();
    await phone1.keyboard.press('Enter');
    assert.equal(await phone1.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Flytta upp: Ledarskap');
    await phone1.keyboard.press('Enter');
    // At the top its up button is off, so the focus moves to its down button.
    assert.equal(await phone1.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Flytta ner: Ledarskap');
    assert.deepEqual(
      await phone1.locator('.rank-item .rank-label').allTextContents(),
      ['Ledarskap', 'Lön', 'Kollegor'],
    );
    await phone1.getByRole('button', { name: 'Skicka' }).click();
    await sent(phone1);
    await phone2.getByRole('button', { name: 'Skicka' }).click(); // the given order
    await sent(phone2);
    await noHorizontalScroll(phone2, 'phone with a ranking');

    // Lön 2+3, Ledarskap 3+1, Kollegor 1+2.
    await screen.locator('.bar[data-option="0"][data-place="1"][data-score="5"]').waitFor();
    await screen.locator('.bar[data-option="2"][data-place="2"][data-score="4"]').waitFor();
    await screen.locator('.bar[data-option="1"][data-place="3"][data-score="3"]').waitFor();
    assert.deepEqual((await results(Q.ranking)).scores, [5, 3, 4]);
    await phone1.screenshot({ path: path.join(shots, 'phone-ranking.png'), fullPage: true });
    await screen.screenshot({ path: path.join(shots, 'screen-ranking.png') });
    await axe(phone1, 'phone ranking');
    await axe(screen, 'screen ranking');

    host.once('dialog', (d) => d.accept());
    await item(Q.ranking).getByRole('button', { name: 'Reset answers' }).click();
    await screen.locator('#responses[data-count="0"]').waitFor();
    await screen.locator('.bar[data-option="0"][data-score="0"]').waitFor();
    const r = await results(Q.ranking);
    assert.equal(r.responses, 0);
    assert.deepEqual(r.scores, [0, 0, 0]);
    await item(Q.ranking).locator('.q-meta', { hasText: '0 responses' }).waitFor();
  });

  await t.test('open answers wait for approval, render as text, and hide from the screen at once', async () => {
    await show(Q.open);
    await phone1.getByLabel('Ditt svar').fill(MARKUP);
    await phone1.getByRole('button', { name: 'Skicka' }).click();
    await sent(phone1);
    await phone2.getByLabel('Ditt svar').fill('Mer tid för samtal i grupperna');
    await phone2.getByRole('button', { name: 'Skicka' }).click();
    await sent(phone2);
    await noHorizontalScroll(phone2, 'phone with an open question');
    await phone2.screenshot({ path: path.join(shots, 'phone-open-320.png'), fullPage: true });
    await axe(phone2, 'phone open question');

    // Moderated: the host sees both waiting; the room sees none yet.
    const rows = host.locator('#live-results .mod-item');
    await rows.filter({ hasText: 'Waiting for approval' }).nth(1).waitFor();
    assert.equal(await screen.locator('#results .wall-card').count(), 0);
    await host.screenshot({ path: path.join(shots, 'host-open-moderation.png'), fullPage: true });
    await axe(host, 'host open moderation');
    for (const text of [MARKUP, 'Mer tid för samtal']) {
      await rows.filter({ hasText: text }).getByRole('button', { name: 'Approve' }).click();
      await screen.locator('#results .wall-card', { hasText: text }).waitFor();
    }
    // Typed text is text, never markup.
    assert.equal(await screen.locator('#results .wall-card', { hasText: MARKUP }).textContent(), MARKUP);
    assert.equal(await screen.locator('#results b').count(), 0);
    await screen.screenshot({ path: path.join(shots, 'screen-open.png') });
    await axe(screen, 'screen open answers');

    // The facilitator clicks the card on the big screen: a confirm, then gone.
    await screen.locator('#results .wall-card', { hasText: MARKUP }).click();
    const dialog = screen.getByRole('dialog', { name: 'Dölja detta på skärmen?' });
    await dialog.waitFor();
    assert.equal(await dialog.locator('.dialog-text').textContent(), MARKUP);
    await screen.screenshot({ path: path.join(shots, 'screen-hide-confirm.png') });
    await dialog.getByRole('button', { name: 'Dölj' }).click();
    await screen.locator('#results .wall-card', { hasText: MARKUP }).waitFor({ state: 'detached', timeout: 2000 });
    await rows.filter({ hasText: MARKUP }).locator('.badge', { hasText: 'Hidden' }).waitFor();
    const hidden = (await results(Q.open)).answers.find((a) => a.text === MARKUP);
    assert.equal(hidden.hidden, true, 'the facilitator view marks it hidden');

    // The host shows it again.
    await rows.filter({ hasText: MARKUP }).getByRole('button', { name: 'Show', exact: true }).click();
    await screen.locator('#results .wall-card', { hasText: MARKUP }).waitFor();
  });

  await t.test('Q&A: ask, see the entries once shown, upvote, mark answered, hide with H', async () => {
    await show(Q.qa);
    await phone1.getByText('Deltagarnas frågor visas här när moderatorn visar dem.').waitFor();
    await phone1.getByLabel('Din fråga').fill(MARKUP);
    await phone1.getByRole('button', { name: 'Skicka frågan' }).click();
    await phone1.getByRole('status').filter({ hasText: 'Din fråga är skickad.' }).waitFor();
    assert.equal(await phone1.getByLabel('Din fråga').inputValue(), '', 'the field is empty for the next question');
    await phone2.getByLabel('Din fråga').fill('Hur gör vi med distansarbete?');
    await phone2.getByRole('button', { name: 'Skicka frågan' }).click();
    await phone2.getByRole('status').filter({ hasText: 'Din fråga är skickad.' }).waitFor();
    await screen.locator('.qa-item', { hasText: 'distansarbete' }).waitFor();
    await screen.locator('.qa-item', { hasText: MARKUP }).waitFor();

    await host.getByRole('button', { name: 'Show results on phones' }).click();
    const vote = phone2.getByRole('button', { name: `Rösta på: ${MARKUP}` });
    await vote.click();
    await phone2.getByRole('button', { name: `Röstat: ${MARKUP}` }).waitFor();
    await screen.locator('.qa-item[data-votes="1"]', { hasText: MARKUP }).waitFor();
    assert.equal(await screen.locator('.qa-item').first().locator('.qa-text').textContent(), MARKUP, 'most votes first');
    assert.equal(await screen.locator('#results b').count(), 0);
    assert.equal(await phone2.locator('.qa-entries b').count(), 0);
    assert.equal(await phone2.locator('.qa-entry-text', { hasText: MARKUP }).textContent(), MARKUP);

    const rows = host.locator('#live-results .mod-item');
    await rows.filter({ hasText: MARKUP }).getByRole('button', { name: 'Mark answered' }).click();
    await screen.locator('.qa-item.is-answered', { hasText: MARKUP }).waitFor();
    await phone1.locator('.qa-entry.is-answered', { hasText: MARKUP }).waitFor();
    await noHorizontalScroll(phone2, 'phone with Q&A');
    await phone2.screenshot({ path: path.join(shots, 'phone-qa-320.png'), fullPage: true });
    await screen.screenshot({ path: path.join(shots, 'screen-qa.png') });
    await host.screenshot({ path: path.join(shots, 'host-qa.png'), fullPage: true });
    await axe(phone2, 'phone Q&A');
    await axe(screen, 'screen Q&A');
    await axe(host, 'host Q&A');

    // H hides the entry in focus (after the same confirm).
    await screen.locator('button.qa-text', { hasText: 'distansarbete' }).focus();
    await screen.keyboard.press('h');
    await screen.getByRole('dialog').waitFor();
    await screen.keyboard.press('Enter');
    await screen.locator('.qa-item', { hasText: 'distansarbete' }).waitFor({ state: 'detached', timeout: 2000 });
    await rows.filter({ hasText: 'distansarbete' }).locator('.badge', { hasText: 'Hidden' }).waitFor();
    await host.getByRole('button', { name: 'Show results on phones' }).click();
  });

  await t.test('a quiz counts down and locks at zero on the phone', async () => {
    await show(Q.quiz);
    await phone1.locator('.countdown[role="timer"]').waitFor();
    await screen.locator('#countdown:not([hidden])').waitFor();
    await phone1.getByRole('radio', { name: '2024' }).check();
    await phone1.getByRole('button', { name: 'Skicka' }).click();
    await sent(phone1);
    await phone2.getByRole('radio', { name: '2020' }).check();
    await phone2.getByRole('button', { name: 'Skicka' }).click();
    await sent(phone2);
    await noHorizontalScroll(phone2, 'phone with a quiz');
    await phone1.screenshot({ path: path.join(shots, 'phone-quiz.png'), fullPage: true });
    await screen.screenshot({ path: path.join(shots, 'screen-quiz-running.png') });

    await phone1.getByText('Tiden är ute. Svaren är stängda för den här frågan.').waitFor({ timeout: 15000 });
    await phone1.waitForFunction(() => document.querySelector('input[type="radio"]').disabled);
    // The server itself closed it: a question frame with locked true came.
    await waitFrame((f) => f.type === 'question' && f.question?.type === 'quiz' && f.locked === true);
    assert.equal((await session()).state.locked, true);

    // The screen reveals the right answer and the leaderboard.
    await screen.locator('.bar.is-correct[data-option="1"][data-count="1"]').waitFor();
    await screen.locator('.leaderboard-row .lb-name', { hasText: 'Anna' }).waitFor();
    const points = Number(await screen.locator('.leaderboard-row').first().getAttribute('data-points'));
    assert.ok(points >= 500 && points <= 1000, `points ${points}`);
    await host.locator('#live-results .leaderboard-row', { hasText: 'Anna' }).waitFor();
    await screen.screenshot({ path: path.join(shots, 'screen-quiz.png') });
    await axe(phone1, 'phone quiz locked');
    // With results on phones: the bars and the leaderboard.
    await host.getByRole('button', { name: 'Show results on phones' }).click();
    await phone2.locator('#results-card .leaderboard-row', { hasText: 'Anna' }).waitFor();
    await phone2.locator('#results-card .bar[data-option="0"][data-count="1"]').waitFor();
    await noHorizontalScroll(phone2, 'phone with quiz results');
    await phone2.screenshot({ path: path.join(shots, 'phone-quiz-results-320.png'), fullPage: true });
    await axe(phone2, 'phone quiz results');
    await host.getByRole('button', { name: 'Show results on phones' }).click();
    await phone2.locator('#results-card').waitFor({ state: 'hidden' });
    await axe(screen, 'screen quiz');
  });

  await t.test('word cloud: edit, invalid answer message, hide from the screen, downloads', async () => {
    // Edit the question: flag a word for review.
    await item(Q.wordcloud).getByRole('button', { name: 'Edit' }).click();
    await host.getByRole('heading', { name: 'Edit question 7' }).waitFor();
    await host.getByLabel('Flagged words').fill('Kaffe');
    await host.getByRole('button', { name: 'Save changes' }).click();
    await host.getByRole('heading', { name: 'Add a question' }).waitFor();
    const wq = (await session()).questions.find((q) => q.type === 'wordcloud');
    assert.deepEqual(wq.flagged, ['kaffe']);
    assert.equal(wq.maxWords, 40, 'fields not in the edit stay');

    await show(Q.wordcloud);
    await phone1.getByLabel('Ord 1').fill('Kaffe');
    await phone1.getByLabel('Ord 2').fill('Fika');
    await phone1.getByRole('button', { name: 'Skicka' }).click();
    await sent(phone1);

    // A browser that ignores maxlength: the server's reason is shown.
    await phone2.getByLabel('Ord 1').fill('kaffe');
    await phone2.getByLabel('Ord 2').fill('Ledarskap');
    await phone2.getByLabel('Ord 3').evaluate((i) => i.removeAttribute('maxlength'));
    await phone2.getByLabel('Ord 3').fill('x'.repeat(60));
    await phone2.getByRole('button', { name: 'Skicka' }).click();
    const err = phone2.getByRole('status').filter({ hasText: 'Svaret godtogs inte.' });
    await err.waitFor();
    assert.match(await err.textContent(), /longer than 50 characters/);
    await phone2.getByLabel('Ord 3').fill('');
    await phone2.getByRole('button', { name: 'Skicka' }).click();
    await sent(phone2);

    await screen.waitForFunction(() => {
      const w = [...document.querySelectorAll('#results .cloud-word')].map((n) => n.dataset.word.toLowerCase());
      return w.includes('kaffe') && w.includes('fika') && w.includes('ledarskap');
    });
    const words = host.locator('#live-tools .mod-item');
    await words.filter({ hasText: 'Kaffe' }).locator('.badge', { hasText: 'Flagged' }).waitFor();

    // Click a word on the big screen: confirm, and it is gone at once.
    await screen.locator('#results .cloud-word[data-word="Fika"]').click();
    await screen.getByRole('dialog').getByRole('button', { name: 'Dölj' }).click();
    await screen.locator('#results .cloud-word[data-word="Fika"]').waitFor({ state: 'detached', timeout: 1000 });
    assert.equal(await cloudWord(screen, 'fika'), null);
    await words.filter({ hasText: 'Fika' }).locator('.badge', { hasText: 'Hidden' }).waitFor();
    await screen.getByRole('status').filter({ hasText: 'Dolt på skärmen.' }).waitFor();
    assert.doesNotMatch(await screen.locator('#app').textContent(), /Fika/, 'the screen never repeats a hidden word');
    // The next results keep it hidden (the room view leaves it out), and
    // the words already there keep their places when a new one arrives.
    const place = (w) => screen.locator(`#results .cloud-word[data-word="${w}"]`).evaluate((n) => [n.dataset.x, n.dataset.y]);
    const before = { kaffe: await place('Kaffe'), ledarskap: await place('Ledarskap') };
    await phone1.getByLabel('Ord 3').fill('Frihet');
    await phone1.getByRole('button', { name: 'Skicka igen' }).click();
    await sent(phone1);
    await screen.locator('#results .cloud-word[data-word="Frihet"]').waitFor();
    assert.equal(await cloudWord(screen, 'fika'), null);
    assert.deepEqual({ kaffe: await place('Kaffe'), ledarskap: await place('Ledarskap') }, before, 'stable layout');

    // Downloads from the big screen.
    const [svgDl] = await Promise.all([screen.waitForEvent('download'), screen.getByRole('button', { name: 'Ladda ner SVG' }).click()]);
    assert.match(svgDl.suggestedFilename(), /\.svg$/);
    const svg = readFileSync(await svgDl.path(), 'utf8');
    assert.match(svg, /<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(svg, />Kaffe</i);
    assert.match(svg, />Ledarskap</);
    assert.match(svg, />Frihet</);
    assert.doesNotMatch(svg, />Fika</, 'a hidden word is not in the picture');
    const [pngDl] = await Promise.all([screen.waitForEvent('download'), screen.getByRole('button', { name: 'Ladda ner PNG' }).click()]);
    assert.match(pngDl.suggestedFilename(), /\.png$/);
    const png = readFileSync(await pngDl.path());
    assert.ok(png.length > 1000, 'a PNG with content');
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.equal(png.readUInt32BE(16), 3200, "twice the cloud's width");
    await pngDl.saveAs(path.join(shots, 'wordcloud-export.png'));

    // And from the host page.
    const [hostSvg] = await Promise.all([host.waitForEvent('download'), host.getByRole('button', { name: 'Download SVG' }).click()]);
    assert.match(readFileSync(await hostSvg.path(), 'utf8'), />Ledarskap</);
    const [hostPng] = await Promise.all([host.waitForEvent('download'), host.getByRole('button', { name: 'Download PNG' }).click()]);
    assert.deepEqual([...readFileSync(await hostPng.path()).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);

    await screen.screenshot({ path: path.join(shots, 'screen-wordcloud-moderated.png') });
    await host.screenshot({ path: path.join(shots, 'host-wordcloud.png'), fullPage: true });
    await axe(screen, 'screen word cloud with buttons');
    await axe(host, 'host word cloud');
  });

  await t.test('C starts a countdown, ? lists the shortcuts', async () => {
    await host.evaluate(() => document.activeElement?.blur());
    await host.keyboard.press('c');
    await screen.locator('#countdown:not([hidden])').waitFor();
    const s = Number(await screen.locator('#countdown').getAttribute('data-seconds'));
    assert.ok(s > 20 && s <= 30, `countdown shows ${s}`);
    await phone1.locator('.countdown[role="timer"]:not([hidden])').waitFor();
    const st = (await session()).state;
    assert.ok(st.deadline && st.remainingMs > 0, 'the state has a deadline');
    await host.getByRole('button', { name: 'Stop countdown' }).click();
    await screen.locator('#countdown').waitFor({ state: 'hidden' });
    await phone1.locator('.countdown[role="timer"]').waitFor({ state: 'hidden' });

    // Typing in a field is never a shortcut.
    await host.getByLabel('Question', { exact: true }).fill('');
    await host.getByLabel('Question', { exact: true }).press('c');
    assert.equal(await screen.locator('#countdown').isHidden(), true);
    await host.getByLabel('Question', { exact: true }).fill('');

    await screen.evaluate(() => document.activeElement?.blur());
    await screen.keyboard.press('?');
    const help = screen.getByRole('dialog', { name: 'Kortkommandon' });
    await help.waitFor();
    assert.match(await help.textContent(), /Nästa fråga/);
    await screen.screenshot({ path: path.join(shots, 'screen-shortcuts.png') });
    await axe(screen, 'screen shortcut list');
    await screen.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
  });

  await t.test('the host page fits 320 px too', async () => {
    await host.setViewportSize({ width: 320, height: 800 });
    await noHorizontalScroll(host, 'host page with a word cloud');
    await host.screenshot({ path: path.join(shots, 'host-320.png') });
  });

  await w.close();
  assert.deepEqual(ting.pageErrors, [], 'no script errors in the pages');
});
