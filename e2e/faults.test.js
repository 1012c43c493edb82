// End-to-end test of a crash during a vote: Ting is killed with SIGKILL
// while real phone pages are joined, one phone answers while it is down,
// and Ting is started again on the same data directory. The answer
// acknowledged before the crash is kept; the one sent while Ting was away
// goes again by itself once the phone is back, and counts once.
//
// Run: cd e2e && npm test (shares helpers.js with the other files).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSession, joinUrl, openWorkshop } from './fixture.js';
import { killServer, rest, startServer, startTing, stopTing, ting } from './helpers.js';

before(startTing);
after(stopTing);

test('a crash mid-vote loses no answer and counts none twice', { timeout: 120000 }, async () => {
  const { created, code, secret } = await createSession({ title: 'Krasch', language: 'sv' });
  assert.equal(created.status, 201);
  const { id, token } = secret;
  const q = await rest('POST', `/sessions/${id}/questions`, {
    token,
    body: { type: 'choice', prompt: 'Hur mår du?', options: ['Bra', 'Okej', 'Trött'] },
  });
  assert.equal(q.status, 201);
  assert.equal((await rest('PATCH', `/sessions/${id}/state`, { token, body: { questionId: q.body.id } })).status, 200);
  const results = async () => (await rest('GET', `/sessions/${id}/results`, { token })).body.questions[0];

  const w = await openWorkshop({ host: false, screen: false, phones: 2 });
  const [phone1, phone2] = w.phones;
  for (const p of [phone1, phone2]) {
    await p.goto(joinUrl(code));
    await p.getByRole('radio', { name: 'Bra' }).waitFor();
  }
  await phone1.getByRole('radio', { name: 'Bra' }).check();
  await phone1.getByRole('button', { name: 'Skicka' }).click();
  await phone1.getByRole('status').filter({ hasText: 'Svaret är mottaget' }).waitFor();

  await killServer();
  await phone2.locator('#conn:not([data-state="open"])').waitFor({ state: 'attached' });
  // Phone 2 answers while Ting is away: the page keeps the answer.
  await phone2.getByRole('radio', { name: 'Trött' }).check();
  await phone2.getByRole('button', { name: 'Skicka' }).click();

  await startServer();
  // Back, the page sends it by itself and gets its ack.
  await phone2.getByRole('status').filter({ hasText: 'Svaret är mottaget' }).waitFor({ timeout: 20000 });
  for (const p of [phone1, phone2]) await p.locator('#conn[data-state="open"]').waitFor({ state: 'attached' });
  const r = await results();
  assert.equal(r.responses, 2, 'both phones counted');
  assert.deepEqual(r.counts, [1, 0, 1], 'the answer from before the crash kept, the one from after counted once');

  // Phone 1 sends again after the restart (as after a lost ack): still once.
  await phone1.getByRole('radio', { name: 'Bra' }).check();
  await phone1.getByRole('button', { name: /Skicka/ }).click();
  await phone1.getByRole('status').filter({ hasText: 'Svaret är mottaget' }).waitFor();
  assert.deepEqual((await results()).counts, [1, 0, 1]);

  // Reconnecting pages log errors about the lost connection; nothing else.
  const unexpected = ting.pageErrors.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED|Failed to load resource/.test(e));
  assert.deepEqual(unexpected, []);
  ting.pageErrors.length = 0;
  await w.close();
});
