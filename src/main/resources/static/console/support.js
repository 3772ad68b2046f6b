// Support's pages: failed syncs (the dead letters) with their hints, one failed sync with its fix, and what is
// waiting and why. Lists refresh themselves while they are shown; tables turn into cards on a phone.
'use strict';

// A table whose cells carry their column's name, which a narrow screen shows beside each value.
function table(id, headers, rows) {
  return el('table', { id, class: 'cards' }, el('tr', {}, headers.map(h => el('th', {}, h))),
    rows.map(([attrs, cells]) => el('tr', attrs, cells.map((c, i) => el('td', { 'data-label': headers[i] }, c)))));
}

// Re-renders the page every few seconds while its hash is unchanged and nobody is typing or reading a dialog.
let refreshTimer = null;
function refreshWhileShown(render, seconds = 10) {
  clearTimeout(refreshTimer);
  const shown = location.hash;
  refreshTimer = setTimeout(async () => {
    const typing = document.activeElement && ['INPUT', 'SELECT', 'TEXTAREA'].includes(document.activeElement.tagName);
    if (location.hash !== shown || document.hidden) return;
    if (typing) { refreshWhileShown(render, seconds); return; }
    try { await render(); } catch (err) { /* the next route shows it */ }
  }, seconds * 1000);
}

// ---- failed syncs: the dead letters, filtered ----
const FILTERS = ['tenant', 'dialer', 'crm', 'outcome', 'reason', 'from', 'to'];

async function failed() {
  const p = params();
  const offset = Number(p.get('offset') || 0);
  const query = new URLSearchParams();
  FILTERS.forEach(f => p.get(f) && query.set(f, p.get(f)));
  const page = await api('/api/dead-letters?' + query + '&limit=50&offset=' + offset);
  const form = el('form', { class: 'filters', id: 'filters', onsubmit: (e) => {
    e.preventDefault();
    const q = new URLSearchParams();
    FILTERS.forEach(f => { const v = form.elements[f].value.trim(); if (v) q.set(f, v); });
    location.hash = '#/failed?' + q;
  } },
    FILTERS.map(f => el('label', {}, f, f === 'reason'
      ? el('select', { name: f }, ['', 'PERMANENT', 'EXHAUSTED'].map(v => el('option', { value: v, selected: p.get(f) === v }, v || 'any')))
      : el('input', { name: f, value: p.get(f) || '', placeholder: f === 'from' || f === 'to' ? '2026-11-23T00:00:00Z' : '' }))),
    el('button', { type: 'submit' }, 'Filter'));
  const filter = {};
  FILTERS.forEach(f => p.get(f) && (filter[f] = p.get(f)));
  view.replaceChildren(
    el('h1', {}, `Failed syncs (${page.total})`), form,
    el('div', { class: 'actions' },
      el('button', { id: 'bulk-dry-run', class: 'secondary', onclick: () => bulkReplay(filter, true) }, 'Bulk replay: dry run'),
      el('span', { id: 'bulk-result', class: 'muted' })),
    table('dead-letters', ['Failed at', 'Tenant', 'Dialer', 'CRM', 'Outcome', 'Reason', 'What the CRM said', 'What to do'],
      page.deadLetters.map(d => [{ class: 'clickable', 'data-id': d.id, onclick: () => { location.hash = '#/delivery/' + d.id; } }, [
        when(d.deadAt), d.tenant, d.dialer, d.crm + (d.action === 'activity' ? '' : ' ' + d.action), d.outcome || '',
        badge(d.reason || d.status), (d.crmError || '').slice(0, 160), el('span', { class: 'hint' }, d.hint || '')]])),
    el('div', { class: 'actions' },
      offset > 0 ? el('a', { href: '#/failed?' + withOffset(p, offset - 50) }, '‹ newer') : '',
      offset + 50 < page.total ? el('a', { href: '#/failed?' + withOffset(p, offset + 50) }, 'older ›') : ''));
  refreshWhileShown(failed);
}

function withOffset(p, offset) {
  const q = new URLSearchParams(p);
  q.set('offset', Math.max(0, offset));
  return q.toString();
}

async function bulkReplay(filter, dryRun) {
  clearTimeout(refreshTimer);
  const out = document.getElementById('bulk-result');
  const reason = dryRun ? null : prompt('Why replay these? (kept on each event\'s timeline)') || 'bulk replay from the console';
  const r = await api('/api/dead-letters/replay', { method: 'POST', body: JSON.stringify({ dryRun, filter, reason }) });
  if (dryRun) {
    out.replaceChildren(`${r.matched} match this filter; a replay would take ${r.selected}. `,
      r.selected ? el('button', { id: 'bulk-replay', class: 'danger', onclick: () => bulkReplay(filter, false) }, `Replay ${r.selected}`) : '');
  } else {
    toast(`${r.replayed} replayed`);
    out.replaceChildren(`${r.replayed} replayed.`);
    refreshWhileShown(failed, 2);
  }
}

