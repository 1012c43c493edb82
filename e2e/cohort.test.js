// Browser test of a cohort over two workshops of one programme: phones
// join the first workshop, the facilitator splits the programme's
// participants into groups with buddy pairs, and in the second workshop
// every phone shows its group and pair at once, without being told again.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { joinUrl, openWorkshop } from './fixture.js';
import { adminKey, axe, noHorizontalScroll, rest, shots, startTing, stopTing } from './helpers.js';

before(startTing);
after(stopTing);

async function session(programme, title) {
  const r = await rest('POST', '/sessions', { token: adminKey, body: { title, language: 'sv', programme } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

test('a phone keeps its group and buddy pair across two workshops of a programme', { timeout: 120000 }, async () => {
  const { phones, close } = await openWorkshop({ host: false, screen: false, phones: [320, 390, 390, 390, 390] });
  try {
    const prog = await rest('POST', '/programmes', { token: adminKey, body: { title: 'Ledarskap 2027' } });
    assert.equal(prog.status, 201);
    const first = await session(prog.body.id, 'Modul 1, dag 1');
    for (const p of phones) {
      await p.goto(joinUrl(first.code));
      await p.locator('#live-view:not([hidden])').waitFor();
    }
    const split = await rest('POST', `/programmes/${prog.body.id}/groups`, { token: adminKey, body: { count: 2, pairs: true } });
    assert.equal(split.status, 200, JSON.stringify(split.body));
    const groups = [];
    for (const p of phones) {
      await p.locator('#group-card:not([hidden])').waitFor();
      await p.locator('#group-pair:not([hidden])').waitFor();
      groups.push({ group: await p.locator('#group-name').textContent(), pair: await p.locator('#group-pair').textContent() });
    }
    assert.equal(new Set(groups.map((g) => g.group)).size, 2, JSON.stringify(groups));
    for (const g of groups) assert.match(g.pair, /^Ditt par: Par [12]$/);

    // The next workshop, weeks later: a new code, the same phones.
    const second = await session(prog.body.id, 'Modul 1, dag 2');
    for (const [i, p] of phones.entries()) {
      await p.goto(joinUrl(second.code));
      await p.locator('#live-heading', { hasText: 'Modul 1, dag 2' }).waitFor({ state: 'attached' });
      await p.locator('#group-card:not([hidden])').waitFor();
      assert.equal(await p.locator('#group-name').textContent(), groups[i].group, `phone ${i + 1}'s group`);
      assert.equal(await p.locator('#group-pair').textContent(), groups[i].pair, `phone ${i + 1}'s pair`);
    }
    const results = await rest('GET', `/programmes/${prog.body.id}/results`, { token: adminKey });
    assert.deepEqual(results.body.sessions.map((s) => s.participants), [5, 5]);
    await noHorizontalScroll(phones[0], 'phone with its group and pair');
    await axe(phones[0], 'phone with its group and pair');
    await phones[0].screenshot({ path: path.join(shots, 'phone-cohort-pair.png') });
  } finally {
    await close();
  }
});
