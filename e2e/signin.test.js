// Sign-in in the browser through a real OpenID Provider (cmd/oidc-dev,
// zitadel's op): Chromium is sent to the provider, signs in on its form,
// comes back signed in, and the session cookie creates sessions from a
// page; a second context, signed in as someone else, gets 403 on them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTing, stopTing, ting, watch } from './helpers.js';

before(() => startTing({ oidcUsers: ['anna@kommun.se:hemligt:Anna Ek', 'bo@kommun.se:hemligt:Bo Ek'] }));
after(stopTing);

async function signInAt(ctx, user) {
  const page = watch(await ctx.newPage(), user);
  await page.goto(`${ting.base}/auth/oidc/login`);
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill('hemligt');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${ting.base}/host`);
  return page;
}

// fetchIn calls the API from the page, as the page's own scripts do.
function fetchIn(page, method, url, body) {
  return page.evaluate(
    async ([m, u, b]) => {
      const res = await fetch(u, { method: m, headers: { 'Content-Type': 'application/json' }, body: b ? JSON.stringify(b) : undefined });
      return { status: res.status, body: await res.json().catch(() => null) };
    },
    [method, url, body],
  );
}

test('sign in with the organisation provider, create, and keep others out', async () => {
  const annaCtx = await ting.browser.newContext();
  const anna = await signInAt(annaCtx, 'anna@kommun.se');
  const cookies = await annaCtx.cookies();
  const login = cookies.find((c) => c.name === 'ting_login');
  assert.ok(login && login.httpOnly && login.sameSite === 'Lax', `login cookie ${JSON.stringify(cookies)}`);
  const me = await fetchIn(anna, 'GET', '/api/v1/me');
  assert.equal(me.status, 200);
  assert.equal(me.body.email, 'anna@kommun.se');
  assert.equal(me.body.role, 'owner', 'the first to sign in owns the organisation');
  const created = await fetchIn(anna, 'POST', '/api/v1/sessions', { title: 'Inloggad', language: 'sv' });
  assert.equal(created.status, 201);

  const boCtx = await ting.browser.newContext();
  const bo = await signInAt(boCtx, 'bo@kommun.se');
  const boMe = await fetchIn(bo, 'GET', '/api/v1/me');
  assert.equal(boMe.body.role, 'facilitator');
  const refused = await fetchIn(bo, 'GET', `/api/v1/sessions/${created.body.id}`);
  assert.equal(refused.status, 403);

  const out = await fetchIn(anna, 'POST', '/auth/logout');
  assert.equal(out.status, 204);
  assert.equal((await fetchIn(anna, 'GET', '/api/v1/me')).status, 401);
  await annaCtx.close();
  await boCtx.close();
  // The refusals above are the browser's "failed to load" lines; nothing else may fail.
  assert.deepEqual(ting.pageErrors.filter((e) => !e.includes('Failed to load resource')), []);
});
