// Inspect: one connection, program, local host or remote host: its history timeline, bytes, DNS
// names, ports, findings and the policy rules that apply.

import { getJson } from './api.js';
import { el, replace, message, statusLine, inspectLink } from './dom.js';
import { bytes, time } from './format.js';
import { renderFindings } from './findings.js';
import { TrafficChart } from './chart.js';

const KINDS = ['connection', 'program', 'local', 'remote'];
const form = document.getElementById('inspect-form');
const result = document.getElementById('result');
const query = new URLSearchParams(location.search);
const kind = KINDS.find((k) => query.has(k));
const key = kind ? query.get(kind) : null;

function section(title, ...content) {
  return el('section', { class: 'panel' }, el('h2', {}, title), ...content);
}

function counts(list, id, linkKind) {
  if (!list.length) {
    return el('p', { class: 'empty', id }, 'none');
  }
  return el('ul', { class: 'counts', id }, list.map((c) => el('li', {},
    linkKind ? inspectLink(linkKind, c.value) : el('span', { class: 'value' }, c.value),
    el('span', { class: 'count' }, ` ×${c.count}`))));
}

function rules(list) {
  if (!list.length) {
    return el('p', { class: 'empty', id: 'rules' }, 'No policy rule matches.');
  }
  return el('table', { class: 'rules', id: 'rules' },
    el('thead', {}, el('tr', {}, el('th', {}, 'RULE'), el('th', {}, 'ACTION'), el('th', {}, 'CONDITIONS'), el('th', {}, 'REASON'), el('th', {}, 'LINE'))),
    el('tbody', {}, list.map((r) => el('tr', { class: r.deciding === true || r.deciding > 0 ? 'deciding' : '' },
      el('td', {}, r.id), el('td', {}, r.action), el('td', {}, r.conditions), el('td', {}, r.reason), el('td', {}, String(r.line))))));
}

function timeline(connections) {
  return el('table', { class: 'timeline', id: 'timeline' },
    el('thead', {}, el('tr', {}, ['FIRST SEEN', 'LAST SEEN', 'PROTO', 'LOCAL', 'REMOTE', 'PROCESS', 'RX', 'TX', ''].map((h) => el('th', {}, h)))),
    el('tbody', {}, connections.map((c) => el('tr', { class: c.open ? 'open' : 'closed' },
      el('td', {}, time(c.ecs.event.start)), el('td', {}, c.open ? 'open' : time(c.closed_at || c.ecs.event.end)),
      el('td', {}, c.cells.proto), el('td', {}, c.cells.local), el('td', { class: 'remote' }, c.cells.remote),
      el('td', { class: 'process' }, c.cells.process), el('td', { class: 'num' }, c.cells.rx), el('td', { class: 'num' }, c.cells.tx),
      el('td', {}, el('a', { href: `/inspect?connection=${c.id}`, class: 'inspect-link' }, 'inspect'))))));
}

