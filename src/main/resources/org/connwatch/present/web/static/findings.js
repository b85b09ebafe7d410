// A list of findings, worst first, each with its reason and the Acknowledge and Allow buttons.

import { postJson } from './api.js';
import { el, replace, message, inspectLink } from './dom.js';
import { time } from './format.js';

/** Fills `container` with the findings; `changed` is called after an action succeeded. */
export function renderFindings(container, findings, changed) {
  if (!findings.length) {
    replace(container, el('p', { class: 'empty' }, 'No findings in this window.'));
    return;
  }
  replace(container, el('ol', { class: 'findings' }, findings.map((f) => item(f, changed))));
}

function item(f, changed) {
  const c = f.connections[0];
  const process = c && c.ecs.process ? c.ecs.process.name : null;
  const remote = c && c.ecs.remote ? c.ecs.remote.ip : null;
  const actions = el('span', { class: 'actions' });
  if (f.status === 'open') {
    actions.append(
      el('button', { type: 'button', class: 'ack', 'data-finding': f.id, onclick: () => act(f, 'acknowledge', { note: 'seen on the dashboard' }, changed) }, 'Acknowledge'),
      el('button', { type: 'button', class: 'allow', 'data-finding': f.id, onclick: () => act(f, 'allow', { reason: 'allowed from the dashboard' }, changed) }, 'Allow'));
  } else if (f.status === 'acknowledged') {
    actions.append(el('button', { type: 'button', class: 'allow', 'data-finding': f.id, onclick: () => act(f, 'allow', { reason: 'allowed from the dashboard' }, changed) }, 'Allow'));
  }
  return el('li', { class: `finding sev-${f.severity}`, 'data-finding': f.id, 'data-status': f.status },
    el('div', { class: 'finding-head' },
      el('span', { class: `severity sev-${f.severity}` }, f.severity),
      el('span', { class: 'detector' }, f.detector),
      el('span', { class: 'status' }, f.status),
      el('span', { class: 'when' }, `${time(f.last_seen)} · ${f.occurrences}×`),
      actions),
    el('p', { class: 'reason' }, f.reason),
    el('div', { class: 'finding-links' },
      process ? inspectLink('program', process, `program ${process}`) : null,
      remote ? inspectLink('remote', remote, `remote ${remote}`) : null,
      f.connection_ids.length ? inspectLink('connection', String(f.connection_ids[0]), `connection ${f.connection_ids[0]}`) : null));
}

async function act(f, action, body, changed) {
  try {
    await postJson(`/api/findings/${f.id}/${action}`, body);
    message(`finding ${f.id}: ${action === 'allow' ? 'allowed (a rule was added to the policy)' : 'acknowledged'}`, 'info');
    changed();
  } catch (e) {
    message(`finding ${f.id}: ${e.message}`);
  }
}
