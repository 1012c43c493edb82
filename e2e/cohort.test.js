// Browser test of a cohort over two workshops of one programme: phones
// join the first workshop, the facilitator splits the programme's
// participants into groups with buddy pairs, and in the second workshop
// every phone shows its group and pair at once, without being told again.
// The second test runs a municipality's leadership programme from the
// programme page: learning groups with buddy pairs made there, the big
// screen listing them, a scale asked in both workshops and its paired view
// (up, same, down; a statement too few answered both times hidden), and a
// viewer of the working group who sees all of it but may not regroup.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { joinUrl, openHost, openScreen, openViewer, openWorkshop } from './fixture.js';
import { adminKey, axe, noHorizontalScroll, rest, shots, startTing, stopTing, ting, watch } from './helpers.js';

const docsShots = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'screenshots');

before(startTing);
after(stopTing);

async function session(programme, title, { language = 'sv', minSegment } = {}) {
  const body = { title, language, programme };
  if (minSegment !== undefined) body.minSegment = minSegment;
  const r = await rest('POST', '/sessions', { token: adminKey, body });
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

// The leadership programme's scale, asked in both workshops.
const SCALE = { type: 'scale', prompt: 'Hvordan står det til med dit lederskab?', min: 1, max: 5, statements: ['I rollen', 'I gruppen'] };
// What each of the eight phones answers in each workshop, per statement
// (null: left open). "I rollen": 3 higher, 3 the same, 2 lower, of 8;
// "I gruppen": only the first phone answers it both times, below the floor of 2.
const ANSWERS = [
  [[3, 2], [4, 4]],
  [[3, 3], [5, null]],
  [[3, null], [4, null]],
  [[3, null], [3, null]],
  [[3, null], [3, null]],
  [[3, null], [3, null]],
  [[3, null], [2, null]],
  [[3, null], [1, null]],
];

// answerScale answers the current scale question on a Danish phone.
async function answerScale(phone, values) {
  await phone.getByRole('heading', { name: SCALE.prompt }).waitFor();
  for (const [i, v] of values.entries()) {
    if (v !== null) await phone.getByRole('group', { name: SCALE.statements[i] }).getByRole('radio', { name: String(v), exact: true }).check();
  }
  await phone.getByRole('button', { name: 'Send' }).click();
  await phone.getByRole('status').filter({ hasText: 'Svaret er modtaget' }).waitFor();
}

// showScale makes the session's scale question the current one.
async function showScale(s) {
  const doc = (await rest('GET', `/sessions/${s.id}`, { token: s.facilitatorToken })).body;
  const q = doc.questions.find((x) => x.prompt === SCALE.prompt);
  assert.ok(q, `${doc.title} has the scale`);
  assert.equal((await rest('PATCH', `/sessions/${s.id}/state`, { token: s.facilitatorToken, body: { questionId: q.id } })).status, 200);
}

// pairedRow reads one statement's row of the paired view.
const pairedRow = (page, i) =>
  page.locator(`#paired .pp-row[data-statement="${i}"]`).evaluate((e) => ({ ...e.dataset, text: e.textContent }));

test('a leadership programme on the programme page: learning groups with buddy pairs, the big screen, the paired view and a read-only viewer', { timeout: 240000 }, async () => {
  const host = await openHost();
  const { phones, close } = await openWorkshop({ host: false, screen: false, phones: [320, 390, 390, 390, 390, 390, 390, 390] });
  let screen;
  let viewer;
  try {
    // The facilitator makes the programme on its page; the workshops come by REST.
    await host.goto(`${ting.base}/programme`);
    await host.getByLabel('Programme title').fill('Lederudvikling 2027');
    await host.getByRole('button', { name: 'Create programme' }).click();
    await host.getByRole('heading', { name: 'Lederudvikling 2027', level: 1 }).waitFor();
    const programmeId = new URL(host.url()).searchParams.get('id');
    const first = await session(programmeId, 'Modul 1', { language: 'da', minSegment: 2 });
    assert.equal((await rest('POST', `/sessions/${first.id}/questions`, { token: first.facilitatorToken, body: SCALE })).status, 201);
    await showScale(first);

    // Before anyone joined: no groups, and the paired view waits for a second workshop.
    await host.reload();
    await host.locator('#programme-view[data-loaded="true"]').waitFor();
    const card = host.locator('#groups-card');
    await card.getByText('No groups yet.').waitFor();
    await host.locator('#paired-card').getByText('The changes show once the programme has two sessions.').waitFor();
    assert.equal(await card.getByRole('button', { name: 'Make groups' }).count(), 1);
    await axe(host, 'programme page before its groups and second workshop');

    for (const [i, p] of phones.entries()) {
      await p.goto(joinUrl(first.code));
      await answerScale(p, ANSWERS[i][0]);
    }

    // Learning groups of four with buddy pairs, made on the programme page.
    const posts = [];
    host.on('request', (r) => r.method() === 'POST' && r.url().endsWith(`/programmes/${programmeId}/groups`) && posts.push(r.postDataJSON()));
    await card.getByLabel('People per group').check();
    await card.getByLabel('How many').fill('1');
    await card.getByRole('button', { name: 'Make groups' }).click();
    await card.getByRole('alert').filter({ hasText: 'at least 2 people per group' }).waitFor();
    assert.deepEqual(posts, [], 'a size of one is not sent');
    await card.getByLabel('How many').fill('4');
    assert.ok(await card.getByLabel('Buddy pairs within each group').isChecked(), 'buddy pairs are on at first');
    await card.getByRole('button', { name: 'Make groups' }).click();
    await card.getByRole('status').filter({ hasText: '8 participants in 2 groups.' }).waitFor();
    assert.deepEqual(posts, [{ size: 4, pairs: true }]);
    assert.equal(await card.locator('#groups-error').textContent(), '', 'the error of the size of one is gone');
    const listed = () => card.locator('.programme-group').evaluateAll((els) => els.map((e) => ({ ...e.dataset, text: e.textContent })));
    assert.deepEqual((await listed()).map(({ group, members, pairs }) => ({ group, members, pairs })), [
      { group: 'Gruppe 1', members: '4', pairs: '2' },
      { group: 'Gruppe 2', members: '4', pairs: '2' },
    ]);
    assert.match((await listed())[0].text, /Gruppe 1\s*4 people\s*2 pairs/);

    // A split exists: the button regroups, and only after the facilitator confirms.
    const regroup = card.getByRole('button', { name: 'Regroup' });
    await regroup.click();
    const dialog = host.getByRole('dialog', { name: 'Regroup everyone?' });
    await dialog.waitFor();
    await axe(host, 'programme page asking before it regroups');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(posts.length, 1, 'a cancelled regroup sends nothing');
    await card.getByLabel('Number of groups').check();
    await card.getByLabel('How many').fill('2');
    await regroup.click();
    const regrouped = host.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/groups'));
    await dialog.getByRole('button', { name: 'Regroup' }).click();
    assert.equal((await regrouped).status(), 200);
    await card.getByRole('status').filter({ hasText: '8 participants in 2 groups.' }).waitFor();
    assert.deepEqual(posts[1], { count: 2, pairs: true });
    await axe(host, 'programme page with learning groups');
    await card.screenshot({ path: path.join(docsShots, 'programme-groups.png') });

    // Every phone shows its group of four and its buddy pair of two.
    const seen = [];
    for (const p of phones) {
      await p.locator('#group-pair:not([hidden])').waitFor();
      seen.push({ group: await p.locator('#group-name').textContent(), pair: await p.locator('#group-pair').textContent() });
    }
    for (const name of ['Gruppe 1', 'Gruppe 2']) {
      const members = seen.filter((s) => s.group === name);
      assert.equal(members.length, 4, `${name}: ${JSON.stringify(seen)}`);
      for (const pair of ['Dit makkerpar: Par 1', 'Dit makkerpar: Par 2']) assert.equal(members.filter((s) => s.pair === pair).length, 2, `${name}, ${pair}`);
    }

    // The second workshop: the big screen lists the learning groups under the question.
    const second = await session(programmeId, 'Modul 2', { language: 'da', minSegment: 2 });
    await showScale(second);
    screen = await openScreen();
    await screen.goto(`${ting.base}/screen#s=${second.id}&t=${second.facilitatorToken}`);
    await screen.getByRole('heading', { name: SCALE.prompt }).waitFor();
    const shown = screen.locator('#groups-panel');
    await shown.waitFor();
    await shown.locator('.screen-group-pairs').nth(1).waitFor();
    const chips = await shown.locator('li').evaluateAll((lis) => lis.map((li) => [...li.querySelectorAll('.screen-group-name, .screen-group-size, .screen-group-pairs')].map((e) => e.textContent)));
    assert.deepEqual(chips, [
      ['Gruppe 1', '4 personer', '2 par'],
      ['Gruppe 2', '4 personer', '2 par'],
    ]);
    for (const [i, p] of phones.entries()) {
      await p.goto(joinUrl(second.code));
      await p.locator('#live-heading', { hasText: 'Modul 2' }).waitFor({ state: 'attached' });
      assert.equal(await p.locator('#group-pair').textContent(), seen[i].pair, `phone ${i + 1} keeps its pair`);
      await answerScale(p, ANSWERS[i][1]);
    }
    await screen.locator('#participants[data-count="8"]').waitFor({ state: 'attached' });
    await axe(screen, 'big screen with the learning groups');
    await screen.screenshot({ path: path.join(docsShots, 'screen-cohort-groups.png') });

    // The paired view: from the first workshop to the second, then back.
    await host.reload();
    await host.locator('#programme-view[data-loaded="true"]').waitFor();
    const paired = host.locator('#paired-card');
    assert.equal(await paired.getByLabel('From').inputValue(), first.id);
    assert.equal(await paired.getByLabel('To').inputValue(), second.id);
    await paired.locator('.pp-row').first().waitFor();
    await paired.getByRole('heading', { name: SCALE.prompt }).waitFor();
    const role = await pairedRow(host, 0);
    assert.deepEqual([role.hidden, role.paired, role.up, role.same, role.down], ['false', '8', '3', '3', '2']);
    for (const text of ['I rollen', '8 answered both', '3 higher', '3 the same', '2 lower']) assert.ok(role.text.includes(text), `the row says ${text}: ${role.text}`);
    const group = await pairedRow(host, 1);
    assert.equal(group.hidden, 'true');
    assert.equal(group.paired, undefined, 'a hidden statement gives no count');
    assert.ok(group.text.includes('Too few answered both to show (at least 2).'), group.text);
    await axe(host, 'programme page with the paired view');
    await paired.screenshot({ path: path.join(docsShots, 'programme-paired.png') });
    await host.setViewportSize({ width: 320, height: 800 });
    await noHorizontalScroll(host, 'programme page with groups and the paired view');
    await host.setViewportSize({ width: 1280, height: 900 });

    // The printed report carries the paired view from the first to the last workshop.
    const report = watch(await host.context().newPage(), 'programme report');
    await report.goto(`${ting.base}/report?programme=${encodeURIComponent(programmeId)}`);
    await report.locator('body[data-ready="true"]').waitFor();
    const inReport = report.locator('.report-paired');
    assert.equal(await inReport.locator('h2').textContent(), 'Forandring fra Modul 1 til Modul 2');
    const printed = await inReport.locator('.pp-row').evaluateAll((els) => els.map((e) => ({ ...e.dataset })));
    assert.deepEqual(printed.map((r) => [r.hidden, r.paired, r.up, r.same, r.down]), [['false', '8', '3', '3', '2'], ['true', undefined, undefined, undefined, undefined]]);
    await axe(report, 'programme report with the paired view');
    await report.close();
    await paired.getByLabel('From').selectOption(second.id);
    await paired.getByText('Pick two different sessions.').waitFor();
    await paired.getByLabel('To').selectOption(first.id);
    await host.locator('#paired .pp-row[data-statement="0"][data-up="2"]').waitFor();
    const back = await pairedRow(host, 0);
    assert.deepEqual([back.paired, back.up, back.same, back.down], ['8', '2', '3', '3']);

    // A viewer of the working group reads the groups and the paired view, and gets no form.
    const made = await openViewer(`/programmes/${programmeId}/members`);
    viewer = made.page;
    const refused = [];
    viewer.on('response', (r) => r.status() === 403 && refused.push(`${r.request().method()} ${new URL(r.url()).pathname}`));
    await viewer.goto(`${ting.base}/programme?id=${programmeId}`);
    await viewer.locator('#programme-view[data-loaded="true"]').waitFor();
    const theirs = viewer.locator('#groups-card');
    await theirs.getByText('You may read this programme: only its owner and co-facilitators make groups.').waitFor();
    assert.equal(await theirs.locator('.programme-group').count(), 2);
    assert.equal(await theirs.getByRole('button', { name: /Make groups|Regroup/ }).count(), 0, 'a viewer gets no form');
    assert.ok(await viewer.locator('#groups-form').isHidden());
    await viewer.locator('#paired .pp-row[data-statement="0"][data-up="3"]').waitFor();
    const read = await pairedRow(viewer, 0);
    assert.deepEqual([read.paired, read.up, read.same, read.down], ['8', '3', '3', '2']);
    assert.equal((await pairedRow(viewer, 1)).hidden, 'true');
    assert.equal((await rest('POST', `/programmes/${programmeId}/groups`, { token: made.key, body: { size: 4 } })).status, 403, 'the server refuses a viewer too');
    await axe(viewer, 'programme page of a viewer');
    await viewer.setViewportSize({ width: 320, height: 800 });
    await noHorizontalScroll(viewer, 'programme page of a viewer');
    // A programme's viewer reads its sessions (their questions label the
    // combined results), and nothing the page asks for is refused.
    assert.deepEqual(refused, []);
    assert.ok(await viewer.locator('#questions').getByText('I rollen').first().isVisible(), 'the combined results name the statements');
    assert.deepEqual(ting.pageErrors, []);
  } finally {
    await close();
    for (const p of [host, screen, viewer]) if (p) await p.context().close();
  }
});
