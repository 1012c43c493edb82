// The earlier sessions that reruns copy and compare: for a signed-in
// facilitator the sessions of the workspace (GET /sessions), opened by the
// login; otherwise the sessions made on this computer, kept in
// localStorage with their facilitator tokens.

import { api, el, storage } from '../common.js';

const RUNS = 'ting:host:runs'; // [{id, token, title, createdAt}]

let workspace = null; // [{id, title, createdAt}] once signed in

export function runs() {
  if (workspace) return workspace;
  const list = storage.get(RUNS);
  return Array.isArray(list) ? list : [];
}

// loadWorkspaceRuns makes the workspace's sessions the earlier runs; the
// tokens this computer kept from before the sign-in leave its storage.
export async function loadWorkspaceRuns() {
  storage.remove(RUNS);
  try {
    const res = await api('/sessions?archived=false');
    workspace = (res.sessions || []).filter((s) => s.role !== 'viewer').map((s) => ({ id: s.id, title: s.title, createdAt: s.createdAt }));
  } catch {
    workspace = workspace || [];
  }
}

export function rememberRun(run) {
  if (workspace) {
    workspace = [{ id: run.id, title: run.title, createdAt: run.createdAt }, ...workspace.filter((r) => r.id !== run.id)];
    return;
  }
  storage.set(RUNS, [run, ...runs().filter((r) => r.id !== run.id)].slice(0, 50));
}

export function forgetRun(id) {
  if (workspace) {
    workspace = workspace.filter((r) => r.id !== id);
    return;
  }
  storage.set(
    RUNS,
    runs().filter((r) => r.id !== id),
  );
}

function runLabel(r) {
  const d = r.createdAt ? new Date(r.createdAt).toLocaleDateString() : '';
  return d ? `${r.title} (${d})` : r.title;
}

// fillRuns puts the earlier sessions (but skip) in a select after its first option.
export function fillRuns(select, skip, keepFirst = true) {
  const first = keepFirst ? select.options[0] : null;
  select.replaceChildren(...(first ? [first] : []), ...runs()
    .filter((r) => r.id !== skip)
    .map((r) => el('option', { value: r.id, text: runLabel(r) })));
}
