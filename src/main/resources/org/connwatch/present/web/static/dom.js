// Building the page. Everything shown comes from the network or other programs (DNS and TLS names,
// command lines, host names, reasons): it only ever enters the page as text (text nodes and
// textContent), never as HTML. No innerHTML anywhere.

/**
 * el('a', {class: 'x', href: '/inspect?program=' + encodeURIComponent(name)}, 'text', child)
 * Attributes are set with setAttribute; an href must be a path of this dashboard.
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) {
      continue;
    }
    if (k === 'href' && !String(v).startsWith('/')) {
      throw new Error('only links inside the dashboard');
    }
    if (k.startsWith('on')) {
      node.addEventListener(k.substring(2), v);
    } else {
      node.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) {
      continue;
    }
    if (Array.isArray(c)) {
      append(node, c);
    } else if (c instanceof Node) {
      node.appendChild(c);
    } else {
      node.appendChild(document.createTextNode(String(c)));
    }
  }
}

/** Replaces the children of a node. */
export function replace(node, ...children) {
  node.replaceChildren();
  append(node, children);
}

/** Shows a one-line message in the page's message bar (or clears it). */
export function message(text, kind = 'error') {
  const bar = document.getElementById('message');
  if (!bar) {
    return;
  }
  bar.className = text ? `message ${kind}` : 'message';
  bar.textContent = text || '';
}

/** A link to an inspect view. */
export function inspectLink(kind, key, text) {
  return el('a', { href: `/inspect?${kind}=${encodeURIComponent(key)}`, class: 'inspect-link' }, text ?? key);
}

/** Fills the header's status line: host, open connections, last poll. */
export function statusLine(status) {
  const line = document.getElementById('status');
  if (!line || !status) {
    return;
  }
  const m = status.monitor;
  replace(line,
    el('span', { class: 'host' }, status.host),
    ` · ${m.open_connections} open · ${m.connections_seen} seen · ${m.findings_raised} findings raised · poll ${m.last_poll_took_ms} ms`);
}