// ---- one failed sync: the hint, the fix, the CRM's answers ----
async function delivery(id) {
  const d = await api('/api/dead-letters/' + encodeURIComponent(id));
  const dl = d.deadLetter;
  const e = d.event;
  const attempts = d.attempts || [];
  const links = d.links || {};
  const reasonInput = el('input', { id: 'discard-reason', placeholder: 'why discard (required)', size: 40 });
  view.replaceChildren(
    el('h1', {}, `${dl.crm} ${dl.action === 'activity' ? 'activity' : dl.action} of call ${dl.callId}`),
    el('div', { class: 'card' },
      el('div', {}, 'Status ', badge(dl.status), ' ', dl.reason ? badge(dl.reason) : '', ' ', el('span', { class: 'muted' },
        `${dl.attempts} attempt(s), ${dl.replays} replay(s); tenant ${dl.tenant}, dialer ${dl.dialer}, event `),
        el('a', { href: '#/event/' + dl.eventId }, dl.eventId)),
      dl.crmError ? el('p', { id: 'crm-error', class: 'error' }, dl.crmError) : '',
      dl.hint ? el('p', { id: 'hint', class: 'hint-box' }, el('b', {}, 'What to do: '), dl.hint) : '',
      el('div', { class: 'actions', id: 'crm-links' },
        links.record ? el('a', { href: links.record, target: '_blank', rel: 'noopener', id: 'record-link' }, `Open the record in ${dl.crm}`) : '',
        links.person ? el('a', { href: links.person, target: '_blank', rel: 'noopener', id: 'person-link' }, `Open the person in ${dl.crm}`) : ''),
      el('div', { class: 'actions' },
        el('button', { id: 'replay', onclick: () => replay(dl) }, 'Replay'),
        reasonInput,
        el('button', { id: 'discard', class: 'secondary', onclick: () => discard(dl, reasonInput.value) }, 'Discard'))),
    d.fix ? fixForm(dl, d.fix, e) : '',
    (d.edits || []).length ? el('div', { class: 'card', id: 'edits' }, el('h2', {}, 'Changed by support'),
      el('ul', {}, d.edits.map(x => el('li', {}, `${when(x.at)} ${x.actor}: ${x.field} ${x.from || '(none)'} → ${x.to}`
        + (x.reason ? ` (${x.reason})` : ''))))) : '',
    el('h2', {}, 'Attempts'),
    table('attempts', ['#', 'At', 'Result', 'HTTP', 'Detail', 'Sent', 'CRM answered'],
      attempts.map(a => [{}, [a.attempt, when(a.at), badge(a.result), a.httpStatus || '',
        (a.detail || '') + (a.durationMs != null ? ` (${a.durationMs} ms)` : ''), el('pre', {}, a.request || ''), el('pre', {}, a.response || '')]])),
    e ? eventDetails(e) : '');
}

// Sets what the gateway could not know on the event, then every affected delivery is sent again.
function fixForm(dl, fix, e) {
  const known = e && e.canonical && e.canonical.prospect && e.canonical.prospect.crmIds ? e.canonical.prospect.crmIds[dl.crm] : null;
  const person = fix.personIds ? el('input', { id: 'fix-person', name: 'personId', value: known || '', placeholder: fix.personIds, size: 24 }) : null;
  const outcome = el('select', { id: 'fix-outcome', name: 'outcome' }, el('option', { value: '' }, `keep ${dl.outcome || 'the outcome'}`),
    fix.outcomes.filter(o => o !== dl.outcome).map(o => el('option', { value: o }, o)));
  const why = el('input', { id: 'fix-reason', placeholder: 'why (kept on the event)', size: 30 });
  const out = el('p', { id: 'fix-result', class: 'muted' });
  const form = el('form', { class: 'filters', id: 'fix', onsubmit: async (ev) => {
    ev.preventDefault();
    const body = { reason: why.value.trim() || null, outcome: outcome.value || null, personId: person && person.value.trim() !== (known || '') ? person.value.trim() : null };
    try {
      const r = await api(`/api/dead-letters/${dl.id}/fix`, { method: 'POST', body: JSON.stringify(body) });
      toast(`Fixed: ${r.resent.length + r.added.length} deliveries are due now`);
      location.hash = '#/event/' + r.eventId;
    } catch (err) {
      out.className = 'error';
      out.textContent = err.message;
    }
  } },
    person ? el('label', {}, `The person's ${dl.crm} id`, person) : '',
    el('label', {}, 'Outcome', outcome), el('label', {}, 'Reason', why),
    el('button', { type: 'submit', id: 'fix-replay' }, 'Fix and replay'));
  return el('div', { class: 'card' }, el('h2', {}, 'Fix'), el('p', { class: 'muted' },
    'Sets this on the event (the dialer\'s payload stays as it came) and sends its affected deliveries again. '
    + 'An outcome can become DO_NOT_CONTACT, never stop being it.'), form, out);
}

