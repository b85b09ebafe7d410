// Connections: the live table with the columns and filters of `connwatch ls`, sortable, updated every 2 s.

import { getJson } from './api.js';
import { el, replace, message, statusLine, inspectLink } from './dom.js';

const HEADERS = { proto: 'PROTO', state: 'STATE', local: 'LOCAL', remote: 'REMOTE', service: 'SERVICE', dir: 'DIR', process: 'PROCESS', user: 'USER', rx: 'RX', tx: 'TX' };
const NUMERIC = new Set(['rx', 'tx']);
const form = document.getElementById('filters');
const table = document.getElementById('live');
const summary = document.getElementById('summary');
let sort = 'proto';
let reverse = false;
let timer = null;

function params() {
  const f = new FormData(form);
  const transports = ['tcp', 'udp'].filter((t) => f.get(t));
  return {
    transport: transports.join(','),
    listening: f.get('listening') ? 'true' : '',
    established: f.get('established') ? 'true' : '',
    public: f.get('public') ? 'true' : '',
    process: f.get('process'),
    port: f.get('port'),
    remote: f.get('remote'),
    sort: `${sort},proto,dir,local`,
    reverse: reverse ? 'true' : '',
    limit: 1000,
  };
}

function cell(column, row) {
  const text = row.cells[column];
  const ecs = row.ecs;
  if (column === 'process' && ecs.process) {
    return el('td', { class: 'process', title: ecs.process.command_line || '' }, inspectLink('program', ecs.process.name, text));
  }
  if (column === 'remote' && ecs.remote && ecs.remote.ip) {
    return el('td', { class: 'remote' }, inspectLink('remote', ecs.remote.ip, text));
  }
  if (column === 'local') {
    return el('td', { class: 'local' }, inspectLink('local', ecs.local.ip, text));
  }
  return el('td', { class: NUMERIC.has(column) ? `${column} num` : column }, text);
}

function render(data) {
  const columns = data.columns.filter((c) => HEADERS[c]);
  const head = el('tr', {}, columns.map((c) => el('th', {
    class: `sortable${c === sort ? (reverse ? ' sorted-reverse' : ' sorted') : ''}${NUMERIC.has(c) ? ' num' : ''}`,
    'data-column': c,
    onclick: () => { if (sort === c) { reverse = !reverse; } else { sort = c; reverse = false; } load(); },
  }, HEADERS[c])), el('th', {}, 'FLAGS'), el('th', {}, ''));
  const rows = data.connections.map((r) => el('tr', { 'data-id': r.id },
    columns.map((c) => cell(c, r)),
    el('td', { class: 'flags' }, (r.flags || []).join(',')),
    el('td', {}, el('a', { href: `/inspect?connection=${r.id}`, class: 'inspect-link' }, 'inspect'))));
  replace(table, el('thead', {}, head), el('tbody', {}, rows));
  summary.textContent = `${data.matched} of ${data.open} open connections match${data.shown < data.matched ? `, ${data.shown} shown` : ''}`;
}

async function load() {
  try {
    const [data, status] = await Promise.all([getJson('/api/live', params()), getJson('/api/status')]);
    message('');
    render(data);
    statusLine(status);
  } catch (e) {
    message(e.message);
  }
}

form.addEventListener('submit', (e) => { e.preventDefault(); load(); });
form.addEventListener('change', () => load());
document.getElementById('pause').addEventListener('change', (e) => {
  clearInterval(timer);
  timer = e.target.checked ? null : setInterval(load, 2000);
});
load();
timer = setInterval(load, 2000);
