// The printable report (/report?session=… or /report?programme=…, with
// &segmentBy=… for splits, and &selected=true for a session's selected
// examples only): title, dates, participants per run, a programme's
// paired view between its first and last session, the
// categories, and every question with its chart or word cloud as an SVG
// picture, its trend over the runs, its split by segment with the floor
// applied and its moderated answers. It speaks the session's language (a
// programme's: its newest session's) and prints on A4 (report.css).

import { $, api, el } from './common.js';
import { showError } from './errors.js';
import { applyStatic, PROGRAMME_STRINGS } from './i18n-programme.js';
import { language, t, useLanguage } from './translate.js';
import { typeOf } from './types/index.js';
import { categoryTable, categoryTrend, trendOf } from './trends.js';
import { asFacilitator, loadProgramme, programmeAuth, programmeTitle, visible } from './programme/data.js';
import { pairedView } from './programme/paired-view.js';

const params = new URLSearchParams(location.search);
const ui = { report: $('#report'), error: $('#report-error'), status: $('#page-status'), print: $('#print'), back: $('#back') };

// theme is a question whose answers a working group selects.
const theme = (q) => !!typeOf(q.type)?.selectable;

const day = (iso) => (iso ? new Date(iso).toLocaleDateString(language(), { year: 'numeric', month: 'long', day: 'numeric' }) : '');

// sessionReport reads one session as a programme of one run. With
// selected, only what the working group selected: each theme (open and
// Q&A question) with its selected answers.
async function sessionReport(id, { selected = false } = {}) {
  const path = `/sessions/${encodeURIComponent(id)}`;
  const segmentBy = params.get('segmentBy') || '';
  const auth = asFacilitator(id);
  const query = new URLSearchParams({ ...(segmentBy ? { segmentBy } : {}), ...(selected ? { selected: 'true' } : {}) }).toString();
  const [doc, res] = await Promise.all([api(path, auth), api(path + '/results' + (query ? '?' + query : ''), auth)]);
  const byId = new Map((res.questions || []).map((r) => [r.id, r]));
  const asked = (doc.questions || []).filter((q) => !selected || theme(q) || q.id === segmentBy);
  const questions = asked.map((q) => ({ ...q, origin: q.id, result: byId.get(q.id) || { responses: 0 } }));
  const participants = Number.isInteger(doc.participants) ? doc.participants : Math.max(0, ...questions.map((q) => q.result.responses || 0));
  return {
    title: doc.title,
    sessions: [{ id: doc.id, title: doc.title, createdAt: doc.createdAt, participants }],
    questions,
    categories: (res.categories || []).map((c) => ({ ...c, runs: [{ sessionId: doc.id, mean: c.mean }] })),
    language: doc.language,
    minSegment: doc.minSegment || 5,
    segmentBy: res.segmentBy || segmentBy,
    selected,
  };
}

function picture(q, r) {
  const box = el('div', { class: 'report-chart' });
  const m = typeOf(q.type);
  return { box, draw: () => m?.report?.(box, q, visible(r)) };
}

// howMany says how many answered, or in a selection how many are selected.
function howMany(p, r) {
  if (!p.selected) return t('p_answers', { n: r.responses || 0 });
  const v = visible(r);
  return t('p_selectedCount', { n: (v.answers || v.entries || []).length });
}

function segmentsOf(q, p, later) {
  if (!Array.isArray(q.result.segments) || q.origin === p.segmentBy) return null;
  const by = p.questions.find((x) => x.origin === p.segmentBy);
  const cells = q.result.segments.map((s) => {
    if (s.hidden) return el('li', { class: 'report-segment is-hidden', dataset: { hidden: 'true' } }, el('h4', { text: s.label }), el('p', { text: t('p_hidden') }));
    const pic = picture(q, s);
    later.push(pic.draw);
    return el('li', { class: 'report-segment' }, el('h4', {}, s.label, ' ', el('span', { class: 'muted', text: howMany(p, s) })), pic.box);
  });
  return el('section', { class: 'report-split' }, el('h3', { text: t('p_split', { q: by?.prompt || '' }) }), el('p', { class: 'muted', text: t('p_floor', { n: p.minSegment }) }), el('ol', { class: 'report-segments' }, cells));
}

