// The console's pages for who runs the gateway: tenants (operators) and API keys (operators and tenant admins).
// Loaded after console.js, whose el(), api(), badge(), when() and toast() it uses.
'use strict';

// ---- tenants: every tenant, where it comes from; an operator makes new ones ----
async function tenantsPage() {
  const list = (await api('/api/tenants')).tenants;
  const id = el('input', { id: 'new-tenant-id', placeholder: 'new tenant id, e.g. initech', pattern: '[a-z0-9][a-z0-9-]{0,62}' });
  const form = el('form', { class: 'filters', id: 'new-tenant', onsubmit: async (e) => {
    e.preventDefault();
    try {
      await api('/api/tenants', { method: 'POST', body: JSON.stringify({ id: id.value.trim() }) });
      toast('tenant ' + id.value.trim() + ' created: add its dialer and CRM connections through the API');
      tenantsPage();
    } catch (err) { toast(err.message); }
  } }, id, el('button', { type: 'submit' }, 'Create tenant'));
  view.replaceChildren(el('h1', {}, 'Tenants'),
    me && me.role === 'operator' ? form : '',
    el('table', { id: 'tenants' },
      el('thead', {}, el('tr', {}, ['tenant', 'from', 'state', 'dialers', 'CRMs', 'mappings'].map(h => el('th', {}, h)))),
      el('tbody', {}, list.map(t => el('tr', { 'data-tenant': t.id },
        el('td', {}, t.id),
        el('td', {}, t.source === 'configuration' ? 'configuration (read-only here)' : 'admin API'),
        el('td', {}, badge(t.enabled ? 'enabled' : 'disabled')),
        el('td', {}, (t.dialers || []).map(d => d.dialer + (d.secretFingerprint ? ' (' + d.secretFingerprint + ')' : '')).join(', ')),
        el('td', {}, (t.crms || []).map(c => c.crm).join(', '),
          t.source !== 'configuration' && me.role !== 'tenant-viewer' ? connectButtons(t) : ''),
        el('td', {}, ['salesforce', 'hubspot', 'bullhorn'].map(crm => el('a', { class: 'mapping-link', 'data-mapping': t.id + '/' + crm,
          href: `#/mapping/${encodeURIComponent(t.id)}/${encodeURIComponent(crm)}` }, crm + ' '))))))));
}

// "Connect Salesforce/HubSpot": the CRM's login page opens; it sends the admin back to the gateway, which says how it went.
function connectButtons(t) {
  return el('div', { class: 'connect' }, ['salesforce', 'hubspot'].map(crm => el('button', { class: 'secondary', 'data-connect': t.id + '/' + crm,
    onclick: async () => {
      try {
        const login = crm === 'salesforce' ? (prompt('Where do the org\'s users log in? production, sandbox, or the My Domain name', 'production') || 'production') : null;
        const r = await api(`/api/tenants/${encodeURIComponent(t.id)}/crms/${crm}/connect`, { method: 'POST', body: JSON.stringify(login ? { login } : {}) });
        window.open(r.authorizeUrl, '_blank', 'noopener');
      } catch (err) { toast(err.message); }
    } }, 'Connect ' + crm)));
}

// ---- keys: who can use the API; a new key's secret is shown once ----
async function keysPage() {
  const keys = (await api('/api/keys')).keys;
  const name = el('input', { id: 'new-key-name', placeholder: 'who uses it, e.g. Globex CRM admin' });
  const roles = me.role === 'operator' ? ['tenant-admin', 'tenant-viewer', 'operator'] : ['tenant-viewer', 'tenant-admin'];
  const role = el('select', { id: 'new-key-role' }, roles.map(r => el('option', { value: r }, r)));
  const tenant = el('input', { id: 'new-key-tenant', placeholder: 'tenant', value: me.tenant || '' });
  if (me.tenant) tenant.setAttribute('readonly', '');
  const secret = el('p', { id: 'new-key-secret', class: 'muted' });
  const form = el('form', { class: 'filters', id: 'new-key', onsubmit: async (e) => {
    e.preventDefault();
    try {
      const body = { name: name.value.trim(), role: role.value };
      if (role.value !== 'operator') body.tenant = tenant.value.trim();
      const created = await api('/api/keys', { method: 'POST', body: JSON.stringify(body) });
      await keysPage();
      document.getElementById('new-key-secret').textContent = 'The key, shown only now: ' + created.secret;
    } catch (err) { toast(err.message); }
  } }, name, role, tenant, el('button', { type: 'submit' }, 'Create key'));
  view.replaceChildren(el('h1', {}, 'API keys'), form, secret,
    el('table', { id: 'keys' },
      el('thead', {}, el('tr', {}, ['name', 'role', 'tenant', 'key', 'made by', 'last used', ''].map(h => el('th', {}, h)))),
      el('tbody', {}, keys.map(k => el('tr', { 'data-key': k.id },
        el('td', {}, k.name), el('td', {}, k.role), el('td', {}, k.tenant || 'every tenant'), el('td', {}, k.prefix),
        el('td', {}, k.createdBy), el('td', {}, when(k.lastUsedAt) || 'never'),
        el('td', {}, k.revokedAt ? badge('revoked') : el('button', { class: 'link', onclick: async () => {
          try { await api('/api/keys/' + k.id, { method: 'DELETE' }); toast('key ' + k.name + ' revoked'); keysPage(); } catch (err) { toast(err.message); }
        } }, 'Revoke')))))));
}
