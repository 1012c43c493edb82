// The sign-in page's and the workspace's dictionaries: every language has
// every key, with the same placeholders, and none hides a shared string.
//
// Run: cd e2e && node --test i18n-workspace.test.js (no server or browser).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import en from '../static/assets/i18n/workspace/en.js';
import sv from '../static/assets/i18n/workspace/sv.js';
import nb from '../static/assets/i18n/workspace/nb.js';
import da from '../static/assets/i18n/workspace/da.js';
import { LANGUAGES, translator } from '../static/assets/i18n.js';

const STRINGS = { en, sv, nb, da };
const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('every language has the keys and placeholders of English', () => {
  assert.deepEqual(Object.keys(STRINGS).sort(), [...LANGUAGES].sort());
  const keys = Object.keys(en).sort();
  for (const lang of LANGUAGES) {
    assert.deepEqual(Object.keys(STRINGS[lang]).sort(), keys, `${lang}: keys differ from English`);
    for (const [k, v] of Object.entries(STRINGS[lang])) {
      assert.ok(typeof v === 'string' && v.trim(), `${lang}.${k} is empty`);
      assert.deepEqual(placeholders(v), placeholders(en[k]), `${lang}.${k}`);
      if (lang !== 'en' && !/^(w_signinTitle|w_workspaceTitle|w_code|w_keys)$/.test(k) && v.length > 12) {
        assert.notEqual(v, en[k], `${lang}.${k} is still English`);
      }
    }
  }
});

test('no key hides a shared string of i18n.js', () => {
  const shared = translator('en');
  for (const k of Object.keys(en)) assert.equal(shared(k), k, `${k} is a key of i18n.js too`);
});
