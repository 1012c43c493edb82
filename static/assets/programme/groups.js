// The programme's learning groups: the current split of its participants
// (GET /programmes/{id}/groups: each group's name, members and buddy
// pairs) and the form that makes one (POST, by people per group or number
// of groups, with buddy pairs or without). The split holds in every
// session of the programme, so a new one moves everyone: the page asks
// first. A caller who may only read the programme (a viewer; or a 403 to
// the form) sees the groups and is told why there is no form.

import { $, api, confirmDialog, el } from '../common.js';
import { showError } from '../errors.js';
import { t } from '../translate.js';
import { splitBody } from '../host/groups.js';
import { programmeAuth } from './data.js';

const ui = {
  list: $('#programme-groups'),
  none: $('#groups-none'),
  readOnly: $('#groups-readonly'),
  form: $('#groups-form'),
  n: $('#group-n'),
  pairs: $('#group-pairs'),
  submit: $('#make-groups'),
  error: $('#groups-error'),
  status: $('#groups-status'),
};

let groups = []; // the split as last read
let canRun = true; // false once the caller is known to only read

const runs = (role) => role === 'owner' || role === 'cofacilitator';

function groupItem(g) {
  return el(
    'li',
    { class: 'programme-group', dataset: { group: g.name, members: String(g.members), pairs: String(g.pairs || 0) } },
    el('strong', { class: 'programme-group-name', text: g.name }),
    el('span', { text: t('groupMembers', { n: g.members }) }),
    g.pairs ? el('span', { class: 'muted', text: t('groupPairs', { n: g.pairs }) }) : null,
  );
}

function draw() {
  ui.none.hidden = groups.length > 0;
  ui.list.hidden = groups.length === 0;
  ui.list.replaceChildren(...groups.map(groupItem));
  ui.submit.textContent = t(groups.length ? 'p_regroup' : 'p_makeGroups');
  ui.form.hidden = !canRun;
  ui.readOnly.hidden = canRun;
}

// drawGroups redraws the card in the page's language (after a change of language).
export const drawGroups = draw;

// loadGroups reads the programme's split; role is the caller's role on it
// ('' when unknown: the form stays until the server refuses it).
export async function loadGroups(id, role) {
  canRun = role ? runs(role) : canRun;
  try {
    groups = (await api(`/programmes/${encodeURIComponent(id)}/groups`, programmeAuth(id))).groups || [];
    ui.error.textContent = '';
  } catch (err) {
    showError(ui.error, err);
  }
  draw();
}

// readForm is the request body, or null after telling what is wrong.
function readForm() {
  const body = splitBody(ui.form, 'group-mode', ui.n, ui.error);
  if (body && ui.pairs.checked) body.pairs = true;
  return body;
}

// mountGroups wires the form of the programme programmeId() names.
export function mountGroups(programmeId) {
  ui.form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    ui.error.textContent = '';
    const body = readForm();
    if (!body) return;
    if (groups.length && !(await confirmDialog({ title: t('p_regroupTitle'), text: t('p_regroupText'), confirm: t('p_regroup'), cancel: t('cancel') }))) {
      ui.submit.focus();
      return;
    }
    ui.status.textContent = '';
    ui.submit.disabled = true;
    try {
      const id = programmeId();
      groups = (await api(`/programmes/${encodeURIComponent(id)}/groups`, { ...programmeAuth(id), method: 'POST', body })).groups || [];
      const people = groups.reduce((sum, g) => sum + g.members, 0);
      ui.status.textContent = people
        ? t('p_groupsDone', { p: t('p_participants', { n: people }), g: t('p_groupCount', { n: groups.length }) })
        : t('p_groupsNobody');
    } catch (err) {
      if (err.status === 403) canRun = false;
      showError(ui.error, err);
    } finally {
      ui.submit.disabled = false;
      draw();
      if (!canRun) ui.readOnly.focus();
      else ui.submit.focus();
    }
  });
}
