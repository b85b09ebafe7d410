// Overview: findings first (worst first, with Acknowledge / Allow), live counts, the traffic chart.

import { getJson } from './api.js';
import { el, replace, message, statusLine } from './dom.js';
import { renderFindings } from './findings.js';
import { TrafficChart } from './chart.js';

const findingsBox = document.getElementById('findings');
const countsBox = document.getElementById('counts');
const showAll = document.getElementById('show-all');

async function loadFindings() {
  try {
    const data = await getJson('/api/findings', { status: showAll.checked ? '' : 'open,acknowledged', limit: 50 });
    renderFindings(findingsBox, data.findings, refresh);
    document.getElementById('findings-count').textContent = `${data.count}${data.truncated ? '+' : ''}`;
  } catch (e) {
    message(`findings: ${e.message}`);
  }
}

async function loadCounts() {
  try {
    const [status, live] = await Promise.all([getJson('/api/status'), getJson('/api/live', { limit: 1 })]);
    statusLine(status);
    const m = status.monitor;
    const tile = (label, value, id) => el('div', { class: 'tile', id }, el('span', { class: 'value' }, String(value)), el('span', { class: 'label' }, label));
    replace(countsBox,
      tile('open connections', live.open, 'count-open'),
      tile('connections seen', m.connections_seen, 'count-seen'),
      tile('short-lived caught', m.short_lived, 'count-short'),
      tile('findings raised', m.findings_raised, 'count-findings'),
      tile('stored connections', status.store.connections, 'count-stored'));
    if (m.notices.length) {
      replace(document.getElementById('notices'), m.notices.map((n) => el('li', {}, n)));
    }
  } catch (e) {
    message(`status: ${e.message}`);
  }
}

function refresh() {
  loadFindings();
  loadCounts();
}

showAll.addEventListener('change', loadFindings);
const chart = new TrafficChart(document.getElementById('chart'));
chart.load();
refresh();
setInterval(refresh, 5000);
