// A tenant's own CRM mapping: each outcome's value (the file's, or the tenant's overlay's), edited, tried with a dry
// run (the validator's findings, the install check, the calls it would make), saved as a version, rolled back.
// Loaded after console.js and admin.js, whose el(), api(), badge(), when(), toast() and me it uses.
'use strict';

async function mappingPage(tenant, crm) {
  const base = `/api/tenants/${encodeURIComponent(tenant)}/mappings/crms/${encodeURIComponent(crm)}`;
  const [view_, history] = await Promise.all([api(base), api(base + '/versions')]);
  const canEdit = me.role !== 'tenant-viewer';
  const overlay = JSON.parse(JSON.stringify(view_.overlay || {}));
  const file = view_.fileMapping || {};
  const outcomes = Object.keys(Object.assign({}, file.outcomes, file.ignore, view_.effective.outcomes, view_.effective.ignore));
  const text = el('textarea', { id: 'overlay-json', rows: 8, spellcheck: 'false', readonly: !canEdit });
  const result = el('div', { id: 'dry-run' });
  const note = el('input', { id: 'overlay-note', placeholder: 'why (kept with the version)' });
  const show = () => { text.value = JSON.stringify(overlay, null, 2); };
  const read = () => { try { return JSON.parse(text.value || '{}'); } catch (e) { throw new Error('the overlay is not JSON: ' + e.message); } };

  // One row per outcome: the file's value, the tenant's (blank: the file's), and where the value in use comes from.
  const row = (o) => {
    const fromFile = file.outcomes && file.outcomes[o] !== undefined ? file.outcomes[o] : (file.ignore && file.ignore[o] ? 'ignored: ' + file.ignore[o] : '');
    const own = overlay.outcomes && typeof overlay.outcomes[o] === 'string' ? overlay.outcomes[o] : '';
    const input = el('input', { 'data-outcome': o, value: own, placeholder: 'the file\'s', readonly: !canEdit });
    input.onchange = () => {
      // From what the JSON says now (it may have been edited by hand), then written back.
      let current;
      try { current = read(); } catch (err) { toast(err.message); return; }
      Object.keys(overlay).forEach(k => delete overlay[k]);
      Object.assign(overlay, current);
      overlay.outcomes = overlay.outcomes || {};
      if (input.value.trim()) {
        overlay.outcomes[o] = input.value.trim();
        if (overlay.ignore) { delete overlay.ignore[o]; if (!Object.keys(overlay.ignore).length) delete overlay.ignore; }
      } else delete overlay.outcomes[o];
      if (!Object.keys(overlay.outcomes).length) delete overlay.outcomes;
      show();
    };
    const decided = (view_.fromOverlay || []).some(p => p === 'outcomes.' + o || p === 'ignore.' + o);
    return el('tr', { 'data-row': o }, el('td', {}, o), el('td', {}, fromFile), el('td', {}, input),
      el('td', {}, badge(decided ? 'overlay' : 'file')));
  };

  const act = async (what) => {
    try {
      const body = read();
      if (what === 'dry-run') {
        const r = await api(base + '/dry-run', { method: 'POST', body: JSON.stringify({ overlay: body }) });
        result.replaceChildren(dryRunReport(r));
        return;
      }
      await api(base, { method: 'PUT', body: JSON.stringify({ overlay: body, baseVersion: view_.version, note: note.value.trim() || null }) });
      toast('saved as version ' + (view_.version + 1));
      await mappingPage(tenant, crm);
    } catch (err) { result.replaceChildren(el('p', { class: 'error', id: 'mapping-error' }, err.message)); }
  };

  show();
  view.replaceChildren(
    el('h1', {}, `Mapping · ${tenant} · ${crm}`),
    el('p', { class: 'muted', id: 'mapping-version' }, view_.version && Object.keys(view_.overlay || {}).length
      ? `The tenant's overlay, version ${view_.version}, by ${view_.updatedBy}, ${when(view_.updatedAt)}, over ${view_.file}.`
      : `The file alone (${view_.file}); the tenant has no overlay.`),
    el('table', { id: 'mapping-outcomes' },
      el('thead', {}, el('tr', {}, ['outcome', 'the file\'s value', 'the tenant\'s value', 'in use'].map(h => el('th', {}, h)))),
      el('tbody', {}, outcomes.map(row))),
    el('h2', {}, 'Overlay'),
    el('p', { class: 'muted' }, 'What the tenant changes over the file: outcomes, ignore, activity.fields, actions (null takes the file\'s away).'),
    text,
    canEdit ? el('div', { class: 'filters' }, note,
      el('button', { id: 'dry-run-button', class: 'secondary', onclick: (e) => { e.preventDefault(); act('dry-run'); } }, 'Dry run'),
      el('button', { id: 'save-button', onclick: (e) => { e.preventDefault(); act('save'); } }, 'Save'),
      el('button', { class: 'link', onclick: async () => {
        try { await api(base, { method: 'DELETE' }); toast('back to the file'); mappingPage(tenant, crm); } catch (err) { toast(err.message); }
      } }, 'Back to the file')) : '',
    result,
    el('h2', {}, 'Versions'),
    el('table', { id: 'mapping-versions' },
      el('thead', {}, el('tr', {}, ['version', 'when', 'by', 'note', ''].map(h => el('th', {}, h)))),
      el('tbody', {}, history.versions.map(v => el('tr', { 'data-version': v.version },
        el('td', {}, String(v.version)), el('td', {}, when(v.at)), el('td', {}, v.actor), el('td', {}, v.note || ''),
        el('td', {}, canEdit && v.version !== history.current ? el('button', { class: 'link', onclick: async () => {
          try {
            await api(base + '/rollback', { method: 'POST', body: JSON.stringify({ version: v.version }) });
            toast('version ' + v.version + ' is back'); mappingPage(tenant, crm);
          } catch (err) { toast(err.message); }
        } }, 'Roll back to this') : v.version === history.current ? badge('in use') : ''))))));
}

function dryRunReport(r) {
  if (!r.valid) {
    return el('div', { id: 'dry-run-problems' }, el('p', { class: 'error' }, 'The overlay does not hold; nothing was saved:'),
      el('ul', {}, r.problems.map(p => el('li', {}, `${p.path}: ${p.reason}`))));
  }
  const check = r.installCheck;
  return el('div', { id: 'dry-run-ok' },
    el('p', {}, 'The overlay holds.' + (check ? (check.ok ? ' The install check passed.' : ' The install check found what to fix:') : '')),
    check ? el('ul', { id: 'dry-run-check' }, check.checks.filter(f => !f.ok || !check.ok).map(f => el('li', {}, `${f.ok ? 'ok' : 'FAIL'} ${f.check}: ${f.detail}`))) : '',
    (r.samples || []).map(s => el('div', { class: 'sample' },
      el('h3', {}, 'A call with outcome ' + s.event.outcome),
      s.plan ? el('pre', { class: 'plan' }, JSON.stringify(s.plan.writes.map(w => ({ method: w.method, path: w.path, body: w.body })), null, 2))
        : el('p', { class: 'muted' }, 'the tenant has not connected this CRM: no plan to show'))));
}
