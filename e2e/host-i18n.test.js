// The facilitator page in every language: it starts in the browser's
// language, the facilitator switches it on the page (remembered), <html lang>
// follows, the session's language stays its own, and no English is left on
// the page in Swedish, Norwegian or Danish.
//
// Run: cd e2e && npm test (shares helpers.js with the other browser tests).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { HOST_STRINGS, LANGUAGES } from '../static/assets/i18n-host.js';
import { translator } from '../static/assets/i18n.js';
import { createSession, joinUrl, openWorkshop } from './fixture.js';
import { axe, noHorizontalScroll, rest, secretOf, shots, startTing, stopTing, ting } from './helpers.js';

before(startTing);
after(stopTing);

// The English the page used to have hard-coded, whatever the dictionaries say.
const OLD_ENGLISH = [
  'Skip to content', 'New session', 'Title', 'Language on phones and the big screen', 'Create session',
  'Join link', 'Participants', 'Open big screen', 'Copy join link', 'Start a new session', 'Add a question',
  'Question type', 'Word cloud', 'Multiple choice', 'Scale', 'Ranking', 'Open text', 'Options', 'Right answer',
  'Seconds to answer', 'Lowest value', 'Highest value', 'Statements', 'Words per participant', 'Words shown at most',
  'Show common little words', 'Group forms of a word', 'Banned words', 'Flagged words', 'Approve entries',
  'Add question', 'Cancel editing', 'participants', 'responses', 'response', 'Live controls', 'Previous', 'Next',
  'Show results on phones', 'Lock answers', 'Show no question', 'Countdown', 'seconds', 'Start countdown',
  'Stop countdown', 'Keys:', 'all shortcuts', 'Questions', 'No questions yet', 'Show', 'Showing', 'Edit',
  'Reset answers', 'options', 'up to', 'statements', 'approve first', 'left', 'Words', 'Nothing yet', 'Approve',
  'Hide', 'Hidden', 'Waiting for approval', 'Flagged', 'Stop word', 'Mark answered', 'No question is shown',
  'Results of the shown question', 'No answers yet', 'Connecting', 'Reconnecting', 'Page language',
];
// Shared strings of i18n.js that the facilitator page shows.
const SHARED_KEYS = ['noAnswers', 'downloadSvg', 'downloadPng', 'answered', 'correct', 'connecting', 'reconnecting'];

// englishFor lists the English strings that must not be on the page in lang:
// the old hard-coded ones and every English string of the dictionaries that
// the language says otherwise (placeholders cut away).
function englishFor(lang) {
  const own = HOST_STRINGS[lang];
  const out = new Set(OLD_ENGLISH);
  for (const [k, en] of Object.entries(HOST_STRINGS.en)) {
    if (own[k] === en) continue;
    for (const part of en.split(/\{\w+\}/)) if (part.trim().length >= 4) out.add(part.trim());
  }
  const enT = translator('en');
  const langT = translator(lang);
  for (const k of SHARED_KEYS) if (enT(k) !== langT(k)) out.add(enT(k));
  // A string the language itself uses is no sign of English (Live, Quiz).
  const native = [...Object.values(own), ...SHARED_KEYS.map((k) => langT(k))].join('\n');
  return [...out].filter((s) => !new RegExp(`(^|[^\\p{L}])${escapeRe(s)}($|[^\\p{L}])`, 'u').test(native));
}

