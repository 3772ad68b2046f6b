// The support console: plain pages over the gateway's admin API (/api/**), with the admin key kept in this tab only.
// Every value from the API is inserted as text, never as HTML.
'use strict';

const KEY = 'gateway.adminKey';
const view = document.getElementById('view');

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => {
    if (k === 'onclick' || k === 'onsubmit' || k === 'onchange') e[k] = v;
    else if (v !== null && v !== undefined && v !== false) e.setAttribute(k, v === true ? '' : v);
  });
  children.flat().forEach(c => e.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c))));
  return e;
}
const badge = (text) => el('span', { class: 'badge ' + text, 'data-badge': text }, text);
const when = (iso) => iso ? new Date(iso).toLocaleString() : '';
const age = (s) => s == null ? '–' : s < 90 ? s + ' s' : s < 5400 ? Math.round(s / 60) + ' min' : Math.round(s / 3600) + ' h';

function toast(text) {
  const t = document.getElementById('toast');
  t.textContent = text;
  t.classList.add('show');
  setTimeout(() => t.classList.remove('show'), 3000);
}

async function api(path, options = {}) {
  const r = await fetch(path, {
    ...options,
    headers: { 'X-Api-Key': sessionStorage.getItem(KEY) || '', 'Content-Type': 'application/json', ...(options.headers || {}) }
  });
  const body = r.status === 204 ? null : await r.json().catch(() => null);
  if (r.status === 401) { signOut(); throw new Error('the admin key was refused'); }
  if (!r.ok) throw new Error((body && (body.detail || body.reason)) || ('HTTP ' + r.status));
  return body;
}

function signOut() {
  sessionStorage.removeItem(KEY);
  me = null;
  route();
}

// Who the key is (GET /api/me): the header says so, and only the pages its role may use are offered.
let me = null;
async function whoAmI() {
  if (!me) me = await api('/api/me');
  document.getElementById('whoami').textContent = me.name + ' · ' + me.role + (me.tenant ? ' of ' + me.tenant : '');
  document.getElementById('nav-tenants').hidden = false;
  document.getElementById('nav-keys').hidden = me.role === 'tenant-viewer';
}

function params() {
  const q = location.hash.split('?')[1] || '';
  return new URLSearchParams(q);
}

// ---- overview: each tenant's connectors ----
async function overview() {
  const [connectors, kept] = await Promise.all([api('/api/connectors'), api('/api/retention').catch(() => null)]);
  const sum = (m, keys) => keys.reduce((n, k) => n + (m && m[k] || 0), 0);
  const waiting = ['PENDING', 'RETRYING', 'IN_FLIGHT', 'PARKED', 'PROBE'];
  view.replaceChildren(
    el('h1', {}, 'Connectors'),
    el('table', { id: 'connectors' },
      el('tr', {}, ['Tenant', 'CRM', 'Status', 'Last hour: delivered / waiting / failed', 'Last day: delivered / waiting / failed',
        'Oldest pending', 'Dead letters', ''].map(h => el('th', {}, h))),
      connectors.map(c => el('tr', { 'data-connector': c.tenant + '/' + c.crm },
        el('td', {}, c.tenant), el('td', {}, c.crm),
        el('td', {}, badge(c.status), c.reason ? el('div', { class: 'muted' }, c.reason) : ''),
        el('td', {}, `${sum(c.lastHour, ['DELIVERED', 'SKIPPED'])} / ${sum(c.lastHour, waiting)} / ${sum(c.lastHour, ['FAILED'])}`),
        el('td', {}, `${sum(c.lastDay, ['DELIVERED', 'SKIPPED'])} / ${sum(c.lastDay, waiting)} / ${sum(c.lastDay, ['FAILED'])}`),
        el('td', {}, age(c.oldestWaitingSeconds)),
        el('td', {}, c.deadLetters ? el('a', { href: `#/failed?tenant=${encodeURIComponent(c.tenant)}&crm=${encodeURIComponent(c.crm)}` },
          String(c.deadLetters)) : '0'),
        el('td', {}, c.status === 'paused' || c.status === 'NEEDS_REAUTH'
          ? el('button', { class: 'secondary', onclick: () => connectorAction(c, 'resume') }, 'Resume')
          : el('button', { class: 'secondary', onclick: () => connectorAction(c, 'pause') }, 'Pause'))))),
    kept ? el('p', { id: 'retention', class: 'muted' }, `Data is kept: delivered events ${days(kept.deliveredEvents)}, `
      + `dead letters ${days(kept.deadLetters)} after they failed, the compliance audit ${kept.complianceAudit}.`) : ''
  );
}

