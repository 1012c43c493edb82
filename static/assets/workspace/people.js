// The organisation's facilitators, for an owner: added (their first API
// key shown once), made owner or facilitator, removed.

import { $, api, confirmDialog, el } from '../common.js';
import { t } from '../translate.js';
import { showSecret } from './keys.js';

const ui = {
  card: $('#people-card'),
  form: $('#person-form'),
  email: $('#person-email'),
  name: $('#person-name'),
  role: $('#person-role'),
  fresh: $('#new-person-key'),
  list: $('#people-list'),
};

let people = [];

function item(p, ctx) {
  const name = p.name || p.email;
  const label = `${name} <${p.email}> · ${t('w_orgRole_' + p.role)}` + (p.id === ctx.me.id ? ` (${t('w_you')})` : '');
  const li = el('li', { 'data-facilitator': p.id }, el('span', { text: label }));
  if (p.id === ctx.me.id) return li;
  const flip = el('button', { class: 'btn btn-small', type: 'button', text: p.role === 'owner' ? t('w_makeFacilitator') : t('w_makeOwner') });
  flip.addEventListener('click', () => act(ctx, () => api(`/facilitators/${encodeURIComponent(p.id)}`, { method: 'PATCH', body: { role: p.role === 'owner' ? 'facilitator' : 'owner' } })));
  const rm = el('button', { class: 'btn btn-small btn-danger', type: 'button', text: t('w_removePerson', { name }) });
  rm.addEventListener('click', async () => {
    const ok = await confirmDialog({ title: t('w_confirmRemovePerson', { name }), confirm: t('w_remove'), cancel: t('w_cancel') });
    if (ok) await act(ctx, () => api(`/facilitators/${encodeURIComponent(p.id)}`, { method: 'DELETE' }));
  });
  li.append(' ', flip, ' ', rm);
  return li;
}

async function act(ctx, call) {
  try {
    await call();
    await load(ctx);
    ctx.fail(null);
  } catch (err) {
    ctx.fail(err);
  }
}

function draw(ctx) {
  ui.list.replaceChildren(...people.map((p) => item(p, ctx)));
}

async function load(ctx) {
  try {
    people = (await api('/facilitators')).facilitators || [];
  } catch (err) {
    ctx.fail(err);
  }
  draw(ctx);
}

export function mountPeople(ctx) {
  ui.card.hidden = false;
  ui.form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const email = ui.email.value.trim();
    if (!email || !ui.email.checkValidity()) {
      ui.email.setAttribute('aria-invalid', 'true');
      ui.email.focus();
      return;
    }
    ui.email.removeAttribute('aria-invalid');
    try {
      const p = await api('/facilitators', { method: 'POST', body: { email, name: ui.name.value.trim(), role: ui.role.value } });
      ui.email.value = '';
      ui.name.value = '';
      await load(ctx);
      showSecret(ui.fresh, t('w_added', { name: p.name || p.email }), p.apiKey);
      ctx.fail(null);
    } catch (err) {
      ctx.fail(err);
    }
  });
  load(ctx);
  return { redraw: () => draw(ctx) };
}