function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// englishOnPage returns where the page shows one of strings: every text node
// (shown or hidden) and every aria-label, placeholder, title and alt, and the
// document's title; text marked with another language (the language names)
// is that language's and not checked.
async function englishOnPage(page, strings) {
  return page.evaluate((strings) => {
    const pageLang = document.documentElement.lang;
    const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const res = strings.map((s) => ({ s, re: new RegExp(`(^|[^\\p{L}])${esc(s)}($|[^\\p{L}])`, 'u') }));
    const ownLang = (node) => (node.closest('[lang]')?.getAttribute('lang') || pageLang) === pageLang;
    const name = (node) => node.tagName.toLowerCase() + (node.id ? `#${node.id}` : '') + (node.className && typeof node.className === 'string' ? `.${node.className.split(' ')[0]}` : '');
    const texts = [{ where: 'document.title', text: document.title }];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const p = n.parentElement;
      if (!p || p.closest('script, style') || !ownLang(p)) continue;
      const text = n.textContent.trim();
      if (text) texts.push({ where: name(p), text });
    }
    for (const node of document.body.querySelectorAll('[aria-label], [placeholder], [title], [alt]')) {
      if (!ownLang(node)) continue;
      for (const attr of ['aria-label', 'placeholder', 'title', 'alt']) {
        const v = node.getAttribute(attr);
        if (v) texts.push({ where: `${name(node)}[${attr}]`, text: v });
      }
    }
    const found = [];
    for (const { where, text } of texts) for (const { s, re } of res) if (re.test(text)) found.push(`${where}: “${text}” has “${s}”`);
    return found;
  }, strings);
}

