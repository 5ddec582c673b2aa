// Building the page from data without ever parsing data as HTML: text always goes in as text nodes.

/**
 * h('button', {class: 'x', onclick: f, disabled: true}, 'Text', child) makes an element. Attributes named on* are
 * listeners; true/false set or leave out a boolean attribute; null and undefined are skipped; children may be
 * strings, numbers, nodes, arrays or null.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) {
      continue;
    }
    if (k.startsWith('on') && typeof v === 'function') {
      el.addEventListener(k.slice(2), v);
    } else if (v === true) {
      el.setAttribute(k, '');
    } else {
      el.setAttribute(k, String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) {
      continue;
    }
    if (Array.isArray(c)) {
      append(el, c);
    } else if (c instanceof Node) {
      el.appendChild(c);
    } else {
      el.appendChild(document.createTextNode(String(c)));
    }
  }
}

/** The items of a comma-separated field, trimmed, empty ones left out: 'north, lab,' gives ['north', 'lab']. */
export function commaList(text) {
  return text.split(',').map((item) => item.trim()).filter((item) => item);
}

/** A definition list of [label, value] pairs, values as text or nodes. */
export function facts(pairs, attrs = {}) {
  return h('dl', { class: 'facts', ...attrs }, pairs.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v ?? '–')]));
}

/** A table with a header row and the given rows (arrays of cells: text, nodes, or {node, class}). */
export function table(headers, rows, attrs = {}) {
  return h('table', attrs,
    h('thead', {}, h('tr', {}, headers.map((x) => (typeof x === 'object' ? h('th', { class: x.class, scope: 'col' },
      x.text) : h('th', { scope: 'col' }, x))))),
    h('tbody', {}, rows));
}

/** Bytes in words: 24.0 KiB. */
export function bytes(n) {
  if (n < 1024) return n + ' B';
  if (n < 1024 * 1024) return (n / 1024).toFixed(1) + ' KiB';
  return (n / 1024 / 1024).toFixed(2) + ' MiB';
}

/** An instant as local date and time, or a dash. */
export function when(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** Calls fn at most once per `ms`, at the end of a burst (live events come in bursts). */
export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/**
 * Calls fn at most once per `ms` while calls keep coming: the first call of a quiet spell runs it after `ms`, later
 * ones join that run, and one that comes while fn is still running makes it run once more afterwards. A steady
 * stream of events thus refetches once a second or so, never more, and never falls silent.
 */
export function throttle(fn, ms) {
  let timer = null;
  let running = false;
  let again = false;
  async function run() {
    timer = null;
    running = true;
    try {
      await fn();
    } finally {
      running = false;
      if (again) {
        again = false;
        schedule();
      }
    }
  }
  function schedule() {
    if (running) {
      again = true;
    } else if (!timer) {
      timer = setTimeout(run, ms);
    }
  }
  return schedule;
}

/** Object 5 State (/5/0/3) in words. */
export const UPDATE_STATES = { 0: 'Idle', 1: 'Downloading', 2: 'Downloaded', 3: 'Updating' };

/** Object 5 Update Result (/5/0/5) in words, as LwM2M defines them. */
export const UPDATE_RESULTS = {
  0: 'Initial value',
  1: 'Firmware updated successfully',
  2: 'Not enough flash memory for the new firmware package',
  3: 'Out of RAM during downloading process',
  4: 'Connection lost during downloading process',
  5: 'Integrity check failure for new downloaded package',
  6: 'Unsupported package type',
  7: 'Invalid URI',
  8: 'Firmware update failed',
  9: 'Unsupported protocol',
  10: 'Firmware update cancelled',
  11: 'Firmware update deferred',
};

/** A device's reachability as a pill. */
export function presence(device) {
  if (!device.registered) return h('span', { class: 'pill off' }, 'offline');
  return device.awake ? h('span', { class: 'pill ok' }, 'awake') : h('span', { class: 'pill warn' }, 'asleep');
}

/** An update's state as a pill. */
export function updatePill(state) {
  const cls = state === 'SUCCEEDED' ? 'ok' : state === 'FAILED' ? 'bad' : state === 'CANCELLED' ? 'off' : 'warn';
  return h('span', { class: 'pill ' + cls, 'data-state': state }, state.toLowerCase());
}
