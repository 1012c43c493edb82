// The participants' and the big screen's dictionaries (static/assets/i18n/):
// every language has every key of English, with the same placeholders.
//
// Run: cd e2e && node --test i18n.test.js (no server or browser needed).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LANGUAGES, STRINGS, translator } from '../static/assets/i18n.js';

const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('every language has the same keys as English', () => {
  const keys = Object.keys(STRINGS.en).sort();
  assert.deepEqual(Object.keys(STRINGS).sort(), [...LANGUAGES].sort());
  for (const lang of LANGUAGES) {
    assert.deepEqual(Object.keys(STRINGS[lang]).sort(), keys, `${lang}: keys differ from English`);
    for (const [k, v] of Object.entries(STRINGS[lang])) {
      assert.equal(typeof v, 'string', `${lang}.${k}`);
      assert.ok(v.trim().length > 0, `${lang}.${k} is empty`);
    }
  }
});

test('translations keep the placeholders of the English strings', () => {
  for (const lang of LANGUAGES) {
    for (const [k, en] of Object.entries(STRINGS.en)) {
      assert.deepEqual(placeholders(STRINGS[lang][k]), placeholders(en), `${lang}.${k}`);
    }
  }
});

test('the translator picks the _one variant for one, and falls back to English', () => {
  assert.equal(translator('sv')('responses', { n: 1 }), STRINGS.sv.responses_one.replace('{n}', '1'));
  assert.equal(translator('sv')('responses', { n: 2 }), STRINGS.sv.responses.replace('{n}', '2'));
  assert.equal(translator('fi')('joinButton'), STRINGS.en.joinButton);
});
