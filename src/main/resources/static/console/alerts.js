// A tenant's alerts: who is told (an e-mail address, a webhook destination) of what, and what was sent lately.
'use strict';

async function alertsPage() {
  const p = params();
  const tenant = (p.get('tenant') || (me && me.tenant) || '').trim();
  const pick = el('form', { class: 'filters', id: 'alerts-tenant', onsubmit: (e) => {
    e.preventDefault();
    location.hash = '#/alerts?tenant=' + encodeURIComponent(pick.elements.tenant.value.trim());
  } }, el('label', {}, 'tenant', el('input', { name: 'tenant', value: tenant })), el('button', { type: 'submit' }, 'Show'));
  if (!tenant) { view.replaceChildren(el('h1', {}, 'Alerts'), pick); return; }
  const a = await api('/api/tenants/' + encodeURIComponent(tenant) + '/alerts');
  const kinds = el('div', { class: 'actions' }, a.kinds.map(k => el('label', {}, el('input', { type: 'checkbox', name: 'kind', value: k,
    checked: k === 'dead-letter' || k === 'reauth' }), ' ' + k)));
  const to = el('input', { id: 'alert-to', placeholder: 'support@example.com, or a destination id', size: 36 });
  const minutes = el('input', { id: 'alert-minutes', type: 'number', min: 1, max: 10080, value: 30, size: 6 });
  const out = el('p', { id: 'alert-result', class: 'muted' });
  const form = el('form', { class: 'card', id: 'alert-form', onsubmit: async (e) => {
    e.preventDefault();
    const target = to.value.trim();
    const body = { kinds: [...kinds.querySelectorAll('input:checked')].map(i => i.value), heldAfterMinutes: Number(minutes.value) };
    body[target.includes('@') ? 'email' : 'destination'] = target;
    try {
      await api('/api/tenants/' + encodeURIComponent(tenant) + '/alerts', { method: 'POST', body: JSON.stringify(body) });
      toast('Subscribed');
      alertsPage();
    } catch (err) { out.className = 'error'; out.textContent = err.message; }
  } },
    el('h2', {}, 'Tell someone'), el('label', {}, 'To ', to), kinds,
    el('label', {}, 'a held or failing connector after ', minutes, ' minutes'), ' ',
    el('button', { type: 'submit', id: 'alert-subscribe' }, 'Subscribe'), out);
  view.replaceChildren(el('h1', {}, `Alerts of ${a.tenant}`), pick,
    table('alert-subscriptions', ['Channel', 'To', 'Kinds', 'Held after', 'Made by', ''],
      a.subscriptions.map(s => [{ 'data-id': s.id }, [s.channel, s.target, s.kinds.join(', '), s.heldAfterMinutes + ' min', s.createdBy || '',
        el('button', { class: 'secondary', onclick: async () => {
          await api(`/api/tenants/${encodeURIComponent(tenant)}/alerts/${encodeURIComponent(s.id)}`, { method: 'DELETE' });
          toast('Unsubscribed');
          alertsPage();
        } }, 'Remove')]])),
    form,
    el('h2', {}, 'Sent lately'),
    table('alerts-sent', ['Raised', 'Kind', 'What', 'To', 'Status', 'Attempts', 'Last error'],
      a.recent.map(s => [{}, [when(s.raisedAt), s.kind, s.title, s.target, badge(s.status), s.attempts, s.lastError || '']])));
}
