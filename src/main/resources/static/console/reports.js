// Outcome reports: a tenant's figures for a period as a table (grouped by agent, campaign, list, dialer or day), the
// rates over time and each rep's outcome mix as charts drawn in SVG here (nothing fetched from elsewhere), and CSV.
// Loaded after console.js, whose el(), api(), toast() and me it uses. Every value is inserted as text.
'use strict';

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
  if (text !== undefined) e.textContent = String(text);
  return e;
}
// A mark's tooltip: its own <title>, as text.
function titled(mark, text) {
  mark.append(svg('title', {}, text));
  return mark;
}
const pct = (r) => r == null ? '–' : (r * 100).toFixed(1) + ' %';

async function reportsPage() {
  const p = params();
  const tenant = me.tenant || p.get('tenant') || '';
  const groupBy = p.get('groupBy') || 'agent';
  const query = (by) => `/api/reports/outcomes?tenant=${encodeURIComponent(tenant)}&groupBy=${by}`
    + (p.get('from') ? '&from=' + encodeURIComponent(p.get('from')) : '') + (p.get('to') ? '&to=' + encodeURIComponent(p.get('to')) : '');
  const form = el('form', { class: 'filters', id: 'report-form', onsubmit: (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    location.hash = '#/reports?' + new URLSearchParams([...f.entries()].filter(([, v]) => v)).toString();
  } },
    el('label', {}, 'Tenant', el('input', { name: 'tenant', value: tenant, readonly: !!me.tenant, required: true })),
    el('label', {}, 'From', el('input', { name: 'from', type: 'date', value: p.get('from') || '' })),
    el('label', {}, 'To', el('input', { name: 'to', type: 'date', value: p.get('to') || '' })),
    el('label', {}, 'Group by', el('select', { name: 'groupBy' }, ...['agent', 'campaign', 'list', 'dialer', 'day']
      .map(g => el('option', { value: g, selected: g === groupBy }, g)))),
    el('button', { type: 'submit' }, 'Show'));
  if (!tenant) {
    view.replaceChildren(el('h1', {}, 'Outcome reports'), form, el('p', { class: 'muted' }, 'Name a tenant to see its report.'));
    return;
  }
  const [report, byDay, byAgent] = await Promise.all([api(query(groupBy)), api(query('day')), api(query('agent'))]);
  const csv = el('button', { class: 'secondary', id: 'csv-button', type: 'button', onclick: () => downloadCsv(query(groupBy)) }, 'Download CSV');
  view.replaceChildren(el('h1', {}, `Outcome reports · ${report.tenant}`),
    form,
    el('p', { class: 'muted', id: 'report-period' }, `${report.from} to ${report.to} (days in ${report.timeZone}) · ${report.total.calls} call${report.total.calls === 1 ? '' : 's'}, `
      + `${pct(report.total.connectionRate)} connected, ${report.total.meetings} meeting${report.total.meetings === 1 ? '' : 's'}`),
    el('div', { class: 'grid charts' },
      el('div', { class: 'card' }, el('h2', {}, 'Rates by day'), ratesChart(byDay.rows)),
      el('div', { class: 'card' }, el('h2', {}, 'Outcome mix per rep'), mixChart(byAgent.rows))),
    el('div', { class: 'actions' }, csv),
    reportTable(report));
}

function reportTable(report) {
  const cols = [['calls', 'Calls'], ['connects', 'Connects'], ['connectionRate', 'Connection rate', pct], ['meetings', 'Meetings'],
    ['meetingsPerConnect', 'Meetings ÷ connects', pct], ['meetingsPerCall', 'Meetings ÷ calls', pct], ['callbacks', 'Callbacks'],
    ['followUps', 'Follow-ups'], ['optOuts', 'Opt-outs'], ['inferredOptOuts', 'of them inferred'], ['labelledRate', 'Outcome chosen', pct],
    ['mappedRate', 'Mapped without fallback', pct]];
  const line = (r, cls) => el('tr', { 'data-group': r.key, class: cls || '' }, el('td', {}, r.key === '' ? '(none)' : r.key),
    ...cols.map(([k, , f]) => el('td', { 'data-figure': k }, f ? f(r[k]) : r[k])));
  return el('div', { class: 'scroll' }, el('table', { id: 'report-table' },
    el('thead', {}, el('tr', {}, el('th', {}, report.groupBy), ...cols.map(([, h]) => el('th', {}, h)))),
    el('tbody', {}, report.rows.map(r => line(r)), line(report.total, 'total'))));
}

