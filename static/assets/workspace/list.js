// The workspace's sessions: newest first (as GET /sessions answers), found
// by title, each with its code, date, participants and the facilitator's
// role, and what that role may do with it: open, share, archive, delete.

import { $, api, confirmDialog, el, formatCode } from '../common.js';
import { t } from '../translate.js';
import { openShare } from './share.js';

const ui = {
  form: $('#search-form'),
  search: $('#search'),
  archived: $('#show-archived'),
  list: $('#session-list'),
  empty: $('#no-sessions'),
};

let sessions = [];
let timer = 0;

function fact(term, value) {
  return [el('dt', { text: term }), el('dd', { text: value })];
}

function row(s, ctx) {
  const date = new Date(s.createdAt).toLocaleDateString(document.documentElement.lang, { year: 'numeric', month: 'short', day: 'numeric' });
  const head = el('h2', { class: 'session-title' }, s.title);
  if (s.archived) head.append(' ', el('span', { class: 'badge badge-muted', text: t('w_archivedMark') }));
  const actions = el(
    'div',
    { class: 'actions' },
    el('a', { class: 'btn btn-primary', href: `/host?s=${encodeURIComponent(s.id)}`, 'aria-label': t('w_openTitle', { title: s.title }), text: t('w_open') }),
  );
  if (s.role === 'owner') {
    const share = el('button', { class: 'btn', type: 'button', text: t('w_share') });
    share.addEventListener('click', () => openShare(s, ctx, share));
    actions.append(share);
  }
  if (s.role !== 'viewer') {
    const archive = el('button', { class: 'btn', type: 'button', text: s.archived ? t('w_unarchive') : t('w_archive') });
    archive.addEventListener('click', () => setArchived(s, !s.archived, ctx));
    actions.append(archive);
  }
  if (s.role === 'owner') {
    const del = el('button', { class: 'btn btn-danger', type: 'button', text: t('w_delete') });
    del.addEventListener('click', () => remove(s, ctx));
    actions.append(del);
  }
  return el(
    'li',
    { class: 'session-item', 'data-session': s.id },
    head,
    el(
      'dl',
      { class: 'kv session-facts' },
      ...fact(t('w_code'), formatCode(s.code)),
      ...fact(t('w_created'), date),
      ...fact(t('w_participants'), String(s.participants ?? 0)),
      ...fact(t('w_role'), t('w_role_' + s.role)),
    ),
    actions,
  );
}

function draw(ctx) {
  ui.list.replaceChildren(...sessions.map((s) => row(s, ctx)));
  ui.empty.hidden = sessions.length > 0;
  ui.empty.textContent = ui.search.value.trim() ? t('w_noMatch') : t('w_noSessions');
}

async function load(ctx) {
  const q = new URLSearchParams();
  const word = ui.search.value.trim();
  if (word) q.set('q', word);
  if (!ui.archived.checked) q.set('archived', 'false');
  try {
    sessions = (await api(`/sessions?${q}`)).sessions || [];
    ctx.fail(null);
  } catch (err) {
    ctx.fail(err);
  }
  draw(ctx);
}

async function setArchived(s, archived, ctx) {
  try {
    await api(`/sessions/${encodeURIComponent(s.id)}/archive`, { method: 'POST', body: { archived } });
    ctx.say(t(archived ? 'w_archived' : 'w_unarchived', { title: s.title }));
    await load(ctx);
    ui.search.focus();
  } catch (err) {
    ctx.fail(err);
  }
}

async function remove(s, ctx) {
  const ok = await confirmDialog({ title: t('w_confirmDelete', { title: s.title }), confirm: t('w_delete'), cancel: t('w_cancel') });
  if (!ok) return;
  try {
    await api(`/sessions/${encodeURIComponent(s.id)}`, { method: 'DELETE' });
    ctx.say(t('w_deleted', { title: s.title }));
    await load(ctx);
    ui.search.focus();
  } catch (err) {
    ctx.fail(err);
  }
}

// mountSessions wires the search and draws the list; redraw() draws it in
// the page's language again.
export function mountSessions(ctx) {
  ui.form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    load(ctx);
  });
  ui.search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => load(ctx), 250);
  });
  ui.archived.addEventListener('change', () => load(ctx));
  load(ctx);
  return { redraw: () => draw(ctx) };
}
