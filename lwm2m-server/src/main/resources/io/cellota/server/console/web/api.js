// The console's only way to the server: the public API under /api/v1, with the session cookie (sent by the
// browser, HttpOnly) and the session's CSRF token in X-CSRF-Token on every request that changes something.

let csrfToken = null;
let unauthorized = () => {};

export function setCsrfToken(token) {
  csrfToken = token;
}

/** Called when a request answers 401: the session ended (idle, absolute age, sign-out elsewhere, restart). */
export function onUnauthorized(handler) {
  unauthorized = handler;
}

/** An error answer of the API: its HTTP status, the catalogue's code and the server's message. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/**
 * Sends a request and returns the JSON answer (null for 204). A body that is a Blob or File goes as the raw
 * request body (firmware uploads); any other body as JSON. Throws ApiError for an error answer.
 */
export async function api(method, path, body, { quiet401 = false } = {}) {
  const headers = { Accept: 'application/json' };
  if (csrfToken && method !== 'GET' && method !== 'HEAD') {
    headers['X-CSRF-Token'] = csrfToken;
  }
  let payload;
  if (body instanceof Blob) {
    payload = body;
    headers['Content-Type'] = 'application/octet-stream';
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError(0, 'network', 'the server cannot be reached: ' + e.message);
  }
  if (response.status === 204) {
    return null;
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch (e) {
    data = null;
  }
  if (!response.ok) {
    const error = new ApiError(response.status, data?.error?.code ?? 'http_' + response.status,
      data?.error?.message ?? response.statusText);
    if (response.status === 401 && !quiet401) {
      unauthorized(error);
    }
    throw error;
  }
  return data;
}

/** A query string from the entries of an object that have a value. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') {
      q.set(k, v);
    }
  }
  const s = q.toString();
  return s ? '?' + s : '';
}