// Connection rate and meeting rate per day, as two lines over the period.
function ratesChart(rows) {
  const w = 520, h = 240, left = 40, bottom = 44, top = 10;
  const chart = svg('svg', { id: 'rates-chart', viewBox: `0 0 ${w} ${h}`, role: 'img', 'aria-label': 'connection and meeting rate by day' });
  [0, 0.25, 0.5, 0.75, 1].forEach(t => {
    const y = top + (1 - t) * (h - top - bottom);
    chart.append(svg('line', { x1: left, x2: w - 8, y1: y, y2: y, class: 'gridline' }), svg('text', { x: 4, y: y + 4, class: 'axis' }, (t * 100) + '%'));
  });
  if (!rows.length) {
    chart.append(svg('text', { x: left + 10, y: h / 2, class: 'axis' }, 'no calls in this period'));
    return chart;
  }
  const x = (i) => left + (rows.length === 1 ? (w - left - 8) / 2 : i * (w - left - 8) / (rows.length - 1));
  const y = (v) => top + (1 - (v || 0)) * (h - top - bottom);
  [['connectionRate', 'rate-connect', 'connected'], ['meetingsPerCall', 'rate-meeting', 'meetings ÷ calls']].forEach(([k, cls, label], n) => {
    chart.append(svg('polyline', { class: cls, points: rows.map((r, i) => `${x(i)},${y(r[k])}`).join(' ') }));
    rows.forEach((r, i) => chart.append(titled(svg('circle', { class: cls, cx: x(i), cy: y(r[k]), r: 3, 'data-day': r.key }),
      `${r.key}: ${label} ${pct(r[k])}`)));
    chart.append(svg('text', { x: left + 10 + n * 150, y: h - 6, class: 'legend ' + cls }, '● ' + label));
  });
  chart.append(svg('text', { x: left, y: h - bottom + 14, class: 'axis' }, rows[0].key),
    svg('text', { x: w - 80, y: h - bottom + 14, class: 'axis' }, rows[rows.length - 1].key));
  return chart;
}

// Each rep's calls as one bar: meetings, callbacks and follow-ups, other connects, opt-outs, not connected.
function mixChart(rows) {
  const parts = [['meetings', 'mix-meeting', 'meetings'], ['callbacks', 'mix-callback', 'callbacks'], ['followUps', 'mix-follow', 'follow-ups'],
    ['otherConnects', 'mix-connect', 'other connects'], ['optOuts', 'mix-optout', 'opt-outs'], ['notConnected', 'mix-none', 'not connected']];
  const barH = 18, w = 520, left = 150, h = Math.max(60, rows.length * (barH + 8) + 36);
  const chart = svg('svg', { id: 'mix-chart', viewBox: `0 0 ${w} ${h}`, role: 'img', 'aria-label': 'outcome mix per rep' });
  rows.forEach((r, i) => {
    const known = r.meetings + r.callbacks + r.followUps;
    const values = { ...r, otherConnects: Math.max(0, r.connects - known), notConnected: Math.max(0, r.calls - r.connects - r.optOuts) };
    const total = parts.reduce((s, [k]) => s + values[k], 0) || 1;
    let at = left;
    const yy = 4 + i * (barH + 8);
    chart.append(svg('text', { x: 0, y: yy + 13, class: 'axis' }, (r.key === '' ? '(none)' : r.key).slice(0, 22)));
    parts.forEach(([k, cls, label]) => {
      const width = (w - left - 8) * values[k] / total;
      if (width > 0) {
        chart.append(titled(svg('rect', { x: at, y: yy, width, height: barH, class: cls, 'data-agent': r.key, 'data-part': k,
          'data-count': values[k] }), `${r.key || '(none)'}: ${label} ${values[k]}`));
        at += width;
      }
    });
  });
  parts.forEach(([, cls, label], n) => chart.append(svg('text', { x: (n % 3) * 170, y: h - 18 + Math.floor(n / 3) * 14, class: 'legend ' + cls }, '■ ' + label)));
  return chart;
}

async function downloadCsv(path) {
  try {
    const r = await fetch(path, { headers: { 'X-Api-Key': sessionStorage.getItem(KEY) || '', Accept: 'text/csv' } });
    if (!r.ok) throw new Error('HTTP ' + r.status);
    const name = (r.headers.get('Content-Disposition') || '').match(/filename="?([^";]+)/);
    const a = el('a', { href: URL.createObjectURL(await r.blob()), download: name ? name[1] : 'outcomes.csv' });
    document.body.append(a);
    a.click();
    a.remove();
  } catch (err) {
    toast('The CSV could not be made: ' + err.message);
  }
}
