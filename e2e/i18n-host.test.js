// The facilitator page's dictionaries: every language has every key, with the
// same placeholders, and no key hides one of the shared strings of i18n.js.
//
// Run: cd e2e && npm test (no server or browser needed for this file).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HOST_STRINGS, hostTranslator, LANGUAGES } from '../static/assets/i18n-host.js';
import { translator } from '../static/assets/i18n.js';

const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('every language has the same keys as English', () => {
  const keys = Object.keys(HOST_STRINGS.en).sort();
  assert.deepEqual(Object.keys(HOST_STRINGS).sort(), [...LANGUAGES].sort());
  for (const lang of LANGUAGES) {
    assert.deepEqual(Object.keys(HOST_STRINGS[lang]).sort(), keys, `${lang}: keys differ from English`);
    for (const [k, v] of Object.entries(HOST_STRINGS[lang])) {
      assert.equal(typeof v, 'string', `${lang}.${k}`);
      assert.ok(v.trim().length > 0, `${lang}.${k} is empty`);
    }
  }
});

test('translations keep the placeholders of the English strings', () => {
  for (const lang of LANGUAGES) {
    for (const [k, en] of Object.entries(HOST_STRINGS.en)) {
      assert.deepEqual(placeholders(HOST_STRINGS[lang][k]), placeholders(en), `${lang}.${k}`);
    }
  }
});

test("the facilitator's keys do not shadow the shared strings", () => {
  const shared = translator('en');
  for (const k of Object.keys(HOST_STRINGS.en)) {
    assert.equal(shared(k), k, `${k} is a key of i18n.js too`);
  }
});

test('hostTranslator reads the page strings, then the shared ones, and falls back to English', () => {
  const sv = hostTranslator('sv-SE');
  assert.equal(sv('createSession'), 'Skapa session');
  assert.equal(sv('leaderboard'), 'Topplista', 'shared strings are there too');
  assert.equal(sv('metaResponses', { n: 1 }), '1 svar');
  assert.equal(hostTranslator('nb')('participantsWord', { n: 1 }), 'deltaker');
  assert.equal(hostTranslator('nb')('participantsWord', { n: 2 }), 'deltakere');
  assert.equal(hostTranslator('no')('createSession'), 'Opprett økt');
  assert.equal(hostTranslator('da')('confirmReset', { i: 2, q: 'X', n: 3 }).includes('3 deltagere'), true);
  assert.equal(hostTranslator('fi')('createSession'), 'Create session', 'an unknown language is English');
  // A plain translator of i18n.js does not see the facilitator's strings.
  assert.equal(translator('sv')('createSession'), 'createSession');
});
