// The sessions made on this computer (reruns copy and compare them), kept
// in localStorage with their facilitator tokens.

import { el, storage } from '../common.js';

const RUNS = 'ting:host:runs'; // [{id, token, title, createdAt}]

export function runs() {
  const list = storage.get(RUNS);
  return Array.isArray(list) ? list : [];
}

export function rememberRun(run) {
  storage.set(RUNS, [run, ...runs().filter((r) => r.id !== run.id)].slice(0, 50));
}

export function forgetRun(id) {
  storage.set(
    RUNS,
    runs().filter((r) => r.id !== id),
  );
}

function runLabel(r) {
  const d = r.createdAt ? new Date(r.createdAt).toLocaleDateString() : '';
  return d ? `${r.title} (${d})` : r.title;
}

// fillRuns puts the remembered sessions (but skip) in a select after its first option.
export function fillRuns(select, skip, keepFirst = true) {
  const first = keepFirst ? select.options[0] : null;
  select.replaceChildren(...(first ? [first] : []), ...runs()
    .filter((r) => r.id !== skip)
    .map((r) => el('option', { value: r.id, text: runLabel(r) })));
}
