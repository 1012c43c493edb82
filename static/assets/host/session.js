// The facilitator's session as this page knows it: the saved credentials,
// the session document with its questions and state, and the REST paths.
// The page shell loads it; the panels read it from here. A signed-in
// facilitator's page keeps only the session's id in the browser's storage:
// its login opens the session, and a token (of a session made on this
// page) stays in memory.

import { api, storage } from '../common.js';

const KEY = 'ting:host';

let saved = storage.get(KEY); // {id, token} ({id} when signed in)
let signedIn = false;
let doc = null; // the session document
let deadlineAt = 0; // performance.now() when the countdown ends; 0 without one

export const credentials = () => saved;
export const session = () => doc;

// useLogin makes the page a signed-in facilitator's: tokens leave the
// browser's storage (the login opens the sessions).
export function useLogin() {
  signedIn = true;
  if (saved?.token) storage.set(KEY, { id: saved.id });
}

export function remember(id, token) {
  saved = { id, token };
  storage.set(KEY, signedIn ? { id } : saved);
}

// open makes the session with this id the page's, by the login alone.
export function open(id) {
  if (saved?.id !== id) remember(id, null);
}

// forget drops the session from this computer (it stays on the server).
export function forget() {
  storage.remove(KEY);
  saved = null;
  doc = null;
}

export const auth = () => (saved.token ? { token: saved.token } : {});
export const path = (suffix = '') => `/sessions/${encodeURIComponent(saved.id)}${suffix}`;
export const qpath = (q, suffix = '') => path(`/questions/${encodeURIComponent(q.id)}${suffix}`);

// call is api() on a path of the session, as its facilitator.
export const call = (suffix, opts = {}) => api(path(suffix), { ...auth(), ...opts });

export async function load() {
  doc = await api(path(), auth());
  takeState(doc.state);
  return doc;
}

export const questions = () => doc?.questions || [];

export function questionById(id) {
  return questions().find((q) => q.id === id) || null;
}

export function currentQuestion() {
  return questionById(doc?.state?.questionId);
}

export function setQuestions(list) {
  doc.questions = list;
}

export function addQuestion(q) {
  doc.questions = [...questions(), q];
}

export function replaceQuestion(q) {
  doc.questions = questions().map((x) => (x.id === q.id ? q : x));
}

// takeState keeps a state from the server, with its countdown as a local deadline.
export function takeState(st) {
  if (!st) return;
  doc.state = st;
  deadlineAt = !st.locked && st.remainingMs > 0 ? performance.now() + st.remainingMs : 0;
}

// patchState merges part of a state (a results frame's segmentBy) without a new deadline.
export function mergeState(part) {
  doc.state = { ...doc.state, ...part };
}

// countdownLeft is the milliseconds left of the countdown, 0 without one.
export const countdownLeft = () => (deadlineAt ? deadlineAt - performance.now() : 0);

// say announces text in the page's status line.
export function say(text) {
  const node = document.getElementById('page-status');
  node.textContent = '';
  setTimeout(() => (node.textContent = text), 30);
}
