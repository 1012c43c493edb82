// End-to-end tests of joins in a real Chromium: closing a session for new
// participants (the live panel shows joins in the last minute, its button
// closes the session, a new phone is told so, and a phone already in
// rejoins after a reload), and the join link's key, which gets a phone
// past a guesser who spent its address's failed code lookups.
//
// Run: cd e2e && npm ci && node --test joins.test.js

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { axe, noHorizontalScroll, startTing, stopTing, ting } from './helpers.js';
import { createSession, joinUrl, openWorkshop } from './fixture.js';

before(startTing);
after(stopTing);

test('the facilitator closes the session for new participants', { timeout: 120000 }, async () => {
  const {
    host,
    phones: [phone1, phone2],
  } = await openWorkshop({ screen: false, phones: 2 });
  const { code } = await createSession({ host, title: 'Teater' });

  await phone1.goto(joinUrl(code));
  await phone1.locator('#waiting-heading').waitFor();
  await host.locator('#live-participants', { hasText: '1' }).waitFor();
  await host.locator('#live-joins', { hasText: '1' }).waitFor();

  const toggle = host.getByRole('button', { name: 'Close for new participants' });
  await toggle.click();
  await host.locator('#toggle-joins[aria-pressed="true"]').waitFor();
  await axe(host, 'host page, closed for new participants');

  await phone2.goto(joinUrl(code));
  await phone2.locator('#join-error', { hasText: 'tar inte emot nya deltagare' }).waitFor();

  // A phone already in comes back with its token.
  await phone1.reload();
  await phone1.locator('#waiting-heading').waitFor();

  // A reload of the host page shows the session still closed; opening it lets the new phone in.
  await host.reload();
  await host.locator('#toggle-joins[aria-pressed="true"]').waitFor();
  await toggle.click();
  await host.locator('#toggle-joins[aria-pressed="false"]').waitFor();
  await phone2.goto(joinUrl(code));
  await phone2.locator('#waiting-heading').waitFor();
  await host.locator('#live-participants', { hasText: '2' }).waitFor();
  assert.equal(await host.locator('#live-joins').textContent(), '2');
});

// A guesser at the theatre's address spends its failed code lookups: a
// phone that typed the code is refused and told to scan the QR code; a
// phone that opened the join link (its key, which the big screen's QR
// code carries too) joins.
test('the join link gets past a guesser at the same address', { timeout: 120000 }, async () => {
  const {
    screen,
    phones: [typed, linked],
    close,
  } = await openWorkshop({ host: false, phones: [320, 390] });
  const { code, created } = await createSession({ title: 'Teater' });
  const link = created.body.joinUrl;
  const key = new URL(link).searchParams.get('k');
  assert.match(key, /^[\w-]{22}$/);

  await screen.goto(created.body.presentUrl);
  await screen.locator('#lobby-qr:not([hidden])').waitFor();
  assert.equal(new URL(await screen.locator('#lobby-qr').getAttribute('src'), ting.base).searchParams.get('k'), key);
  assert.doesNotMatch(await screen.locator('#lobby-host').textContent(), /k=/);

  // The guesser: wrong codes over raw WebSockets from this browser's address, ten to a socket.
  await typed.goto(`${ting.base}/`);
  const answers = await typed.evaluate(
    (code) =>
      new Promise((resolve, reject) => {
        const seen = {};
        let socket = 0;
        const next = () => {
          if (socket === 15) return resolve(seen);
          const ws = new WebSocket(`${location.origin.replace('http', 'ws')}/ws`);
          let left = 10;
          ws.onopen = () => {
            for (let i = 0; i < 10; i++) {
              const guess = String(10000000 + socket * 10 + i);
              ws.send(JSON.stringify({ type: 'join', code: guess === code ? '19999999' : guess }));
            }
          };
          ws.onmessage = (ev) => {
            const m = JSON.parse(ev.data);
            seen[m.code] = (seen[m.code] || 0) + 1;
            if (--left === 0) {
              ws.close();
              socket++;
              next();
            }
          };
          ws.onerror = () => reject(new Error('socket failed'));
        };
        next();
      }),
    code,
  );
  assert.ok(answers.rate_limited >= 40, `guesses: ${JSON.stringify(answers)}`);

  await typed.getByLabel('Kod').fill(code);
  await typed.getByRole('button', { name: 'Gå med' }).click();
  await typed.locator('#join-error', { hasText: 'Skanna QR-koden' }).waitFor();
  await axe(typed, 'phone refused while a guesser spent the budget');
  await noHorizontalScroll(typed, 'phone refused while a guesser spent the budget');

  await linked.goto(link);
  await linked.locator('#waiting-heading').waitFor();
  assert.equal(new URL(linked.url()).searchParams.get('k'), key);
  await close();
});
