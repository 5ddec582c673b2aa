// Webhooks: the callbacks integrators registered (URL, event patterns, delivery counts), a form to add one (its
// signing secret shown once), removal, and each webhook's deliveries: state, attempts, the receiver's last answer or
// error, when the next attempt is due, and the event sent. Counts and deliveries refresh while the page is open.
import { api, query } from '../api.js';
import { commaList, h, table, throttle, when } from '../dom.js';

const STATES = ['', 'PENDING', 'DELIVERED', 'FAILED'];
const REFRESH_MS = 5000;

export function render(main, ctx) {
  const operator = ctx.can('operator');
  let alive = true;
  let openId = null;
  const list = h('div', { id: 'webhook-list' }, h('p', { class: 'muted' }, 'Loading…'));
  const created = h('div', { id: 'webhook-created', 'aria-live': 'polite' });
  const deliveries = h('section', { class: 'card', id: 'webhook-deliveries', hidden: true });

  main.replaceChildren(h('h1', {}, 'Webhooks'),
    h('p', { class: 'muted' }, 'Every matching event is POSTed to the URL as JSON, signed with HMAC-SHA256 '
      + '(X-Cellota-Signature), in the order the events happened; a receiver that is down loses nothing: its '
      + 'deliveries wait and are retried for 3 days.'),
    operator ? form() : null, created,
    h('section', { class: 'card' }, h('h2', {}, 'Registered'), list), deliveries);

  function form() {
    const url = h('input', { id: 'webhook-url', type: 'url', required: true, size: 48,
      placeholder: 'https://hooks.example.com/cellota' });
    const events = h('input', { id: 'webhook-events', required: true, size: 40, value: 'update.*',
      placeholder: 'update.*, device.registered, campaign.* or *' });
    const description = h('input', { id: 'webhook-description', placeholder: 'what receives it' });
    const secret = h('input', { id: 'webhook-secret', type: 'password', autocomplete: 'new-password',
      placeholder: 'generated when empty' });
    const error = h('p', { class: 'field-error', id: 'webhook-error', 'aria-live': 'polite' });
    return h('section', { class: 'card' }, h('h2', {}, 'New webhook'),
      h('form', { class: 'row', id: 'webhook-form', onsubmit: async (e) => {
        e.preventDefault();
        error.textContent = '';
        const patterns = commaList(events.value);
        const body = { url: url.value.trim(), events: patterns };
        if (description.value.trim()) body.description = description.value.trim();
        if (secret.value) body.secret = secret.value;
        try {
          const w = await api('POST', '/api/v1/webhooks', body);
          created.replaceChildren(h('div', { class: 'notice ok' },
            h('strong', {}, `Webhook ${w.id} created for ${w.events.join(', ')}.`),
            ' Its signing secret, shown only now (receivers verify X-Cellota-Signature with it):',
            h('code', { class: 'secret', id: 'webhook-secret-shown' }, w.secret),
            h('button', { type: 'button', class: 'secondary small', onclick: async () => {
              try {
                await navigator.clipboard.writeText(w.secret);
                ctx.toast('Copied');
              } catch (err) {
                ctx.toast('Select the secret and copy it', { error: true });
              }
            } }, 'Copy')));
          url.value = '';
          secret.value = '';
          description.value = '';
          load();
        } catch (err) {
          error.textContent = 'Not created: ' + err.message;
        }
      } },
      h('div', {}, h('label', { for: 'webhook-url' }, 'URL'), url),
      h('div', {}, h('label', { for: 'webhook-events' }, 'Events (comma-separated)'), events),
      h('div', {}, h('label', { for: 'webhook-description' }, 'Description'), description),
      h('div', {}, h('label', { for: 'webhook-secret' }, 'Secret (optional, 16–128 characters)'), secret),
      h('div', {}, h('button', { type: 'submit', id: 'webhook-create' }, 'Add webhook'))), error);
  }

  async function load() {
    let page;
    try {
      page = await api('GET', '/api/v1/webhooks?limit=100');
    } catch (e) {
      list.replaceChildren(h('p', { class: 'notice bad' }, e.message));
      return;
    }
    if (!alive) return;
    list.replaceChildren(page.items.length === 0 ? h('p', { class: 'muted' }, 'No webhook yet.')
      : table(['Id', 'URL', 'Events', 'Description', 'Pending', 'Delivered', 'Failed', 'Created', ''],
        page.items.map(row)));
  }

  function row(w) {
    const d = w.deliveries || {};
    return h('tr', { 'data-webhook': w.id }, h('td', { class: 'mono' }, w.id), h('td', { class: 'mono' }, w.url),
      h('td', {}, w.events.join(', ')), h('td', {}, w.description || '–'),
      h('td', { 'data-count': 'pending' }, String(d.pending ?? 0)),
      h('td', { 'data-count': 'delivered' }, String(d.delivered ?? 0)),
      h('td', { 'data-count': 'failed', class: d.failed ? 'bad' : null }, String(d.failed ?? 0)),
      h('td', {}, when(w.createdAt)),
      h('td', { class: 'actions' },
        h('button', { type: 'button', class: 'secondary small', 'data-deliveries': w.id,
          onclick: () => showDeliveries(w.id, '') }, 'Deliveries'),
        operator ? h('button', { type: 'button', class: 'danger small', 'data-delete': w.id, onclick: async () => {
          if (!confirm(`Remove webhook ${w.id} (${w.url})? What it has not sent yet is dropped.`)) return;
          try {
            await api('DELETE', '/api/v1/webhooks/' + encodeURIComponent(w.id));
            ctx.toast('Webhook removed');
            if (openId === w.id) {
              openId = null;
              deliveries.hidden = true;
            }
          } catch (e) {
            ctx.toast('Not removed: ' + e.message, { error: true });
          }
          load();
        } }, 'Remove') : null));
  }

  async function showDeliveries(id, state) {
    openId = id;
    deliveries.dataset.state = state;
    let page;
    try {
      page = await api('GET', '/api/v1/webhooks/' + encodeURIComponent(id) + '/deliveries'
        + query({ state, limit: 50 }));
    } catch (e) {
      deliveries.hidden = false;
      deliveries.replaceChildren(h('h2', {}, 'Deliveries of ' + id), h('p', { class: 'notice bad' }, e.message));
      return;
    }
    if (!alive || openId !== id) return;
    const filter = h('select', { id: 'delivery-state', onchange: () => showDeliveries(id, filter.value) },
      STATES.map((s) => h('option', { value: s, selected: s === state }, s ? s.toLowerCase() : 'all')));
    deliveries.hidden = false;
    deliveries.replaceChildren(h('div', { class: 'actions' }, h('h2', {}, 'Deliveries of ' + id),
      h('label', { for: 'delivery-state' }, 'State'), filter),
    h('p', { class: 'muted' }, `${page.total} in all, newest first` + (page.total > page.items.length
      ? ` (the ${page.items.length} newest shown)` : '') + '.'),
    page.items.length === 0 ? h('p', { class: 'muted', id: 'delivery-none' }, 'None.')
      : table(['Delivery', 'Event', 'State', 'Attempts', 'Last answer', 'Next attempt', 'Created', 'Body'],
        page.items.map((d) => h('tr', { 'data-delivery': d.id, 'data-state': d.state },
          h('td', { class: 'mono' }, d.id), h('td', {}, d.eventType),
          h('td', {}, h('span', { class: 'pill ' + pillClass(d.state) }, d.state.toLowerCase())),
          h('td', {}, String(d.attempts)),
          h('td', {}, d.lastStatus !== undefined ? 'HTTP ' + d.lastStatus : d.lastError ?? '–'),
          h('td', {}, d.nextAttemptAt ? when(d.nextAttemptAt) : '–'),
          h('td', {}, when(d.createdAt)),
          h('td', {}, h('details', {}, h('summary', {}, 'event'),
            h('pre', { class: 'preview' }, JSON.stringify(d.event, null, 2))))))));
  }

  function pillClass(state) {
    return state === 'DELIVERED' ? 'ok' : state === 'FAILED' ? 'bad' : 'warn';
  }

  // deliveries change without events of their own (an answer from a receiver), so the page also polls
  const refresh = throttle(() => {
    if (!alive) return;
    load();
    if (openId) showDeliveries(openId, deliveries.dataset.state || '');
  }, 1000);
  const timer = setInterval(refresh, REFRESH_MS);
  load();
  return {
    event() {
      refresh();
    },
    leave() {
      alive = false;
      clearInterval(timer);
    },
  };
}
