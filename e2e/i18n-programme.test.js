// The programme page's and the report's dictionaries: every language has
// every key, with the same placeholders, and none hides a string of the
// facilitator page or of i18n.js.
//
// Run: cd e2e && node --test i18n-programme.test.js (no server or browser needed).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HOST_STRINGS } from '../static/assets/i18n-host.js';
import { LANGUAGES, PROGRAMME_OWN, PROGRAMME_STRINGS } from '../static/assets/i18n-programme.js';
import { translator } from '../static/assets/i18n.js';

const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('every language has the same keys and placeholders as English', () => {
  const keys = Object.keys(PROGRAMME_OWN.en).sort();
  assert.deepEqual(Object.keys(PROGRAMME_OWN).sort(), [...LANGUAGES].sort());
  for (const lang of LANGUAGES) {
    assert.deepEqual(Object.keys(PROGRAMME_OWN[lang]).sort(), keys, `${lang}: keys differ from English`);
    for (const [k, en] of Object.entries(PROGRAMME_OWN.en)) {
      assert.ok(PROGRAMME_OWN[lang][k].trim().length > 0, `${lang}.${k} is empty`);
      assert.deepEqual(placeholders(PROGRAMME_OWN[lang][k]), placeholders(en), `${lang}.${k}`);
    }
  }
});

test('the programme keys shadow no other string, and the pages read all three', () => {
  const shared = translator('en');
  for (const k of Object.keys(PROGRAMME_OWN.en)) {
    assert.equal(shared(k), k, `${k} is a key of i18n.js too`);
    assert.equal(HOST_STRINGS.en[k], undefined, `${k} is a key of the facilitator page too`);
  }
  const sv = translator('sv', PROGRAMME_STRINGS);
  assert.equal(sv('p_rose'), 'Ökade mest');
  assert.equal(sv('type_scale'), HOST_STRINGS.sv.type_scale);
  assert.equal(sv('send'), 'Skicka');
  assert.equal(translator('da', PROGRAMME_STRINGS)('p_participants', { n: 1 }), '1 deltager');
});
