// The strings of the programme page (/programme) and the report (/report)
// in the four languages, in the shape of i18n.js: their own dictionaries
// (i18n/programme/<lang>.js) read first, then the facilitator's, then the
// shared ones, English as the fallback.

import { applyStatic, browserLanguage, LANGUAGE_NAMES, LANGUAGES, normalizeLanguage } from './i18n.js';
import { HOST_STRINGS } from './i18n-host.js';
import en from './i18n/programme/en.js';
import sv from './i18n/programme/sv.js';
import nb from './i18n/programme/nb.js';
import da from './i18n/programme/da.js';

export { applyStatic, browserLanguage, LANGUAGE_NAMES, LANGUAGES, normalizeLanguage };

export const PROGRAMME_OWN = { en, sv, nb, da };

// PROGRAMME_STRINGS are the dictionaries useLanguage takes on these pages.
export const PROGRAMME_STRINGS = Object.fromEntries(Object.keys(PROGRAMME_OWN).map((k) => [k, { ...HOST_STRINGS[k], ...PROGRAMME_OWN[k] }]));
