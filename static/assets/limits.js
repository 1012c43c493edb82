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