/** An ISO-8601 duration (PT720H) in days, as the retention settings are written. */
function days(iso) {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso || '');
  if (!m) return iso;
  const seconds = (+m[1] || 0) * 86400 + (+m[2] || 0) * 3600 + (+m[3] || 0) * 60 + (+m[4] || 0);
  return seconds >= 86400 ? `${Math.round(seconds / 86400)} days` : `${Math.round(seconds / 60)} minutes`;
}

async function connectorAction(c, action) {
  const body = action === 'pause' ? JSON.stringify({ reason: prompt('Why pause ' + c.tenant + '/' + c.crm + '?') || 'paused from the console' }) : '';
  await api(`/api/connectors/${encodeURIComponent(c.tenant)}/${encodeURIComponent(c.crm)}/${action}`, { method: 'POST', body });
  toast(`${c.tenant}/${c.crm} ${action === 'pause' ? 'paused' : 'resumed'}`);
  overview();
}

function eventDetails(e) {
  const warnings = e.warnings || [];
  return el('div', {},
    warnings.length ? el('div', { class: 'card warnings', id: 'warnings' }, el('h2', {}, 'What the gateway decided'),
      el('ul', {}, warnings.map(w => el('li', { 'data-code': w.code }, w.message)))) : '',
    el('h2', {}, 'Timeline'),
    el('ul', { class: 'timeline', id: 'timeline' }, e.timeline.map(t => el('li', {}, el('b', {}, t.stage), ' ', when(t.at), ' ',
      el('span', { class: 'muted' }, t.detail || '')))),
    el('div', { class: 'grid' },
      el('div', {}, el('h2', {}, 'Canonical disposition'), el('pre', { id: 'canonical' }, JSON.stringify(e.canonical, null, 2))),
      el('div', {}, el('h2', {}, `Raw payload (${e.rawContentType || 'unknown type'})`), el('pre', { id: 'raw' }, pretty(e.rawPayload)))));
}

function pretty(text) {
  try { return JSON.stringify(JSON.parse(text), null, 2); } catch (err) { return text || ''; }
}

// ---- one event ----
async function event(id) {
  const e = await api('/api/events/' + encodeURIComponent(id));
  view.replaceChildren(
    el('h1', {}, `Event ${e.eventId}`),
    el('div', { class: 'card' }, 'Status ', badge(e.status), el('span', { class: 'muted' },
      ` ${e.tenant} · ${e.dialer} · call ${e.callId} · ${e.outcome || e.state} · received ${when(e.receivedAt)}`)),
    el('h2', {}, 'Deliveries'),
    el('table', { id: 'deliveries' },
      el('tr', {}, ['CRM', 'Action', 'Status', 'Attempts', 'CRM record', 'Last result'].map(h => el('th', {}, h))),
      e.deliveries.map(d => el('tr', { 'data-crm': d.crm, class: d.status === 'FAILED' || d.status === 'DISCARDED' ? 'clickable' : '',
        onclick: () => { if (d.status === 'FAILED' || d.status === 'DISCARDED') location.hash = '#/delivery/' + d.id; } },
        el('td', {}, d.crm), el('td', {}, d.action), el('td', {}, badge(d.status)), el('td', {}, d.attempts),
        el('td', {}, e.links && e.links[d.id] ? el('a', { href: e.links[d.id], target: '_blank', rel: 'noopener', class: 'record-link' }, d.crmRecordId)
          : d.crmRecordId || ''), el('td', {}, (d.lastResult || '') + (d.lastDetail ? ': ' + d.lastDetail : ''))))),
    eventDetails(e));
}

