// End-to-end test of closing a session for new participants in a real
// Chromium: the live panel shows joins in the last minute, its button
// closes the session, a new phone is told so, and a phone already in
// rejoins after a reload.
//
// Run: cd e2e && npm ci && node --test joins.test.js

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { axe, startTing, stopTing } from './helpers.js';
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
