// The facilitator's session as this page knows it: the saved credentials,
// the session document with its questions and state, and the REST paths.
// The page shell loads it; the panels read it from here.

import { api, storage } from '../common.js';

const KEY = 'ting:host';

let saved = storage.get(KEY); // {id, token}
let doc = null; // the session document
let deadlineAt = 0; // performance.now() when the countdown ends; 0 without one

export const credentials = () => saved;
export const session = () => doc;

export function remember(id, token) {
  saved = { id, token };
  storage.set(KEY, saved);
}

// forget drops the session from this computer (it stays on the server).
export function forget() {
  storage.remove(KEY);
  saved = null;
  doc = null;
}

export const auth = () => ({ token: saved.token });
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