// ---- search by call id, phone number or event id ----
async function search() {
  const q = (params().get('q') || '').trim();
  const input = el('input', { id: 'search-input', name: 'q', value: q, size: 50, placeholder: 'vendor call id, phone number or event id' });
  const form = el('form', { class: 'filters', onsubmit: (e) => { e.preventDefault(); location.hash = '#/search?q=' + encodeURIComponent(input.value.trim()); } },
    input, el('button', { type: 'submit' }, 'Search'));
  view.replaceChildren(el('h1', {}, 'Search'), form);
  if (!q) return;
  let events;
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(q)) {
    events = [await api('/api/events/' + q).catch(() => null)].filter(Boolean);
  } else if (/^\+?[0-9 ()\-.]{7,}$/.test(q)) {
    events = (await api('/api/events?limit=100&phone=' + encodeURIComponent(q))).events;
  } else {
    events = (await api('/api/events?limit=100&callId=' + encodeURIComponent(q))).events;
  }
  view.append(el('table', { id: 'results' },
    el('tr', {}, ['Received', 'Tenant', 'Dialer', 'Call', 'Outcome', 'Status'].map(h => el('th', {}, h))),
    events.map(e => el('tr', { class: 'clickable', onclick: () => { location.hash = '#/event/' + e.eventId; } },
      el('td', {}, when(e.receivedAt)), el('td', {}, e.tenant), el('td', {}, e.dialer), el('td', {}, e.callId),
      el('td', {}, e.outcome || e.state), el('td', {}, badge(e.status))))),
    events.length ? '' : el('p', { class: 'muted', id: 'no-results' }, 'Nothing found.'));
}

// ---- routing ----
async function route() {
  const signedIn = !!sessionStorage.getItem(KEY);
  document.getElementById('sign-in').hidden = signedIn;
  document.getElementById('sign-out').hidden = !signedIn;
  view.hidden = !signedIn;
  if (!signedIn) return;
  const path = location.hash.replace(/^#/, '').split('?')[0] || '/';
  document.querySelectorAll('header nav a').forEach(a => a.classList.toggle('active', a.getAttribute('href').split('?')[0] === '#' + path));
  try {
    await whoAmI();
    if (path === '/') await overview();
    else if (path === '/tenants') await tenantsPage();
    else if (path === '/keys') await keysPage();
    else if (path.startsWith('/mapping/')) await mappingPage(...path.slice('/mapping/'.length).split('/').map(decodeURIComponent));
    else if (path === '/failed') await failed();
    else if (path === '/waiting') await waitingPage();
    else if (path === '/alerts') await alertsPage();
    else if (path === '/search') await search();
    else if (path === '/reports') await reportsPage();
    else if (path.startsWith('/delivery/')) await delivery(path.slice('/delivery/'.length));
    else if (path.startsWith('/event/')) await event(path.slice('/event/'.length));
    else view.replaceChildren(el('p', {}, 'No such page.'));
  } catch (err) {
    view.replaceChildren(el('p', { class: 'error', id: 'error' }, err.message));
  }
}

document.getElementById('sign-in').onsubmit = async (e) => {
  e.preventDefault();
  sessionStorage.setItem(KEY, document.getElementById('api-key').value);
  try {
    await api('/api/connectors');
    document.getElementById('sign-in-error').textContent = '';
    route();
  } catch (err) {
    document.getElementById('sign-in-error').textContent = 'That key was refused.';
  }
};
document.getElementById('sign-out').onclick = signOut;
window.addEventListener('hashchange', route);
route();
