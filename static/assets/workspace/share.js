// Sharing a session (its owner only): who has a role on it, a colleague
// picked from the organisation's facilitators given the role of
// co-facilitator or viewer, and a role taken back. A modal dialog.

import { api, el } from '../common.js';
import { errorMessage } from '../i18n-workspace.js';
import { t } from '../translate.js';

let seq = 0;

// openShare opens the share dialog of session s; focus returns to opener.
export async function openShare(s, ctx, opener) {
  const n = ++seq;
  const path = `/sessions/${encodeURIComponent(s.id)}/members`;
  const title = el('h2', { id: `share-title-${n}`, class: 'dialog-title', text: t('w_shareHeading', { title: s.title }) });
  const list = el('ul', { class: 'plain-list member-list', 'aria-label': t('w_members') });
  const who = el('select', { id: `share-who-${n}`, required: '' });
  const role = el(
    'select',
    { id: `share-role-${n}` },
    el('option', { value: 'cofacilitator', text: t('w_role_cofacilitator') }),
    el('option', { value: 'viewer', text: t('w_role_viewer') }),
  );
  const error = el('p', { class: 'notice notice-error', role: 'alert' });
  const form = el(
    'form',
    { class: 'inline-form', novalidate: '' },
    el('div', { class: 'field' }, el('label', { for: who.id, text: t('w_colleague') }), who),
    el('div', { class: 'field' }, el('label', { for: role.id, text: t('w_memberRole') }), role),
    el('button', { class: 'btn btn-primary', type: 'submit', text: t('w_addMember') }),
  );
  const close = el('button', { class: 'btn', type: 'button', text: t('w_close') });
  const dlg = el(
    'dialog',
    { class: 'dialog share-dialog', 'aria-labelledby': title.id },
    title,
    list,
    form,
    error,
    el('div', { class: 'dialog-actions' }, close),
  );
  let people = [];
  const fail = (err) => (error.textContent = err ? errorMessage(err) : '');

  async function refresh() {
    try {
      const [m, f] = await Promise.all([api(path), api('/facilitators')]);
      people = f.facilitators || [];
      const members = m.members || [];
      const taken = new Set(members.map((x) => x.facilitator));
      list.replaceChildren(...members.map((x) => member(x)));
      who.replaceChildren(
        el('option', { value: '', text: t('w_pickColleague') }),
        ...people.filter((p) => !taken.has(p.id)).map((p) => el('option', { value: p.id, text: p.name ? `${p.name} (${p.email})` : p.email })),
      );
      fail(null);
    } catch (err) {
      fail(err);
    }
  }

  function member(x) {
    const name = x.name || x.email || x.facilitator;
    const li = el('li', {}, el('span', { text: `${name} · ${t('w_role_' + x.role)}` }));
    if (x.role !== 'owner') {
      const rm = el('button', { class: 'btn btn-small', type: 'button', 'aria-label': t('w_removeMember', { name }), text: t('w_remove') });
      rm.addEventListener('click', async () => {
        try {
          await api(`${path}/${encodeURIComponent(x.facilitator)}`, { method: 'DELETE' });
          ctx.say(t('w_unshared', { name }));
          await refresh();
          who.focus();
        } catch (err) {
          fail(err);
        }
      });
      li.append(' ', rm);
    }
    return li;
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!who.value) {
      who.focus();
      return;
    }
    const p = people.find((x) => x.id === who.value);
    try {
      await api(path, { method: 'POST', body: { facilitator: who.value, role: role.value } });
      ctx.say(t('w_shared', { name: p?.name || p?.email || '' }));
      await refresh();
      who.focus();
    } catch (err) {
      fail(err);
    }
  });
  close.addEventListener('click', () => dlg.close());
  dlg.addEventListener('close', () => {
    dlg.remove();
    opener?.focus();
  });
  document.body.append(dlg);
  dlg.showModal();
  await refresh();
  who.focus();
}
