// End-to-end test of Ting's three pages in a real Chromium: the facilitator
// creates a session and questions, two phones answer, the big screen shows
// the word cloud and the bars live.
//
// Run: cd e2e && npm ci && npm test
// Needs Go (to build the server) and Chromium (CHROMIUM_PATH, default /usr/bin/chromium).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createSession, joinUrl, openPhone, openWorkshop } from './fixture.js';
import { axe, cloudWord, noHorizontalScroll, shots, startServer, startTing, stopServer, stopTing, ting } from './helpers.js';

before(startTing);
after(stopTing);

test('a workshop: host, big screen and two phones', { timeout: 180000 }, async (t) => {
  const base = ting.base;
  const w = await openWorkshop({ phones: 2 });
  const { host, screen } = w;
  const [phone1, phone2] = w.phones;

  let code;
  let presentUrl;

  await t.test('the facilitator creates a session and a word-cloud question', async () => {
    await host.goto(`${base}/host`);
    await host.getByLabel('Title').waitFor();
    await axe(host, 'host page, new session');
    ({ code, presentUrl } = await createSession({ host, title: 'Medarbetarskap', language: 'sv' }));
    assert.match(code, /^\d{6,8}$/);
    assert.match(presentUrl, /\/screen#s=.+&t=.+/);

    await host.getByLabel('Word cloud').check();
    await host.getByLabel('Question', { exact: true }).fill('Vad gör dig stolt över ditt arbete?');
    await host.getByLabel('Words per participant').fill('3');
    await host.getByRole('button', { name: 'Add question' }).click();
    await host.locator('.question-item', { hasText: 'Vad gör dig stolt' }).waitFor();

    // A reload keeps the session.
    await host.reload();
    await host.locator('#session-code', { hasText: code.slice(0, 3) }).waitFor();
    await host.locator('.question-item', { hasText: 'Vad gör dig stolt' }).waitFor();
  });

  await t.test('the big screen shows how to join', async () => {
    await screen.goto(presentUrl);
    await screen.locator('#lobby-code[data-code]').waitFor();
    assert.equal(await screen.locator('#lobby-code').getAttribute('data-code'), code);
    await screen.waitForFunction(() => {
      const img = document.querySelector('#lobby-qr');
      return img && !img.hidden && img.complete && img.naturalWidth > 0;
    });
    assert.equal(await screen.getAttribute('html', 'lang'), 'sv');
    await screen.screenshot({ path: path.join(shots, 'screen-lobby.png') });
    await axe(screen, 'big screen lobby');
  });

  await t.test('two phones join with the code in the link', async () => {
    await phone1.goto(joinUrl(code));
    await phone2.goto(joinUrl(code));
    for (const p of [phone1, phone2]) {
      await p.locator('#waiting-heading').waitFor();
      assert.equal(await p.getAttribute('html', 'lang'), 'sv');
    }
    await screen.locator('#participants[data-count="2"]').waitFor();
  });

  await t.test('the word cloud fills live on the big screen', async () => {
    await host.locator('.question-item', { hasText: 'Vad gör dig stolt' }).getByRole('button', { name: 'Show' }).click();
    await screen.locator('#prompt', { hasText: 'Vad gör dig stolt' }).waitFor();

    await phone1.getByLabel('Ord 1').fill('Kaffe');
    await phone1.getByRole('button', { name: 'Skicka' }).click();
    await phone1.getByRole('status').filter({ hasText: 'Svaret är mottaget' }).waitFor();

    await phone2.getByLabel('Ord 1').fill('kaffe ');
    await phone2.getByLabel('Ord 2').fill('Fika');
    await phone2.getByLabel('Ord 3').fill('<b>fet</b>');
    await phone2.getByRole('button', { name: 'Skicka' }).click();
    await phone2.getByRole('status').filter({ hasText: 'Svaret är mottaget' }).waitFor();

    await screen.waitForFunction(() => {
      const words = [...document.querySelectorAll('#results .cloud-word')];
      const kaffe = words.find((w) => w.dataset.word.toLowerCase() === 'kaffe');
      const fika = words.find((w) => w.dataset.word === 'Fika');
      return kaffe && kaffe.dataset.count === '2' && fika && fika.dataset.count === '1';
    });
    const kaffe = await cloudWord(screen, 'kaffe');
    assert.equal(kaffe.text.toLowerCase(), 'kaffe');
    assert.equal(kaffe.count, 2);
    assert.deepEqual(await cloudWord(screen, 'Fika'), { text: 'Fika', count: 1 });
    // Participant text is text, never markup.
    assert.deepEqual(await cloudWord(screen, '<b>fet</b>'), { text: '<b>fet</b>', count: 1 });
    assert.equal(await screen.locator('#results b').count(), 0);
    // Each word is a button (the facilitator can hide it) named with its count.
    await screen.getByRole('button', { name: 'Fika: 1', exact: true }).waitFor();
    await screen.locator('#responses[data-count="2"]').waitFor();
    await screen.locator('#participants[data-count="2"]').waitFor();

    // The biggest word is the most frequent one, and no two words overlap.
    const boxes = await screen.evaluate(() =>
      [...document.querySelectorAll('#results .cloud-word')].map((n) => {
        const r = n.getBoundingClientRect();
        return { word: n.dataset.word, size: parseFloat(n.style.fontSize), x: r.x, y: r.y, w: r.width, h: r.height };
      }),
    );
    const biggest = boxes.reduce((a, b) => (b.size > a.size ? b : a));
    assert.equal(biggest.word.toLowerCase(), 'kaffe');
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i];
        const b = boxes[j];
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
        assert.ok(!overlap, `cloud words overlap: ${a.word} and ${b.word}`);
      }
    }
    // The host page shows the same cloud.
    await host.waitForFunction(() =>
      [...document.querySelectorAll('#live-results .cloud-word')].some((w) => w.dataset.count === '2'),
    );
    await host.locator('#live-participants', { hasText: '2' }).waitFor();
    await screen.screenshot({ path: path.join(shots, 'screen-wordcloud.png') });

    // The export is a download of the facilitator's CSV.
    const [download] = await Promise.all([
      host.waitForEvent('download'),
      host.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    assert.match(csv, /Fika/);
    assert.match(csv, /kaffe/i);
    await phone2.screenshot({ path: path.join(shots, 'phone-wordcloud.png'), fullPage: true });
  });

  await t.test('a choice question shows in the bars, and a reloaded phone stays one participant', async () => {
    await host.getByLabel('Multiple choice').check();
    await host.getByLabel('Question', { exact: true }).fill('Hur mår du i dag?');
    await host.getByLabel('Options').fill('Bra\nOkej\nTrött');
    await host.getByRole('button', { name: 'Add question' }).click();
    const item = host.locator('.question-item', { hasText: 'Hur mår du' });
    await item.waitFor();
    await item.getByRole('button', { name: 'Show' }).click();

    await screen.locator('#prompt', { hasText: 'Hur mår du' }).waitFor();
    await phone1.getByRole('radio', { name: 'Okej' }).check();
    await phone1.getByRole('button', { name: 'Skicka' }).click();
    await phone1.getByRole('status').filter({ hasText: 'Svaret är mottaget' }).waitFor();
    await screen.locator('.bar[data-option="1"][data-count="1"]').waitFor();
    await screen.locator('.bar[data-option="1"] .bar-count', { hasText: '1 (100 %)' }).waitFor();

    // A reload is the same participant: the changed answer replaces the first one.
    await phone1.reload();
    await phone1.getByRole('radio', { name: 'Okej' }).waitFor();
    assert.ok(await phone1.getByRole('radio', { name: 'Okej' }).isChecked(), 'the earlier answer is kept');
    await phone1.getByRole('radio', { name: 'Bra' }).check();
    await phone1.getByRole('button', { name: 'Skicka igen' }).click();
    await phone1.getByRole('status').filter({ hasText: 'Svaret är mottaget' }).waitFor();
    await screen.locator('.bar[data-option="0"][data-count="1"]').waitFor();
    await screen.locator('.bar[data-option="1"][data-count="0"]').waitFor();
    await screen.locator('#responses[data-count="1"]').waitFor();
    await screen.locator('#participants[data-count="2"]').waitFor();

    await phone2.getByRole('radio', { name: 'Trött' }).check();
    await phone2.getByRole('button', { name: 'Skicka' }).click();
    await phone2.getByRole('status').filter({ hasText: 'Svaret är mottaget' }).waitFor();
    await screen.locator('.bar[data-option="2"][data-count="1"]').waitFor();
    await screen.screenshot({ path: path.join(shots, 'screen-choice.png') });
  });

  await t.test('results on phones and locking', async () => {
    await host.getByRole('button', { name: 'Show results on phones' }).click();
    await phone2.locator('#results-card').waitFor();
    await phone2.locator('#results-card .bar[data-option="0"][data-count="1"]').waitFor();
    await host.getByRole('button', { name: 'Lock answers' }).click();
    await phone2.getByText('Svaren är stängda för den här frågan.').waitFor();
    assert.ok(await phone2.getByRole('radio', { name: 'Bra' }).isDisabled());
    await screen.locator('#locked').waitFor();
    await phone2.screenshot({ path: path.join(shots, 'phone-choice.png'), fullPage: true });
    await host.screenshot({ path: path.join(shots, 'host.png'), fullPage: true });
  });

  await t.test('after a server restart the pages reconnect by themselves', async () => {
    const before = ting.pageErrors.length;
    await stopServer();
    await phone1.locator('#conn:not([data-state="open"])').waitFor();
    await screen.locator('#conn:not([data-state="open"])').waitFor({ state: 'attached' });
    await startServer();
    const secret = new URLSearchParams(new URL(presentUrl).hash.slice(1));
    const res = await fetch(`${base}/api/v1/sessions/${secret.get('s')}`, {
      headers: { Authorization: `Bearer ${secret.get('t')}` },
    });
    assert.equal(res.status, 200, 'the session survives a restart (the embedded engine keeps it in TING_DATA_DIR)');
    for (const p of [phone1, phone2, screen, host]) await p.locator('#conn[data-state="open"]').waitFor({ state: 'attached' });
    // While the server was down the browser logged its refused connections
    // (a socket's retries, a page's fetches): those are the outage itself,
    // every other error still counts.
    const outage = ting.pageErrors.splice(before);
    ting.pageErrors.push(...outage.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED|Failed to load resource/.test(e)));
    await screen.locator('#prompt', { hasText: 'Hur mår du' }).waitFor();
    await screen.locator('.bar[data-option="0"][data-count="1"]').waitFor();
    await screen.locator('#participants[data-count="2"]').waitFor();
    await phone1.getByRole('radio', { name: 'Bra' }).waitFor();
    await phone1.getByText('Svaren är stängda för den här frågan.').waitFor();
    // The facilitator opens the question again and the phone can change its answer.
    await host.getByRole('button', { name: 'Lock answers' }).click();
    await phone1.getByRole('radio', { name: 'Okej' }).check();
    await phone1.getByRole('button', { name: 'Skicka igen' }).click();
    await phone1.getByRole('status').filter({ hasText: 'Svaret är mottaget' }).waitFor();
    await screen.locator('.bar[data-option="1"][data-count="1"]').waitFor();
    await screen.locator('.bar[data-option="0"][data-count="0"]').waitFor();
  });

  await t.test('the phone page fits 320 px', async () => {
    await phone2.setViewportSize({ width: 320, height: 640 });
    await noHorizontalScroll(phone2, 'phone with a question and results');

    const fresh = await openPhone(320, 'phone320');
    await fresh.goto(`${base}/`);
    await fresh.getByLabel('Kod').waitFor();
    await noHorizontalScroll(fresh, 'join page');
    assert.equal(await fresh.getByLabel('Kod').getAttribute('inputmode'), 'numeric');
    await fresh.screenshot({ path: path.join(shots, 'phone-join-320.png'), fullPage: true });
    await axe(fresh, 'phone join page');

    // An unknown code gives a message, not a hang.
    const wrong = code === '00000000' ? '11111111' : '00000000';
    await fresh.getByLabel('Kod').fill(wrong);
    await fresh.getByRole('button', { name: 'Gå med' }).click();
    await fresh.getByRole('alert').filter({ hasText: 'Det finns ingen session med den koden' }).waitFor();
    await fresh.context().close();
  });

  await t.test('a participant reads the phone page in another language', async () => {
    const prompt = await phone2.locator('#q-prompt').textContent();
    await phone2.getByLabel('Språk').selectOption('da');
    await phone2.getByRole('button', { name: 'Forlad' }).waitFor();
    assert.equal(await phone2.evaluate(() => document.documentElement.lang), 'da');
    // The current question is drawn again, now with Danish around it.
    assert.equal(await phone2.locator('#q-prompt').textContent(), prompt);
    await phone2.reload();
    await phone2.getByRole('button', { name: 'Forlad' }).waitFor();
    assert.equal(await phone2.getByLabel('Sprog').inputValue(), 'da');
    await phone2.getByLabel('Sprog').selectOption('sv');
    await phone2.getByRole('button', { name: 'Lämna' }).waitFor();
    assert.equal(await phone2.evaluate(() => document.documentElement.lang), 'sv');
  });

  await t.test('the pages pass axe', async () => {
    await axe(phone2, 'phone question page');
    await axe(host, 'host page');
    await axe(screen, 'big screen');
  });

  await w.close();
  assert.deepEqual(ting.pageErrors, [], 'no script errors in the pages');
});
