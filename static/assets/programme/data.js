// A programme as the programme page and the report read it: its combined
// results (GET /api/v1/programmes/{id}/results) with each question's own
// fields (options, statements, scale) taken from its sessions, newest
// first, and the programmes this browser has opened. The facilitator's
// login cookie goes with every call, and the programme's token (given
// when it was made in this browser) too.

import { api, storage } from '../common.js';
import { runs } from '../host/runs.js';
import { credentials } from '../host/session.js';

const KNOWN = 'ting:programmes'; // [{id, title, token}]

export function knownProgrammes() {
  const list = storage.get(KNOWN);
  return Array.isArray(list) ? list : [];
}

export function rememberProgramme(p) {
  const before = knownProgrammes().find((x) => x.id === p.id);
  const token = p.token || before?.token;
  storage.set(KNOWN, [{ id: p.id, title: p.title || before?.title || '', token }, ...knownProgrammes().filter((x) => x.id !== p.id)].slice(0, 50));
}

export const programmeTitle = (id) => knownProgrammes().find((p) => p.id === id)?.title || '';

// programmeAuth is api()'s options for a programme's routes.
export function programmeAuth(id) {
  const token = knownProgrammes().find((p) => p.id === id)?.token;
  return token ? { token } : {};
}

const originOf = (q) => q.origin || q.id;

// asFacilitator is api()'s options for a session: the login cookie goes
// with every call, and the session's own token too when this browser made it.
export function asFacilitator(sessionId) {
  const own = credentials();
  const token = own?.id === sessionId ? own.token : runs().find((r) => r.id === sessionId)?.token;
  return token ? { token } : {};
}

// sessionDocs reads every session of the programme (its questions and language).
async function sessionDocs(sessions) {
  const docs = await Promise.all(sessions.map((s) => api(`/sessions/${encodeURIComponent(s.id)}`, asFacilitator(s.id)).catch(() => null)));
  return new Map(sessions.map((s, i) => [s.id, docs[i]]));
}

// loadProgramme reads a programme's combined results, split by segmentBy when given.
export async function loadProgramme(id, { segmentBy = '' } = {}) {
  const qs = segmentBy ? '?segmentBy=' + encodeURIComponent(segmentBy) : '';
  const path = `/programmes/${encodeURIComponent(id)}`;
  const [res, about] = await Promise.all([api(path + '/results' + qs, programmeAuth(id)), api(path, programmeAuth(id)).catch(() => null)]);
  if (about?.title) rememberProgramme({ id, title: about.title });
  const sessions = res.sessions || [];
  const docs = await sessionDocs(sessions);
  const defs = new Map();
  for (const s of sessions) for (const q of docs.get(s.id)?.questions || []) defs.set(originOf(q), q);
  // A question as created (its options, statements, scale), and its
  // combined results apart: a scale's results have "statements" too.
  const questions = (res.questions || []).map((r) => ({
    ...defs.get(r.origin),
    id: r.origin,
    origin: r.origin,
    type: r.type,
    prompt: r.prompt ?? defs.get(r.origin)?.prompt,
    category: r.category ?? defs.get(r.origin)?.category ?? null,
    result: r,
  }));
  const newest = docs.get(sessions[sessions.length - 1]?.id);
  return {
    id,
    title: about?.title || programmeTitle(id),
    role: about?.role || '', // the caller's: owner, cofacilitator, viewer ('' when unknown)
    sessions: sessions.map((s) => ({ ...s, language: docs.get(s.id)?.language, pace: docs.get(s.id)?.pace, minSegment: docs.get(s.id)?.minSegment, closedAt: docs.get(s.id)?.state?.locked })),
    questions,
    categories: res.categories || [],
    language: newest?.language || 'en',
    minSegment: newest?.minSegment || 5,
    segmentBy: res.segmentBy || segmentBy || '',
  };
}

// visible keeps of a result what the room may see: moderated entries
// (answers, entries, words) that are hidden, banned or waiting are left out.
export function visible(r) {
  if (!r) return r;
  const out = { ...r };
  for (const key of ['answers', 'entries', 'words']) {
    if (Array.isArray(r[key])) out[key] = r[key].filter((e) => !e.hidden && !e.banned && !e.pending);
  }
  return out;
}
