// Programs and hosts: bandwidth per program and per remote host over a chosen window.

import { getJson } from './api.js';
import { el, replace, message, statusLine, inspectLink } from './dom.js';
import { bytes } from './format.js';

const windowSelect = document.getElementById('window');

function table(rows, kind) {
  const most = Math.max(1, ...rows.map((r) => r.sent + r.received));
  return el('table', { class: 'usage', id: `usage-${kind}` },
    el('thead', {}, el('tr', {}, el('th', {}, kind === 'program' ? 'PROGRAM' : 'REMOTE HOST'), el('th', {}, kind === 'program' ? 'EXECUTABLE' : 'NAME'),
      el('th', { class: 'num' }, 'SENT'), el('th', { class: 'num' }, 'RECEIVED'), el('th', { class: 'num' }, 'CONNS'), el('th', {}, ''))),
    el('tbody', {}, rows.map((r) => {
      const bar = el('div', { class: 'bar' }, el('div', { class: 'bar-sent' }), el('div', { class: 'bar-received' }));
      bar.children[0].style.width = `${(100 * r.sent) / most}%`;
      bar.children[1].style.width = `${(100 * r.received) / most}%`;
      return el('tr', {},
        el('td', {}, inspectLink(kind === 'program' ? 'program' : 'remote', r.key)),
        el('td', { class: 'label' }, r.label),
        el('td', { class: 'num' }, bytes(r.sent)),
        el('td', { class: 'num' }, bytes(r.received)),
        el('td', { class: 'num' }, String(r.connections)),
        el('td', { class: 'bar-cell' }, bar));
    })));
}

async function load() {
  const ms = Number(windowSelect.value) * 1000;
  const to = new Date();
  const from = new Date(to.getTime() - ms);
  const range = { from: from.toISOString(), to: to.toISOString(), limit: 50 };
  try {
    const [programs, remotes, status] = await Promise.all([
      getJson('/api/usage', { ...range, by: 'program' }),
      getJson('/api/usage', { ...range, by: 'remote' }),
      getJson('/api/status')]);
    message('');
    statusLine(status);
    replace(document.getElementById('programs'), table(programs.rows, 'program'));
    replace(document.getElementById('remotes'), table(remotes.rows, 'remote'));
  } catch (e) {
    message(e.message);
  }
}

windowSelect.addEventListener('change', load);
load();
setInterval(load, 10000);
