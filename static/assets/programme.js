// The programme page's shell (/programme?id=…): create a programme or open
// one, list its sessions and add new ones, its learning groups and the
// paired view between two sessions, and draw its categories and combined
// results (programme/*.js), split by a segment question when chosen. The page speaks the facilitator's language, like /host.

import { $, api, downloadBlob, el, safeName, storage } from './common.js';
import { showError } from './errors.js';
import { applyHost } from './i18n-host.js';
import { browserLanguage, LANGUAGE_NAMES, LANGUAGES, normalizeLanguage, PROGRAMME_STRINGS } from './i18n-programme.js';
import { applyLimits } from './limits.js';
import { t, useLanguage } from './translate.js';
import { typeOf } from './types/index.js';
import { categoryTable, categoryTrend } from './trends.js';
import { drawCombined } from './programme/combined.js';
import { knownProgrammes, loadProgramme, programmeAuth, programmeTitle, rememberProgramme } from './programme/data.js';
import { drawSessions, fillLanguages, mountSessions } from './programme/sessions.js';
import { drawGroups, loadGroups, mountGroups } from './programme/groups.js';
import { drawPaired, mountPaired, redrawPaired } from './programme/paired.js';

const LANG_KEY = 'ting:host-language';

const ui = {
  pageLang: $('#page-language'),
  status: $('#page-status'),
  createView: $('#create-view'),
  createForm: $('#create-form'),
  createTitle: $('#programme-title'),
  createError: $('#create-error'),
  known: $('#known-programmes'),
  view: $('#programme-view'),
  heading: $('#programme-heading'),
  report: $('#report-link'),
  error: $('#programme-error'),
  categories: $('#categories'),
  segmentBy: $('#segment-by'),
  floor: $('#floor-note'),
  questions: $('#questions'),
};

let programmeId = new URLSearchParams(location.search).get('id') || '';
let last = null; // the programme as last read

function say(text) {
  ui.status.textContent = '';
  setTimeout(() => (ui.status.textContent = text), 30);
}

function drawKnown() {
  const list = knownProgrammes();
  ui.known.replaceChildren(
    ...(list.length ? list.map((p) => el('li', {}, el('a', { href: '/programme?id=' + encodeURIComponent(p.id), text: p.title }))) : [el('li', { class: 'muted', text: t('p_noneKnown') })]),
  );
}

function drawSegmentChoices(p) {
  const keep = ui.segmentBy.value || p.segmentBy;
  const choices = p.questions.filter((q) => typeOf(q.type)?.segments);
  ui.segmentBy.replaceChildren(el('option', { value: '', text: t('p_noSplit') }), ...choices.map((q) => el('option', { value: q.origin, text: q.prompt })));
  ui.segmentBy.value = choices.some((q) => q.origin === keep) ? keep : '';
  ui.floor.textContent = t('p_floor', { n: p.minSegment });
}

function drawCategories(p) {
  if (!p.categories.length) {
    ui.categories.replaceChildren(el('p', { class: 'muted', text: t('p_noCategories') }));
    return;
  }
  ui.categories.replaceChildren(categoryTable(p.categories, p.sessions), categoryTrend(p.categories, p.sessions) || '');
}

function draw(p) {
  ui.heading.textContent = p.title || t('p_pageTitle');
  document.title = `Ting · ${ui.heading.textContent}`;
  drawSessions(p);
  drawSegmentChoices(p);
  drawCategories(p);
  drawCombined(ui.questions, p);
}

async function load() {
  ui.error.textContent = '';
  try {
    last = await loadProgramme(programmeId, { segmentBy: ui.segmentBy.value });
    fillLanguages(last.language);
    draw(last);
    await Promise.all([loadGroups(programmeId, last.role), drawPaired(last)]);
    ui.view.dataset.loaded = 'true';
  } catch (err) {
    showError(ui.error, err);
  }
}

function show() {
  ui.createView.hidden = !!programmeId;
  ui.view.hidden = !programmeId;
  if (!programmeId) {
    drawKnown();
    return;
  }
  ui.report.href = '/report?programme=' + encodeURIComponent(programmeId);
  ui.heading.textContent = programmeTitle(programmeId) || t('p_pageTitle');
  load();
}

function setLanguage(code) {
  const lang = useLanguage(code, { dictionaries: PROGRAMME_STRINGS });
  document.documentElement.lang = lang;
  ui.pageLang.value = lang;
  applyHost(document, t);
  if (last && programmeId) {
    draw(last);
    drawGroups();
    redrawPaired();
  } else if (!programmeId) drawKnown();
}

ui.createForm.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  ui.createError.textContent = '';
  const title = ui.createTitle.value.trim();
  if (!title) {
    ui.createError.textContent = t('p_needTitle');
    ui.createTitle.focus();
    return;
  }
  try {
    const p = await api('/programmes', { method: 'POST', body: { title } });
    rememberProgramme({ id: p.id, title: p.title || title, token: p.facilitatorToken });
    programmeId = p.id;
    history.pushState(null, '', '/programme?id=' + encodeURIComponent(p.id));
    say(t('p_created', { t: p.title || title }));
    show();
  } catch (err) {
    showError(ui.createError, err);
  }
});

// download saves the programme's export: one sheet per run and the combined one.
async function download(button, ext, doneKey) {
  button.disabled = true;
  ui.error.textContent = '';
  try {
    const by = ui.segmentBy.value;
    const res = await api(`/programmes/${encodeURIComponent(programmeId)}/export.${ext}` + (by ? '?segmentBy=' + encodeURIComponent(by) : ''), { ...programmeAuth(programmeId), raw: true });
    downloadBlob(await res.blob(), `${safeName(last?.title || 'programme')}.${ext}`);
    say(t(doneKey));
  } catch (err) {
    showError(ui.error, err);
  } finally {
    button.disabled = false;
  }
}

$('#programme-csv').addEventListener('click', (ev) => download(ev.currentTarget, 'csv', 'csvDownloaded'));
$('#programme-xlsx').addEventListener('click', (ev) => download(ev.currentTarget, 'xlsx', 'h_xlsxDone'));
ui.segmentBy.addEventListener('change', () => {
  const by = ui.segmentBy.value;
  ui.report.href = '/report?programme=' + encodeURIComponent(programmeId) + (by ? '&segmentBy=' + encodeURIComponent(by) : '');
  load();
});
mountSessions(() => programmeId, { onAdded: load, say });
mountGroups(() => programmeId);
mountPaired();

applyLimits();
for (const code of LANGUAGES) ui.pageLang.append(el('option', { value: code, lang: code, text: LANGUAGE_NAMES[code] }));
ui.pageLang.addEventListener('change', () => {
  storage.set(LANG_KEY, ui.pageLang.value);
  setLanguage(ui.pageLang.value);
});
fillLanguages('sv');
setLanguage(normalizeLanguage(storage.get(LANG_KEY)) || browserLanguage());
show();
