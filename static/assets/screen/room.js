// What the big screen knows: its session (from the link's secret), the
// last question frame and the last results frame of each question. The
// shell fills it; the stage and the remote control read it.

import { api } from '../common.js';

// The secret leaves the address bar at once (a projected screen shows it to
// the whole room) and waits in this tab's sessionStorage for a reload.
const secretKey = 'ting:screen';
// The link may also name a question whose selected examples the screen
// shows (sel) and how: one at a time or as a list (view).
function readSecret() {
  const hash = new URLSearchParams(location.hash.slice(1));
  let s = { id: hash.get('s') || '', token: hash.get('t') || '', sel: hash.get('sel') || '', view: hash.get('view') || '' };
  try {
    if (s.id && s.token) sessionStorage.setItem(secretKey, JSON.stringify(s));
    else s = JSON.parse(sessionStorage.getItem(secretKey) || 'null') || s;
  } catch {
    /* storage refused: the fragment is all there is */
    return s;
  }
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  return s;
}

export const { id: sessionId, token, sel: selectionQuestion, view: selectionView } = readSecret();
export const sessionPath = `/sessions/${encodeURIComponent(sessionId)}`;

let doc = null;
let frame = null; // the last question frame
const results = new Map(); // questionId -> last results frame

export const session = () => doc;
export const frameNow = () => frame;
export const question = () => frame?.question || null;
export const resultsOf = (id) => results.get(id);

export function takeFrame(msg) {
  frame = msg;
}

export function takeResults(msg) {
  results.set(msg.questionId, msg);
}

// fetchSession reads the session (its questions with a quiz's right answers).
export async function fetchSession() {
  doc = await api(sessionPath, { token });
  return doc;
}

export function fullQuestion(id) {
  return (doc?.questions || []).find((q) => q.id === id) || null;
}

// patchState changes the session's state as its facilitator.
export const patchState = (body) => api(`${sessionPath}/state`, { method: 'PATCH', token, body });

// selectedResults reads the facilitator's results of the selected entries only.
export const selectedResults = () => api(`${sessionPath}/results?selected=true`, { token });

// moderate hides (or shows) an entry of question q.
export const moderate = (q, body) => api(`${sessionPath}/questions/${encodeURIComponent(q.id)}/moderation`, { method: 'POST', token, body });