async function replay(dl) {
  await api(`/api/dead-letters/${dl.id}/replay`, { method: 'POST', body: JSON.stringify({ reason: 'replayed from the console' }) });
  toast('Replayed: the delivery is due now');
  setTimeout(() => { location.hash = '#/event/' + dl.eventId; }, 800);
}

async function discard(dl, reason) {
  if (!reason.trim()) { toast('Say why it is discarded'); return; }
  await api(`/api/dead-letters/${dl.id}/discard`, { method: 'POST', body: JSON.stringify({ reason }) });
  toast('Discarded');
  location.hash = '#/event/' + dl.eventId;
}

// ---- what is waiting, and why ----
const WHY = { retrying: 'failed, tries again', parked: 'connector needs re-authorising', throttled: 'CRM rate limit',
  paused: 'connector paused', held: 'breaker open', pending: 'due' };

async function waitingPage() {
  const p = params();
  const q = new URLSearchParams();
  ['tenant', 'crm', 'why'].forEach(f => p.get(f) && q.set(f, p.get(f)));
  const page = await api('/api/deliveries/waiting?' + q + '&limit=100');
  const form = el('form', { class: 'filters', id: 'waiting-filters', onsubmit: (ev) => {
    ev.preventDefault();
    const n = new URLSearchParams();
    ['tenant', 'crm', 'why'].forEach(f => { const v = form.elements[f].value.trim(); if (v) n.set(f, v); });
    location.hash = '#/waiting?' + n;
  } },
    el('label', {}, 'tenant', el('input', { name: 'tenant', value: p.get('tenant') || '' })),
    el('label', {}, 'crm', el('input', { name: 'crm', value: p.get('crm') || '' })),
    el('label', {}, 'why', el('select', { name: 'why' }, ['', ...Object.keys(WHY)].map(v => el('option', { value: v, selected: p.get('why') === v }, v || 'any')))),
    el('button', { type: 'submit' }, 'Filter'));
  view.replaceChildren(el('h1', {}, `Waiting (${page.total})`), form,
    table('waiting', ['Waiting since', 'Tenant', 'CRM', 'Call', 'Why', 'Next attempt', 'Last error', 'Connector', ''],
      page.deliveries.map(w => [{ 'data-id': w.id, 'data-why': w.why }, [when(w.waitingSince), w.tenant,
        w.crm + (w.action === 'activity' ? '' : ' ' + w.action), el('a', { href: '#/event/' + w.eventId }, w.callId),
        el('span', {}, badge(w.why), ' ', el('span', { class: 'muted' }, WHY[w.why] || '')), when(w.nextAttemptAt),
        (w.lastResult ? w.lastResult + ': ' : '') + (w.lastDetail || ''),
        w.state ? el('span', {}, badge(w.state), ` since ${when(w.stateSince)}`, w.stateReason ? el('div', { class: 'muted' }, w.stateReason) : '') : 'healthy',
        waitingActions(w)]])));
  refreshWhileShown(waitingPage);
}

function waitingActions(w) {
  const connector = `/api/connectors/${encodeURIComponent(w.tenant)}/${encodeURIComponent(w.crm)}`;
  const act = async (path, body, done) => { await api(path, { method: 'POST', body }); toast(done); waitingPage(); };
  return el('div', { class: 'actions' },
    w.why === 'retrying' || w.why === 'pending' ? el('button', { class: 'secondary', onclick: () => act(`/api/deliveries/${w.id}/retry-now`, '', 'Due now') }, 'Retry now') : '',
    w.state === 'PAUSED' || w.state === 'NEEDS_REAUTH'
      ? el('button', { class: 'secondary', onclick: () => act(connector + '/resume', '', `${w.tenant}/${w.crm} resumed`) }, 'Resume connector')
      : el('button', { class: 'secondary', onclick: () => act(connector + '/pause', JSON.stringify({ reason: 'paused from the waiting page' }), `${w.tenant}/${w.crm} paused`) }, 'Pause connector'),
    w.action === 'do-not-contact' ? '' : el('button', { class: 'secondary', onclick: () => {
      const reason = prompt('Why give this delivery up? (it can be replayed later)');
      if (reason) act(`/api/deliveries/${w.id}/discard`, JSON.stringify({ reason }), 'Given up');
    } }, 'Discard'));
}
