// The dashboard's only way to the daemon: the JSON API. Errors carry the server's one-line message.

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function parse(response) {
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    body = null;
  }
  if (!response.ok) {
    const message = body && typeof body.error === 'string' ? body.error : `HTTP ${response.status}`;
    throw new ApiError(response.status, message);
  }
  return body;
}

/** GET path with the given query parameters (empty values left out). */
export async function getJson(path, params = {}) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '' && v !== false) {
      query.set(k, String(v));
    }
  }
  const qs = query.toString();
  const response = await fetch(qs ? `${path}?${qs}` : path, {
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
  });
  return parse(response);
}

/** POST a JSON body; the header X-Connwatch-Request marks it as the dashboard's own (cross-site protection). */
export async function postJson(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-Connwatch-Request': '1', Accept: 'application/json' },
    body: JSON.stringify(body || {}),
  });
  return parse(response);
}
