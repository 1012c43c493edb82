// The facilitator's workshop tools: split the room into groups, results
// split by segment or for one group, spreadsheet export, reruns (copy and
// compare) and deleting a session.

import { $, api, downloadBlob, el, safeName, storage } from './common.js';
import { compareTable, groupTable, segmentTable } from './splits.js';

const RUNS = 'ting:host:runs'; // [{id, token, title, createdAt}]: sessions made on this computer

export function runs() {
  const list = storage.get(RUNS);
  return Array.isArray(list) ? list : [];
}

export function rememberRun(run) {
  storage.set(RUNS, [run, ...runs().filter((r) => r.id !== run.id)].slice(0, 50));
}

export function forgetRun(id) {
  storage.set(RUNS, runs().filter((r) => r.id !== id));
}

function runLabel(r) {
  const d = r.createdAt ? new Date(r.createdAt).toLocaleDateString() : '';
  return d ? `${r.title} (${d})` : r.title;
}

// fillRuns puts the remembered sessions (but skip) in a select after its first option.
export function fillRuns(select, skip, keepFirst = true) {
  const first = keepFirst ? select.options[0] : null;
  select.replaceChildren(...(first ? [first] : []), ...runs().filter((r) => r.id !== skip).map((r) => el('option', { value: r.id, text: runLabel(r) })));
}

