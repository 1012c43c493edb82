// The programme's sessions in time order with their participants, and the
// form that adds one: a new session of the programme (the first starts
// empty, every later one with the questions of the most recent), live or
// self-paced. A session made here is remembered with its facilitator token
// like the facilitator page's own, so "Run it" opens it there.

import { $, api, el } from '../common.js';
import { showError } from '../errors.js';
import { LANGUAGE_NAMES, LANGUAGES } from '../i18n.js';
import { language, t } from '../translate.js';
import { rememberRun, runs } from '../host/runs.js';
import { programmeAuth } from './data.js';
import { remember } from '../host/session.js';

const ui = {
  list: $('#session-list'),
  none: $('#no-sessions'),
  form: $('#add-form'),
  title: $('#session-title'),
  language: $('#session-language'),
  paced: $('#session-paced'),
  error: $('#add-error'),
};

const date = (iso) => (iso ? new Date(iso).toLocaleDateString(language(), { year: 'numeric', month: 'short', day: 'numeric' }) : '');

// openOnHost makes the facilitator page hold this session, then goes there.
function openOnHost(run) {
  remember(run.id, run.token);
  location.assign('/host');
}

export function drawSessions(p) {
  ui.none.hidden = p.sessions.length > 0;
  const known = new Map(runs().map((r) => [r.id, r]));
  ui.list.replaceChildren(
    ...p.sessions.map((s) => {
      const run = known.get(s.id);
      return el(
        'li',
        { class: 'session-item', dataset: { session: s.id, participants: String(s.participants || 0) } },
        el('span', { class: 'session-item-title', text: s.title }),
        s.pace === 'audience' ? el('span', { class: 'badge badge-muted', text: t('h_paced') }) : null,
        el('span', { class: 'muted', text: date(s.createdAt) }),
        el('span', { class: 'session-participants', text: t('p_participants', { n: s.participants || 0 }) }),
        el('a', { class: 'btn-link', href: '/report?session=' + encodeURIComponent(s.id), text: t('p_sessionReport') }),
        run ? el('button', { type: 'button', class: 'btn btn-small', text: t('p_openHost'), onclick: () => openOnHost(run) }) : null,
      );
    }),
  );
}

export function fillLanguages(selected) {
  const keep = ui.language.value || selected;
  ui.language.replaceChildren(...LANGUAGES.map((code) => el('option', { value: code, lang: code, text: LANGUAGE_NAMES[code] })));
  ui.language.value = LANGUAGES.includes(keep) ? keep : 'sv';
}

// mountSessions wires the form; onAdded(session) runs after a session is made.
export function mountSessions(programmeId, { onAdded, say }) {
  ui.form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    ui.error.textContent = '';
    const title = ui.title.value.trim();
    if (!title) {
      ui.error.textContent = t('p_needTitle');
      ui.title.focus();
      return;
    }
    const body = { title, language: ui.language.value, programme: programmeId() };
    if (ui.paced.checked) body.pace = 'audience';
    try {
      // The programme's token, when this browser holds it, shows the right to add to it.
      const token = programmeAuth(programmeId()).token;
      const s = await api('/sessions', { method: 'POST', body, headers: token ? { 'X-Source-Token': token } : undefined });
      rememberRun({ id: s.id, token: s.facilitatorToken, title, createdAt: new Date().toISOString() });
      ui.title.value = '';
      ui.paced.checked = false;
      say(t('p_added', { t: title }));
      await onAdded(s);
    } catch (err) {
      showError(ui.error, err);
    }
  });
}
