// The limits the server enforces (entry lengths, quiz seconds, max words),
// read once from GET /api/v1/limits: the numbers live in pkg/poll only.
// Without an answer (the server cannot be reached) a limit is undefined:
// the page then leaves the check to the server, which refuses in its words.

import { api } from './common.js';

async function load() {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await api('/limits');
    } catch {
      await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
    }
  }
  return {};
}

export const limits = Object.freeze(await load());

// within reports whether n is an integer from lo to hi; a bound that is
// not known passes.
export function within(n, lo, hi) {
  if (!Number.isInteger(n)) return false;
  return !(lo !== undefined && n < lo) && !(hi !== undefined && n > hi);
}

// applyLimits sets the maxlength, min and max attributes that root's
// elements ask for by name: data-limit-max="maxSeconds" and the like.
export function applyLimits(root = document) {
  for (const attr of ['maxlength', 'min', 'max']) {
    for (const node of root.querySelectorAll(`[data-limit-${attr}]`)) {
      const v = limits[node.getAttribute(`data-limit-${attr}`)];
      if (v !== undefined) node.setAttribute(attr, String(v));
    }
  }
}