// setupTools wires the tools; ctx gives the session, its REST path and
// token, the page's translator and its status line.
export function setupTools(ctx) {
  const { t } = ctx;
  const ui = {
    pace: $('#session-pace'),
    expires: $('#session-expires'),
    exportXlsx: $('#export-xlsx'),
    del: $('#delete-session'),
    sessionError: $('#session-error'),
    groupsForm: $('#groups-form'),
    groupN: $('#group-n'),
    pairs: $('#split-pairs'),
    clearGroups: $('#clear-groups'),
    groupsError: $('#groups-error'),
    groupList: $('#group-list'),
    segmentBy: $('#segment-by'),
    groupResults: $('#group-results'),
    splitHint: $('#split-hint'),
    minForm: $('#min-segment-form'),
    splitMin: $('#split-min'),
    showSplit: $('#show-split'),
    screenSplit: $('#screen-split'),
    screenSplitStatus: $('#screen-split-status'),
    splitError: $('#split-error'),
    splitResults: $('#split-results'),
    compareWith: $('#compare-with'),
    compareButton: $('#compare-button'),
    compareError: $('#compare-error'),
    compareResults: $('#compare-results'),
  };
  const auth = () => ({ token: ctx.token() });
  const fail = (node, err) => (node.textContent = err ? err.message || String(err) : '');

  function drawGroups(groups) {
    ui.groupList.replaceChildren(...groups.map((g) => el('li', {}, el('strong', { text: g.name }), ' ', t('groupMembers', { n: g.members }))));
    ui.clearGroups.disabled = groups.length === 0;
    const keep = ui.groupResults.value;
    ui.groupResults.replaceChildren(el('option', { value: '', text: t('h_wholeRoom') }), ...groups.map((g) => el('option', { value: g.name, text: g.name })));
    if (groups.some((g) => g.name === keep)) ui.groupResults.value = keep;
  }

  function drawQuestions() {
    const s = ctx.session();
    if (!s) return;
    const keep = ui.segmentBy.value;
    const choices = (s.questions || []).filter((q) => q.type === 'choice');
    ui.segmentBy.replaceChildren(el('option', { value: '', text: t('h_noSplit') }), ...choices.map((q) => el('option', { value: q.id, text: q.prompt })));
    if (choices.some((q) => q.id === keep)) ui.segmentBy.value = keep;
    drawScreenSplit();
  }

  // screenSplit returns the choice question the big screen splits the
  // current question's results by (state.segmentBy), or null.
  function screenSplit() {
    const s = ctx.session();
    const id = s?.state?.segmentBy;
    return (id && (s.questions || []).find((q) => q.id === id && q.type === 'choice')) || null;
  }

  function drawScreenSplit() {
    const by = screenSplit();
    ui.screenSplit.textContent = t(by ? 'h_screenSplitStop' : 'h_screenSplitShow');
    ui.screenSplit.dataset.on = by ? 'true' : 'false';
    ui.screenSplitStatus.textContent = by ? t('h_screenSplitOn', { q: by.prompt }) : '';
    if (by && !ui.segmentBy.value) ui.segmentBy.value = by.id;
  }

  async function refresh() {
    const s = ctx.session();
    if (!s) return;
    ui.pace.textContent = s.pace === 'audience' ? t('h_pacedName') : t('h_liveName');
    ui.expires.textContent = s.expiresAt ? new Date(s.expiresAt).toLocaleDateString() : '—';
    ui.splitHint.textContent = t('h_minSegmentNote', { n: s.minSegment || 5 });
    ui.splitMin.value = String(s.minSegment || 5);
    drawQuestions();
    fillRuns(ui.compareWith, s.id, false);
    ui.compareButton.disabled = ui.compareWith.options.length === 0;
    if (ui.compareButton.disabled) ui.compareWith.append(el('option', { value: '', text: t('h_noRuns') }));
    ui.splitResults.replaceChildren();
    ui.compareResults.replaceChildren();
    try {
      drawGroups((await api(ctx.path('/groups'), auth())).groups || []);
    } catch (err) {
      fail(ui.groupsError, err);
    }
  }

  async function split(body, doneText) {
    ui.groupsError.textContent = '';
    try {
      const res = await api(ctx.path('/groups'), { ...auth(), method: 'POST', body });
      drawGroups(res.groups || []);
      ctx.say(t(doneText, { n: (res.groups || []).length }));
    } catch (err) {
      fail(ui.groupsError, err);
    }
  }

  ui.groupsForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const n = Number(ui.groupN.value);
    const mode = ui.groupsForm.querySelector('input[name="gmode"]:checked')?.value || 'size';
    if (!Number.isInteger(n) || n < 1 || (mode === 'size' && n < 2)) {
      ui.groupsError.textContent = t('h_groupNumberBad');
      ui.groupN.focus();
      return;
    }
    split(mode === 'size' ? { size: n } : { count: n }, 'h_splitDone');
  });
  ui.pairs.addEventListener('click', () => split({ size: 2 }, 'h_pairsDone'));
  ui.clearGroups.addEventListener('click', async () => {
    try {
      await api(ctx.path('/groups'), { ...auth(), method: 'DELETE' });
      drawGroups([]);
      ctx.say(t('h_groupsEnded'));
    } catch (err) {
      fail(ui.groupsError, err);
    }
  });

  ui.showSplit.addEventListener('click', async () => {
    ui.splitError.textContent = '';
    const params = new URLSearchParams();
    if (ui.segmentBy.value) params.set('segmentBy', ui.segmentBy.value);
    if (ui.groupResults.value) params.set('group', ui.groupResults.value);
    if (!params.toString()) {
      ui.splitError.textContent = t('h_pickSplit');
      ui.segmentBy.focus();
      return;
    }
    try {
      const res = await api(ctx.path('/results?' + params), auth());
      const s = ctx.session();
      const tables = [];
      if (res.segmentBy) tables.push(segmentTable(s, res, t));
      else tables.push(groupTable(s, res, t));
      ui.splitResults.replaceChildren(...tables);
      ctx.say(t('h_splitShown'));
    } catch (err) {
      fail(ui.splitError, err);
    }
  });

  // The big screen shows the current question split by the chosen
  // segment question, or stops.
  ui.screenSplit.addEventListener('click', async () => {
    ui.splitError.textContent = '';
    const on = screenSplit();
    const next = on ? null : ui.segmentBy.value || null;
    if (!on && !next) {
      ui.splitError.textContent = t('h_pickSegment');
      ui.segmentBy.focus();
      return;
    }
    try {
      const st = await api(ctx.path('/state'), { ...auth(), method: 'PATCH', body: { segmentBy: next } });
      const s = ctx.session();
      s.state = { ...s.state, ...st };
      drawScreenSplit();
      const by = screenSplit();
      ctx.say(by ? t('h_screenSplitOn', { q: by.prompt }) : t('h_screenSplitStopped'));
    } catch (err) {
      fail(ui.splitError, err);
    }
  });

  ui.minForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    ui.splitError.textContent = '';
    const n = Number(ui.splitMin.value);
    if (!Number.isInteger(n) || n < 1) {
      ui.splitError.textContent = t('h_minSegmentBad');
      ui.splitMin.focus();
      return;
    }
    try {
      const s = await api(ctx.path(''), { ...auth(), method: 'PATCH', body: { minSegment: n } });
      ctx.session().minSegment = s.minSegment;
      ui.splitHint.textContent = t('h_minSegmentNote', { n: s.minSegment });
      ctx.say(t('h_minSegmentSaved', { n: s.minSegment }));
    } catch (err) {
      fail(ui.splitError, err);
    }
  });

  ui.compareButton.addEventListener('click', async () => {
    ui.compareError.textContent = '';
    const other = runs().find((r) => r.id === ui.compareWith.value);
    if (!other) return;
    try {
      const res = await api(ctx.path('/compare?with=' + encodeURIComponent(other.id)), { ...auth(), headers: { 'X-Source-Token': other.token } });
      ui.compareResults.replaceChildren(res.questions.length ? compareTable(ctx.session(), res, t) : el('p', { class: 'muted', text: t('h_nothingToCompare') }));
    } catch (err) {
      fail(ui.compareError, err);
    }
  });

  ui.exportXlsx.addEventListener('click', async () => {
    ui.exportXlsx.disabled = true;
    ui.sessionError.textContent = '';
    try {
      const q = ui.segmentBy.value ? '?segmentBy=' + encodeURIComponent(ui.segmentBy.value) : '';
      const res = await api(ctx.path('/export.xlsx' + q), { ...auth(), raw: true });
      const s = ctx.session();
      downloadBlob(await res.blob(), `${safeName(s.title)}-${s.code}.xlsx`);
      ctx.say(t('h_xlsxDone'));
    } catch (err) {
      fail(ui.sessionError, err);
    } finally {
      ui.exportXlsx.disabled = false;
    }
  });

  ui.del.addEventListener('click', async () => {
    const s = ctx.session();
    if (!s || !confirm(t('h_deleteConfirm', { title: s.title }))) return;
    try {
      await api(ctx.path(''), { ...auth(), method: 'DELETE' });
      forgetRun(s.id);
      ctx.deleted(t('h_deleted'));
    } catch (err) {
      fail(ui.sessionError, err);
    }
  });

  return { refresh, drawGroups, drawQuestions };
}
