// The phone's outbox: answers given but not yet acknowledged, kept in the
// browser's storage so they survive a reload, a killed tab or a phone that
// slept, and the last question seen, so a page opened without a link (from
// the service worker, sw.js) shows it and takes an answer.
//
// It also registers the service worker (sw.js, served at /sw.js). Browsers
// allow one only over https and on localhost; on plain http there is none,
// and the kept answers still go on the next load of the page.
//
// An answer stays here from the moment it is given until the server acks it
// or refuses it (an error frame with its ref: locked, not_current, …); the
// page sends every kept answer again once it is joined, on this load or the
// next, wherever the page loads from. The server replaces an answer of the
// same participant, so sending one twice still counts it once.

import { storage } from './common.js';

const answersKey = (code) => `ting:outbox:${code}`;
const framesKey = (code) => `ting:last:${code}`;
const KEEP_MS = 24 * 60 * 60 * 1000; // an answer not sent within a day is dropped
const REPLAY_AFTER_MS = 2000; // online but no welcome by then: show the kept question

if ('serviceWorker' in navigator) {
  const register = () => navigator.serviceWorker.register('/sw.js').catch(() => {});
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}

// Frames kept to draw the page again without a link.
const KEPT = new Set(['welcome', 'question', 'questions']);

let welcomed = false; // a welcome came on this load

function kept(code) {
  const list = storage.get(answersKey(code));
  return Array.isArray(list) ? list.filter((p) => p && p.msg && Date.now() - (p.at || 0) < KEEP_MS) : [];
}

function drop(code, ref) {
  const list = kept(code);
  const rest = list.filter((p) => p.msg.ref !== ref);
  if (rest.length === list.length) return;
  if (rest.length) storage.set(answersKey(code), rest);
  else storage.remove(answersKey(code));
}

// keep stores an answer frame ({ref, questionId, value}) as it is sent.
export function keep(code, msg, kind) {
  if (!code) return;
  storage.set(answersKey(code), [...kept(code), { msg, kind, at: Date.now() }]);
}

// seen looks at every frame from the server: an ack or an error of a kept
// answer ends it; the question frames are kept for the next load.
export function seen(code, msg) {
  if (!code || !msg) return;
  if ((msg.type === 'ack' || msg.type === 'error') && msg.ref) {
    drop(code, msg.ref);
  } else if (msg.type === 'deleted' || (msg.type === 'error' && msg.code === 'unknown_session')) {
    storage.remove(answersKey(code));
    storage.remove(framesKey(code));
  } else if (KEPT.has(msg.type)) {
    if (msg.type === 'welcome') welcomed = true;
    const frames = storage.get(framesKey(code)) || {};
    const rest = { ...msg };
    delete rest.token; // the token is kept once, by the page
    frames[msg.type] = { ...rest, at: Date.now() };
    storage.set(framesKey(code), frames);
  }
}

// restore puts the kept answers of a session back into the page's map of
// answers on their way (ref → {msg, kind}), so the page's next welcome sends
// them, and, when no welcome comes (no link), draws the kept question by
// handing its frames to the page's handler, at once when the browser knows
// it is offline, else after two seconds; then calls drawn, for the page to
// say that answers wait to be sent.
export function restore(code, pending, handle, drawn = () => {}) {
  for (const p of kept(code)) pending.set(p.msg.ref, { msg: p.msg, kind: p.kind });
  welcomed = false;
  const replay = () => {
    const frames = storage.get(framesKey(code));
    if (welcomed || !frames || !frames.welcome) return;
    handle(frames.welcome);
    for (const type of ['questions', 'question']) {
      const f = frames[type];
      if (!f) continue;
      // A countdown goes on from where it was when the frame came.
      const remainingMs = f.remainingMs > 0 ? Math.max(0, f.remainingMs - (Date.now() - f.at)) : f.remainingMs;
      handle({ ...f, remainingMs });
    }
    drawn();
  };
  if (navigator.onLine === false) replay();
  else setTimeout(replay, REPLAY_AFTER_MS);
}