function questionSection(q, p, later) {
  const pic = picture(q, q.result);
  later.push(pic.draw);
  const trend = trendOf(q, p.sessions);
  return el(
    'section',
    { class: 'report-q', dataset: { origin: q.origin, type: q.type } },
    el('h2', { text: q.prompt }),
    el('p', { class: 'muted' }, [t('type_' + q.type), q.category ? t('p_category', { c: q.category }) : null, howMany(p, q.result)].filter(Boolean).join(' · ')),
    pic.box,
    trend ? el('div', { class: 'report-trend' }, el('h3', { text: t('p_trend') }), trend) : null,
    segmentsOf(q, p, later),
  );
}

function runsTable(p) {
  return el(
    'table',
    { class: 'report-runs' },
    el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: '#' }), el('th', { scope: 'col', text: t('p_runOf') }), el('th', { scope: 'col', text: t('p_dates') }), el('th', { scope: 'col', text: t('p_participantsHead') }))),
    el('tbody', {}, p.sessions.map((s, i) => el('tr', { dataset: { session: s.id } }, el('td', { text: String(i + 1) }), el('td', { text: s.title }), el('td', { text: day(s.createdAt) }), el('td', { class: 'num', text: String(s.participants || 0) })))),
  );
}

function draw(p) {
  const first = p.sessions[0]?.createdAt;
  const lastAt = p.sessions[p.sessions.length - 1]?.createdAt;
  const dates = first && lastAt && day(first) !== day(lastAt) ? t('p_dateRange', { a: day(first), b: day(lastAt) }) : day(first);
  const later = [];
  const parts = [
    el(
      'header',
      { class: 'report-head' },
      el('p', { class: 'report-kind', text: t(p.selected ? 'p_selectionTitle' : 'p_reportTitle') }),
      el('h1', { text: p.title }),
      el('p', { class: 'report-dates', text: dates }),
      el('p', { class: 'muted', text: t('p_made', { d: day(new Date().toISOString()) }) }),
    ),
    el('section', { class: 'report-intro' }, el('h2', { text: t('p_participantsHead') }), runsTable(p)),
    p.paired?.questions.length ? el('section', { class: 'report-paired' }, el('h2', { text: t('p_pairedReport', { a: p.sessions[0].title, b: p.sessions[p.sessions.length - 1].title }) }), ...pairedView(p.paired)) : null,
    p.categories.length ? el('section', { class: 'report-categories' }, el('h2', { text: t('p_categories') }), categoryTable(p.categories, p.sessions.length > 1 ? p.sessions : []), categoryTrend(p.categories, p.sessions) || '') : null,
    ...p.questions.filter((q) => !p.selected || theme(q)).map((q) => questionSection(q, p, later)),
  ];
  ui.report.replaceChildren(...parts.filter(Boolean));
  // Word clouds measure their words, so they draw once in the page.
  for (const f of later) f();
  document.title = `${p.title} · ${t(p.selected ? 'p_selectionTitle' : 'p_reportTitle')}`;
}

async function start() {
  useLanguage('en', { dictionaries: PROGRAMME_STRINGS });
  const programme = params.get('programme');
  const session = params.get('session');
  if (!programme && !session) {
    applyStatic(document, t);
    ui.error.textContent = t('p_notFound');
    return;
  }
  try {
    const p = programme ? await loadProgramme(programme, { segmentBy: params.get('segmentBy') || '' }) : await sessionReport(session, { selected: params.get('selected') === 'true' });
    if (programme) {
      p.title = p.title || programmeTitle(programme) || t('p_pageTitle');
      ui.back.href = '/programme?id=' + encodeURIComponent(programme);
      ui.back.hidden = false;
      // The paired view between the first and the last session.
      if (p.sessions.length > 1) p.paired = await api(`/programmes/${encodeURIComponent(programme)}/paired`, programmeAuth(programme));
    }
    document.documentElement.lang = useLanguage(p.language, { dictionaries: PROGRAMME_STRINGS });
    applyStatic(document, t);
    draw(p);
    await document.fonts?.ready;
    document.body.dataset.ready = 'true';
  } catch (err) {
    applyStatic(document, t);
    showError(ui.error, err);
  }
}

ui.print.addEventListener('click', () => window.print());
start();
