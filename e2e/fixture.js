// The shared fixture of the browser tests: the facilitator's page, the big
// screen and phones, each in its own browser context and watched for script
// errors, and the one function that creates a session.
//
//   const w = await openWorkshop({ phones: 2 });
//   const s = await createSession({ host: w.host, title: 'Medarbetarskap', language: 'sv' });
//   await w.screen.goto(s.presentUrl);
//   await w.phones[0].goto(joinUrl(s.code));

import assert from 'node:assert/strict';
import { adminKey, hostContext, phoneContext, rest, screenContext, secretOf, ting, watch } from './helpers.js';

// HOST_LABELS are the English names of the new-session form's controls;
// a test of the page in another language passes its own.
export const HOST_LABELS = {
  title: 'Title',
  language: 'Language on phones and the big screen',
  minSegment: 'Smallest group shown in split results',
  create: 'Create session',
  openScreen: 'Open big screen',
};

// joinUrl is a phone's link into the session with this code.
export function joinUrl(code) {
  return `${ting.base}/?code=${code}`;
}

// openHost opens the facilitator's page in a context of its own (not yet
// navigated); options go to hostContext.
export async function openHost(options, name = 'host') {
  return watch(await (await hostContext(options)).newPage(), name);
}

// openViewer opens the laptop of a working group's member: a facilitator
// the owner makes ("Styregruppen") and gives the viewer role by a POST to
// members (a session's or a programme's), signed in with its own link. It
// returns the page (not yet navigated) and the facilitator's API key.
export async function openViewer(members, name = 'viewer') {
  const made = await rest('POST', '/facilitators', { token: adminKey, body: { email: 'styregruppe@kommune.dk', name: 'Styregruppen', role: 'facilitator' } });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const shared = await rest('POST', members, { token: adminKey, body: { facilitator: made.body.id, role: 'viewer' } });
  assert.equal(shared.status, 200, JSON.stringify(shared.body));
  return { page: await openHost({ key: made.body.apiKey }, name), key: made.body.apiKey };
}

// openScreen opens a big-screen browser (not yet navigated).
export async function openScreen(name = 'screen') {
  return watch(await (await screenContext()).newPage(), name);
}

// openPhone opens a phone of this width (not yet navigated).
export async function openPhone(width = 390, name = 'phone') {
  return watch(await (await phoneContext(width)).newPage(), name);
}

// openWorkshop opens the host page, the big screen and phones, in that
// order. phones is a count or a list of widths; names.phones names them
// (phone1, phone2, ... unless told). close() closes every context.
export async function openWorkshop({ host = true, hostOptions, screen = true, phones = 0, names = {} } = {}) {
  const widths = Array.isArray(phones) ? phones : Array.from({ length: phones }, () => 390);
  const w = { host: null, screen: null, phones: [] };
  if (host) w.host = await openHost(hostOptions, names.host ?? 'host');
  if (screen) w.screen = await openScreen(names.screen ?? 'screen');
  for (const [i, width] of widths.entries()) w.phones.push(await openPhone(width, names.phones?.[i] ?? `phone${i + 1}`));
  w.hostCtx = w.host?.context() ?? null;
  w.screenCtx = w.screen?.context() ?? null;
  w.close = async () => {
    for (const p of [w.host, w.screen, ...w.phones]) if (p) await p.context().close();
  };
  return w;
}

// createSession creates a session, the one place that knows how: on the
// facilitator page when given one (filling its new-session form, with
// beforeCreate run just before the click), through the REST API otherwise.
// closesAt (RFC 3339) is taken through the API only.
// It returns the code and the facilitator's secret ({ id, token }); on the
// page also the big screen's link (presentUrl), through the API the
// response itself (created).
export async function createSession({ host, title, language, minSegment, pace, closesAt, labels = HOST_LABELS, beforeCreate } = {}) {
  if (!host) {
    const body = { title };
    if (language) body.language = language;
    if (pace) body.pace = pace;
    if (minSegment !== undefined) body.minSegment = minSegment;
    if (closesAt) body.closesAt = closesAt;
    const created = await rest('POST', '/sessions', { token: adminKey, body });
    const s = created.body ?? {};
    return { created, code: s.code, secret: { id: s.id, token: s.facilitatorToken } };
  }
  if (new URL(host.url()).pathname !== '/host') await host.goto(`${ting.base}/host`);
  await host.getByLabel(labels.title).fill(title);
  if (language) await host.getByLabel(labels.language).selectOption(language);
  if (minSegment !== undefined) await host.getByLabel(labels.minSegment).fill(String(minSegment));
  if (beforeCreate) await beforeCreate(host);
  await host.getByRole('button', { name: labels.create }).click();
  await host.locator('#session-heading', { hasText: title }).waitFor();
  await host.locator('#session-code[data-code]').waitFor();
  const code = await host.locator('#session-code').getAttribute('data-code');
  const presentUrl = await host.getByRole('link', { name: labels.openScreen }).getAttribute('href');
  return { code, presentUrl, secret: secretOf(presentUrl) };
}

// openSessionOnHost opens the facilitator's page on a session made
// through the API, as if this computer had created it.
export async function openSessionOnHost(host, secret) {
  await host.goto(`${ting.base}/host`);
  await host.evaluate((s) => localStorage.setItem('ting:host', JSON.stringify(s)), secret);
  await host.reload();
  await host.locator('#session-code[data-code]').waitFor();
}