test('the facilitator page in Swedish, Norwegian and Danish', { timeout: 180000 }, async (t) => {
  const base = ting.base;
  // A Norwegian browser that has not picked a page language yet.
  const w = await openWorkshop({ hostOptions: { locale: 'nb-NO', pageLanguage: null }, screen: false, phones: 1, names: { phones: ['phone'] } });
  const { host } = w;
  const [phone] = w.phones;
  const sv = HOST_STRINGS.sv;
  const prompt = 'Ett ord om fikat';
  const item = host.locator('.question-item', { hasText: prompt });
  const pick = async (lang) => {
    await host.locator('#page-language').selectOption(lang);
    await host.waitForFunction((l) => document.documentElement.lang === l, lang);
  };

  await t.test("the page starts in the browser's language", async () => {
    await host.goto(`${base}/host`);
    await host.getByRole('button', { name: 'Opprett økt' }).waitFor();
    assert.equal(await host.getAttribute('html', 'lang'), 'nb');
    assert.equal(await host.getByLabel('Sidens språk').inputValue(), 'nb');
    assert.equal(await host.title(), 'Ting · Tilrettelegger');
    assert.deepEqual(await englishOnPage(host, englishFor('nb')), [], 'English left on the Norwegian new-session page');
  });

  await t.test('the switcher puts the page in Swedish at once, and a reload keeps it', async () => {
    await host.getByLabel('Sidens språk').selectOption('sv');
    await host.getByRole('button', { name: 'Skapa session' }).waitFor();
    assert.equal(await host.getAttribute('html', 'lang'), 'sv');
    await host.getByRole('status').filter({ hasText: 'Sidan är nu på svenska.' }).waitFor();
    await host.reload();
    await host.getByRole('button', { name: 'Skapa session' }).waitFor();
    assert.equal(await host.getAttribute('html', 'lang'), 'sv');
    assert.equal(await host.getByLabel('Sidans språk').inputValue(), 'sv');
    assert.equal(await host.getByLabel('Titel').getAttribute('placeholder'), 'Medarbetarskap');
    assert.equal(await host.title(), 'Ting · Moderator');
    assert.deepEqual(await englishOnPage(host, englishFor('sv')), [], 'English left on the Swedish new-session page');
    await axe(host, 'host new session in Swedish');
  });

  await t.test('a Danish session from the Swedish page, with a word cloud the phone answers', async () => {
    await host.getByRole('button', { name: 'Skapa session' }).click();
    await host.getByRole('alert').filter({ hasText: 'Ge sessionen en titel.' }).waitFor();
    const labels = { title: 'Titel', language: sv.sessionLanguageLabel, create: 'Skapa session', openScreen: sv.openScreen };
    const { code } = await createSession({ host, title: 'Arbetsmiljö', language: 'da', labels });
    // The session's language is the participants'; the page stays Swedish.
    assert.equal(await host.locator('#session-lang').textContent(), 'Dansk');
    assert.equal(await host.getAttribute('html', 'lang'), 'sv');

    await host.getByRole('button', { name: sv.addQuestion }).click();
    await host.getByRole('alert').filter({ hasText: 'Skriv frågan först.' }).waitFor();
    await host.getByLabel('Ordmoln').check();
    await host.getByLabel('Fråga', { exact: true }).fill(prompt);
    await host.getByRole('button', { name: sv.addQuestion }).click();
    await item.waitFor();
    await host.getByLabel('Fritext').check();
    await host.getByLabel(sv.moderatedLabel).check();
    await host.getByLabel('Fråga', { exact: true }).fill('Vad vill du ändra?');
    await host.getByRole('button', { name: sv.addQuestion }).click();
    await host.locator('.question-item', { hasText: 'Vad vill du ändra?' }).getByText('Fritext · godkänns först · 0 svar').waitFor();

    await item.getByRole('button', { name: 'Visa', exact: true }).click();
    await item.getByRole('button', { name: 'Visas', exact: true }).waitFor();
    await phone.goto(joinUrl(code));
    await phone.getByLabel('Ord 1').fill('Kaffe');
    await phone.getByRole('button', { name: 'Send', exact: true }).click();
    await phone.getByRole('status').filter({ hasText: 'Svaret er modtaget' }).waitFor();
    assert.equal(await phone.getAttribute('html', 'lang'), 'da');

    await host.locator('#live-tools .mod-item', { hasText: 'Kaffe' }).getByRole('button', { name: 'Dölj' }).waitFor();
    await item.getByText('Ordmoln · upp till 3 ord · 1 svar').waitFor();
    await host.locator('.live-stats', { hasText: '1 deltagare' }).waitFor();
    await host.locator('.live-stats', { hasText: '1 svar' }).waitFor();
    await host.locator('#conn[data-state="open"]', { hasText: 'Live' }).waitFor();

    // The confirm before a reset is Swedish too (dismissed: nothing is removed).
    const asked = new Promise((resolve) =>
      host.once('dialog', (d) => {
        resolve(d.message());
        d.dismiss();
      }),
    );
    await item.getByRole('button', { name: 'Nollställ svaren' }).click();
    assert.match(await asked, /^Ta bort alla svar på fråga 1, ”Ett ord om fikat”\? 1 deltagare har svarat\./);

    // The shortcut list speaks the page's language.
    await host.evaluate(() => document.activeElement?.blur());
    await host.keyboard.press('?');
    const help = host.getByRole('dialog', { name: 'Kortkommandon' });
    await help.waitFor();
    assert.match(await help.textContent(), /Nästa fråga/);
    await host.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });

    await host.screenshot({ path: path.join(shots, 'host-sv.png'), fullPage: true });
    await axe(host, 'host in Swedish with a live word cloud');
  });

  for (const lang of ['sv', 'nb', 'da']) {
    await t.test(`the page in ${lang}: its words on the key controls, and no English`, async () => {
      const s = HOST_STRINGS[lang];
      await pick(lang);
      assert.equal(await host.getByLabel(s.pageLanguage).inputValue(), lang);
      await host.getByRole('heading', { name: s.addHeading }).waitFor();
      await host.getByRole('button', { name: s.showResults }).waitFor();
      await host.getByRole('button', { name: s.lockAnswers }).waitFor();
      await host.getByRole('button', { name: s.startCountdown }).waitFor();
      await host.getByRole('group', { name: s.liveControls }).waitFor();
      await host.getByRole('link', { name: s.openScreen }).waitFor();
      await host.getByRole('radio', { name: s.type_wordcloud }).waitFor();
      await host.getByRole('textbox', { name: s.questionLabel, exact: true }).waitFor();
      await item.getByRole('button', { name: s.showing, exact: true }).waitFor();
      await item.getByRole('button', { name: s.edit, exact: true }).waitFor();
      await host.getByRole('heading', { name: s.wordsHeading, exact: true }).waitFor();
      await host.locator('#live-tools .mod-item', { hasText: 'Kaffe' }).getByRole('button', { name: s.hideEntry }).waitFor();
      await host.locator('#conn', { hasText: s.connLive }).waitFor();
      await host.locator('.live-stats', { hasText: `1 ${s.participantsWord_one}` }).waitFor();
      await host.getByRole('status').filter({ hasText: s.pageLanguageSet }).waitFor();
      assert.equal(await host.title(), 'Arbetsmiljö · Ting');
      assert.deepEqual(await englishOnPage(host, englishFor(lang)), [], `English left on the page in ${lang}`);
    });
  }

  await t.test('editing follows a change of language', async () => {
    await pick('sv');
    await item.getByRole('button', { name: 'Redigera', exact: true }).click();
    await host.getByRole('heading', { name: 'Redigera fråga 1' }).waitFor();
    await host.getByRole('button', { name: 'Spara ändringarna' }).waitFor();
    await pick('nb');
    await host.getByRole('heading', { name: 'Rediger spørsmål 1' }).waitFor();
    await host.getByRole('button', { name: 'Lagre endringene' }).waitFor();
    await host.getByRole('button', { name: 'Avbryt redigeringen' }).click();
    await host.getByRole('heading', { name: 'Legg til et spørsmål' }).waitFor();
    await host.getByRole('status').filter({ hasText: 'Redigeringen er avbrutt.' }).waitFor();
  });

  await t.test('every live view in Swedish and Danish has no English', async () => {
    const { id, token } = secretOf(await host.locator('#open-screen').getAttribute('href'));
    const add = (body) => rest('POST', `/sessions/${id}/questions`, { token, body });
    const qs = [
      { type: 'choice', prompt: 'Flerval i dag', options: ['Ja', 'Nej'], multiple: true },
      { type: 'scale', prompt: 'Skala i dag', min: 1, max: 5, statements: ['Trivs', 'Lär mig'] },
      { type: 'ranking', prompt: 'Ordning i dag', options: ['Lön', 'Tid'] },
      { type: 'quiz', prompt: 'Frågesport i dag', options: ['2020', '2024'], correct: [1], seconds: 30 },
      { type: 'qa', prompt: 'Frågor i dag', moderated: true },
    ];
    for (const q of qs) assert.equal((await add(q)).status, 201, q.type);
    await host.reload();
    for (const lang of ['sv', 'da']) {
      await pick(lang);
      for (const q of qs) {
        const row = host.locator('.question-item', { hasText: q.prompt });
        await row.getByRole('button', { name: HOST_STRINGS[lang].show, exact: true }).click();
        await row.getByRole('button', { name: HOST_STRINGS[lang].showing, exact: true }).waitFor();
        await host.locator('#live-prompt', { hasText: q.prompt }).waitFor();
        await host.locator('#live-results > *').first().waitFor();
        assert.deepEqual(await englishOnPage(host, englishFor(lang)), [], `English on the ${q.type} live view in ${lang}`);
      }
    }
    await host.locator('#live-results .mod-summary', { hasText: '0 spørgsmål' }).waitFor();
    await host.getByRole('button', { name: 'Vis intet spørgsmål' }).click();
    await host.locator('#live-results', { hasText: 'Resultaterne for det viste spørgsmål kommer her.' }).waitFor();
    await axe(host, 'host in Danish');
  });

  await t.test('the check finds English on the English page, and the page fits 320 px', async () => {
    await host.locator('.question-item', { hasText: prompt }).getByRole('button', { name: 'Vis', exact: true }).click();
    await pick('en');
    await host.getByRole('button', { name: 'Show results on phones' }).waitFor();
    await item.getByRole('button', { name: 'Showing', exact: true }).waitFor();
    const found = await englishOnPage(host, englishFor('sv'));
    assert.ok(found.length >= 30, `the scan sees the English page (${found.length} hits)`);
    await pick('nb');
    await host.setViewportSize({ width: 320, height: 800 });
    await noHorizontalScroll(host, 'Norwegian host page');
    await host.screenshot({ path: path.join(shots, 'host-nb-320.png') });
    assert.ok(LANGUAGES.includes(await host.getAttribute('html', 'lang')));
  });

  await w.close();
  assert.deepEqual(ting.pageErrors, [], 'no script errors in the pages');
});