async function showConnection(id) {
  const data = await getJson(`/api/connections/${encodeURIComponent(id)}`);
  const c = data.connection;
  const ecs = c.ecs;
  const facts = [
    ['program', ecs.process ? ecs.process.name : '-'], ['command line', ecs.process ? ecs.process.command_line : '-'],
    ['user', c.cells.user], ['local', c.cells.local], ['remote', c.cells.remote], ['service', c.cells.service],
    ['direction', c.cells.dir], ['state', c.cells.state], ['first seen', time(ecs.event.start)],
    ['last seen', time(ecs.event.end)], ['closed', c.open ? 'still open' : time(c.closed_at)],
    ['received', c.cells.rx], ['sent', c.cells.tx],
    ['DNS name', ecs.dns ? ecs.dns.question.name : '-'], ['TLS server name', ecs.tls ? ecs.tls.client.server_name : '-'],
    ['HTTP host', ecs.url ? ecs.url.domain : '-'], ['device', c.cells.device]];
  let sent = 0;
  let received = 0;
  const deltas = data.traffic.map((d) => { sent += d.sent; received += d.received; return el('tr', {}, el('td', {}, time(d.at)), el('td', { class: 'num' }, bytes(d.sent)), el('td', { class: 'num' }, bytes(d.received))); });
  replace(result,
    el('h1', { id: 'inspect-title' }, `Connection ${c.id}`),
    section('Facts', el('dl', { class: 'facts', id: 'facts' }, facts.map(([k, v]) => [el('dt', {}, k), el('dd', {}, v ?? '-')]))),
    section('Links', el('p', {}, ecs.process ? inspectLink('program', ecs.process.name, `program ${ecs.process.name}`) : null, ' ',
      ecs.remote && ecs.remote.ip ? inspectLink('remote', ecs.remote.ip, `remote ${ecs.remote.ip}`) : null, ' ',
      inspectLink('local', ecs.local.ip, `local ${ecs.local.ip}`))),
    section('Findings', el('div', { id: 'findings' })),
    section('Rules that apply', rules(data.rules)),
    section('Bytes over time',
      el('details', { id: 'deltas' },
        el('summary', {}, `${bytes(sent)} sent and ${bytes(received)} received, counted in ${data.traffic.length} polls`),
        el('table', { class: 'deltas' }, el('thead', {}, el('tr', {}, el('th', {}, 'AT'), el('th', { class: 'num' }, 'SENT'), el('th', { class: 'num' }, 'RECEIVED'))), el('tbody', {}, deltas)))));
  renderFindings(document.getElementById('findings'), data.findings, () => showConnection(id));
}

async function showGroup(which, value) {
  const days = Number(document.getElementById('days').value);
  const to = new Date();
  const from = new Date(to.getTime() - days * 86400e3);
  const data = await getJson(`/api/inspect/${which}`, { key: value, from: from.toISOString(), to: to.toISOString() });
  const titles = { program: 'Program', local: 'Local host', remote: 'Remote host' };
  const chartBox = el('div', { id: 'chart' });
  replace(result,
    el('h1', { id: 'inspect-title' }, `${titles[which]} ${value}`),
    el('p', { class: 'summary' }, `${data.count}${data.truncated ? '+' : ''} connections in the last ${days} day(s) · sent ${bytes(data.total.sent)} · received ${bytes(data.total.received)}`),
    section('Bytes over time', chartBox),
    section('Findings', el('div', { id: 'findings' })),
    el('div', { class: 'columns' },
      section('DNS and TLS names', counts(data.names, 'names')),
      section('Ports', counts(data.ports, 'ports')),
      section('Programs', counts(data.programs, 'programs', 'program')),
      section('Remote hosts', counts(data.remotes, 'remotes', 'remote'))),
    section('Rules that apply', rules(data.rules)),
    section('Timeline', timeline(data.connections)));
  const filter = which === 'program' ? { program: value } : which === 'local' ? { host: value } : { remote: value };
  const chart = new TrafficChart(chartBox, filter);
  chart.length = days * 86400e3;
  chart.show(data, from.getTime(), to.getTime());
  renderFindings(document.getElementById('findings'), data.findings, () => showGroup(which, value));
}

async function show() {
  if (!kind) {
    replace(result, el('p', { class: 'empty' }, 'Choose what to inspect, or follow a link from the other pages.'));
    return;
  }
  form.elements.kind.value = kind;
  form.elements.key.value = key;
  try {
    if (kind === 'connection') {
      await showConnection(key);
    } else {
      await showGroup(kind, key);
    }
    message('');
  } catch (e) {
    message(e.message);
  }
}

getJson('/api/status').then(statusLine).catch(() => {});
document.getElementById('days').addEventListener('change', show);
show();

form.addEventListener('submit', (e) => {
  e.preventDefault();
  const k = form.elements.kind.value;
  const v = form.elements.key.value.trim();
  if (v) {
    location.assign(`/inspect?${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  }
});
