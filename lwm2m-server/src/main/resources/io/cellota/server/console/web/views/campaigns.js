// Campaigns: the list (newest first, paged, live), and the parts the campaign pages and the dashboard share:
// states in words, status pills, progress bars.
import { api, query } from '../api.js';
import { h, table, throttle, when } from '../dom.js';

const PAGE = 20;

/** A device's states in a campaign, in the order of docs/campaigns.md. */
export const DEVICE_STATES = ['PENDING', 'DEFERRED', 'STARTING', 'RUNNING', 'WAITING_RETRY', 'SUCCEEDED', 'FAILED',
  'CANCELLED', 'SKIPPED', 'EXPIRED'];
/** The states after which nothing more happens to a device (until a retry-failed or a rejoin). */
export const FINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED', 'SKIPPED', 'EXPIRED']);
/** The statuses of a campaign that is not over. */
export const LIVE = new Set(['SCHEDULED', 'RUNNING', 'PAUSED', 'CANCELLING']);

const STATE_WORDS = { PENDING: 'pending', DEFERRED: 'deferred (signal too weak)', STARTING: 'starting',
  RUNNING: 'running', WAITING_RETRY: 'waiting to retry', SUCCEEDED: 'succeeded', FAILED: 'failed',
  CANCELLED: 'cancelled', SKIPPED: 'skipped', EXPIRED: 'expired' };
const STATUS_CLASS = { DRAFT: '', SCHEDULED: '', RUNNING: 'run', PAUSED: 'warn', CANCELLING: 'off', FINISHED: 'ok',
  CANCELLED: 'off' };

/** A device state of a campaign in words. */
export function stateWords(state) {
  return STATE_WORDS[state] ?? String(state).toLowerCase();
}

/** A campaign's status as a pill, with data-status for tests and styles. */
export function statusPill(status) {
  return h('span', { class: 'pill ' + (STATUS_CLASS[status] ?? ''), 'data-status': status },
    status.toLowerCase());
}

/** A device's state in a campaign as a pill. */
export function statePill(state) {
  const cls = state === 'SUCCEEDED' ? 'ok' : state === 'FAILED' ? 'bad' : FINAL.has(state) ? 'off' : 'warn';
  return h('span', { class: 'pill ' + cls, 'data-state': state }, stateWords(state));
}

/** Devices in a final state. */
export function doneOf(counts) {
  return DEVICE_STATES.filter((s) => FINAL.has(s)).reduce((n, s) => n + (counts[s] || 0), 0);
}

/**
 * A progress bar of a campaign or a wave: succeeded, failed and otherwise ended devices as segments, with the
 * share done as its value for screen readers, and a line of the numbers beside it.
 */
export function progress(counts, total, label) {
  const done = doneOf(counts);
  const percent = total > 0 ? Math.floor(done * 100 / total) : 0;
  const part = (n, cls) => (n > 0 ? h('span', { class: cls, 'data-width': n }) : null);
  const bar = h('div', { class: 'progress wide', role: 'progressbar', 'aria-label': label, 'aria-valuemin': 0,
    'aria-valuemax': 100, 'aria-valuenow': percent, 'data-done': done, 'data-total': total },
  part(counts.SUCCEEDED || 0, 'ok'), part(counts.FAILED || 0, 'bad'),
  part(done - (counts.SUCCEEDED || 0) - (counts.FAILED || 0), 'off'));
  // widths through the CSSOM: the CSP forbids style attributes, not style properties set by a script
  for (const span of bar.children) {
    span.style.width = (total > 0 ? Number(span.dataset.width) * 100 / total : 0) + '%';
  }
  const words = total === 0 ? 'no devices chosen yet' : `${done} of ${total} done (${percent} %)`;
  return h('div', { class: 'progress-line' }, bar, h('span', { class: 'muted small' }, words));
}

/** Whether a server event concerns campaigns. */
export function isCampaignEvent(e) {
  return typeof e.type === 'string' && e.type.startsWith('campaign.');
}

export function render(main, ctx) {
  const list = h('div', { id: 'campaign-list' }, h('p', { class: 'muted' }, 'Loading…'));
  const status = h('select', { id: 'campaign-status-filter' }, h('option', { value: '' }, 'any'),
    h('option', { value: [...LIVE].join(',') }, 'under way'),
    ['DRAFT', ...LIVE, 'FINISHED', 'CANCELLED'].map((s) => h('option', { value: s }, s.toLowerCase())));
  status.addEventListener('change', () => { offset = 0; load(); });
  const pager = h('div', { class: 'actions' });
  let offset = 0;
  main.replaceChildren(h('div', { class: 'actions heading' }, h('h1', {}, 'Campaigns'),
    ctx.can('operator') ? h('a', { class: 'button', href: '#/campaigns/new', id: 'campaign-new' }, 'New campaign')
      : null),
  h('p', { class: 'muted' }, 'A campaign rolls one firmware package out to many devices: in waves with a canary '
    + 'first, paced per fleet and per cell, within a schedule; it pauses itself when a wave fails too often.'),
  h('section', { class: 'card' }, h('div', { class: 'toolbar' },
    h('div', {}, h('label', { for: 'campaign-status-filter' }, 'Status'), status)), list, pager));

  let alive = true;
  async function load() {
    try {
      const page = await api('GET', '/api/v1/campaigns' + query({ status: status.value, offset, limit: PAGE }));
      if (!alive) return;
      list.replaceChildren(page.items.length === 0 ? h('p', { class: 'muted' }, status.value
        ? 'No campaign in this status.' : 'No campaign yet.')
        : table(['Campaign', 'Status', 'Image', 'Progress', 'Created', 'Started'], page.items.map((c) =>
          h('tr', { 'data-campaign': c.id },
            h('td', {}, h('a', { href: '#/campaigns/' + encodeURIComponent(c.id), title: c.id }, c.name)),
            h('td', {}, statusPill(c.status), c.pause ? h('div', { class: 'muted small' }, c.pause.reason) : null),
            h('td', { title: 'package ' + c.firmwareId }, c.targetVersion),
            h('td', { class: 'progress-cell' }, progress(c.counts, c.total, 'Progress of ' + c.name),
              counts(c.counts)),
            h('td', {}, when(c.createdAt)),
            h('td', {}, c.startedAt ? when(c.startedAt) : h('span', { class: 'muted' }, 'not yet'))))));
      pager.replaceChildren(h('span', { class: 'muted' }, page.total === 0 ? '' : `${offset + 1}–${offset
        + page.items.length} of ${page.total}`),
      h('button', { type: 'button', class: 'secondary small', disabled: offset === 0,
        onclick: () => { offset = Math.max(0, offset - PAGE); load(); } }, 'Newer'),
      h('button', { type: 'button', class: 'secondary small', disabled: offset + PAGE >= page.total,
        onclick: () => { offset += PAGE; load(); } }, 'Older'));
    } catch (e) {
      if (alive) ctx.toast('Campaigns: ' + e.message, { error: true });
    }
  }
  const reload = throttle(load, 1000);
  load();
  return {
    event: (e) => { if (isCampaignEvent(e)) reload(); },
    leave: () => { alive = false; },
  };
}

/** The states with devices in them, as "3 running · 2 pending". */
export function counts(c) {
  const parts = DEVICE_STATES.filter((s) => c[s] > 0).map((s) => `${c[s]} ${stateWords(s)}`);
  return h('div', { class: 'muted small' }, parts.join(' · '));
}
