// End-to-end test of the facilitator's question list: reorder with the
// move buttons (focus stays on the moved question) and delete after a
// confirmation, with a phone that loses a deleted current question.
//
// Run: cd e2e && npm test (shares helpers.js with the other test files).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSession, joinUrl, openPhone, openWorkshop } from './fixture.js';
import { rest, startTing, stopTing, ting } from './helpers.js';

before(startTing);
after(stopTing);

const prompts = ['Första frågan', 'Andra frågan', 'Tredje frågan'];

async function order(host) {
  return host.locator('.question-item .q-prompt').allTextContents();
}

test('the facilitator reorders and deletes questions', { timeout: 120000 }, async () => {
  const { host } = await openWorkshop({ screen: false });
  const { code, secret } = await createSession({ host, title: 'Ordning' });
  const { id, token } = secret;
  const ids = [];
  for (const prompt of prompts) {
    const res = await rest('POST', `/sessions/${id}/questions`, { token, body: { type: 'open', prompt } });
    assert.equal(res.status, 201);
    ids.push(res.body.id);
  }
  await host.reload();
  await host.locator('.question-item', { hasText: prompts[2] }).waitFor();
  assert.deepEqual(await order(host), ['1. Första frågan', '2. Andra frågan', '3. Tredje frågan']);

  const first = host.locator('.question-item', { hasText: prompts[0] });
  assert.equal(await host.locator('.question-item').first().getByRole('button', { name: 'Move up' }).isDisabled(), true);
  await first.getByRole('button', { name: 'Move down' }).click();
  await host.waitForFunction(() => document.querySelector('.question-item .q-prompt')?.textContent.includes('Andra'));
  assert.deepEqual(await order(host), ['1. Andra frågan', '2. Första frågan', '3. Tredje frågan']);
  // Focus follows the moved question, so a keyboard user can move it again.
  assert.equal(await host.evaluate(() => document.activeElement?.closest('.question-item')?.textContent.includes('Första')), true);
  await host.keyboard.press('Enter');
  await host.waitForFunction(() => document.querySelectorAll('.question-item .q-prompt')[2]?.textContent.includes('Första'));
  const stored = await rest('GET', `/sessions/${id}`, { token });
  assert.deepEqual(stored.body.questions.map((q) => q.id), [ids[1], ids[2], ids[0]]);

  // Deleting the current question takes it off the phone.
  const phone = await openPhone(390, 'phone');
  await phone.goto(joinUrl(code));
  await host.locator('.question-item', { hasText: prompts[2] }).getByRole('button', { name: 'Show' }).click();
  await phone.locator('#q-prompt', { hasText: prompts[2] }).waitFor();
  let asked = '';
  host.once('dialog', (d) => {
    asked = d.message();
    d.accept();
  });
  await host.locator('.question-item', { hasText: prompts[2] }).getByRole('button', { name: 'Delete' }).click();
  await host.locator('.question-item', { hasText: prompts[2] }).waitFor({ state: 'detached' });
  assert.match(asked, /Tredje frågan/);
  assert.deepEqual(await order(host), ['1. Andra frågan', '2. Första frågan']);
  await phone.locator('#q-prompt', { hasText: prompts[2] }).waitFor({ state: 'detached' });

  // Cancelling the confirmation keeps the question.
  host.once('dialog', (d) => d.dismiss());
  await host.locator('.question-item', { hasText: prompts[0] }).getByRole('button', { name: 'Delete' }).click();
  assert.equal((await rest('GET', `/sessions/${id}`, { token })).body.questions.length, 2);
  assert.deepEqual(ting.pageErrors, []);
});
