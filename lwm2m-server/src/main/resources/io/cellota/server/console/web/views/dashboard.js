// The dashboard: the fleet by firmware version and by Object 5 State, campaigns under way with their progress,
// updates in progress, recent failures in words; refreshed by the event stream (at most once a second).
import { api } from '../api.js';
import { barChart } from '../charts.js';
import { h, table, throttle, updatePill, when } from '../dom.js';
import { counts, LIVE, progress, statusPill } from './campaigns.js';

const ACTIVE = 'QUEUED,PREPARING,TRANSFERRING,DOWNLOADING,DOWNLOADED,INSTALLING,CONFIRMING,CANCELLING';

export function render(main, ctx) {
  const stats = h('div', { class: 'card stats', id: 'fleet-stats' }, h('span', { class: 'muted' }, 'Loading…'));
  const versions = h('div', { id: 'chart-versions' });
  const states = h('div', { id: 'chart-states' });
  const running = h('div', { id: 'running-campaigns' });
  const active = h('div', { id: 'active-updates' });
  const failures = h('div', { id: 'recent-failures' });
  main.replaceChildren(h('h1', {}, 'Dashboard'), stats,
    h('div', { class: 'grid' },
      h('section', { class: 'card' }, h('h2', {}, 'Devices by firmware version'), versions),
      h('section', { class: 'card' }, h('h2', {}, 'Devices by update state (Object 5)'), states)),
    h('section', { class: 'card' }, h('h2', {}, 'Campaigns under way'), running),
    h('section', { class: 'card' }, h('h2', {}, 'Updates in progress'), active),
    h('section', { class: 'card' }, h('h2', {}, 'Recent failures'), failures));

  let alive = true;
  async function load() {
    try {
      const [fleet, updating, failed, underway] = await Promise.all([api('GET', '/api/v1/fleet'),
        api('GET', '/api/v1/updates?limit=10&state=' + ACTIVE), api('GET', '/api/v1/updates?limit=10&state=FAILED'),
        api('GET', '/api/v1/campaigns?limit=20&status=' + [...LIVE].join(','))]);
      if (!alive) return;
      const live = underway.items;
      running.replaceChildren(live.length === 0 ? h('p', { class: 'muted' }, 'No campaign under way. ',
        h('a', { href: '#/campaigns' }, 'All campaigns'))
        : table(['Campaign', 'Status', 'Image', 'Progress'], live.map((c) => h('tr', { 'data-campaign': c.id },
          h('td', {}, h('a', { href: '#/campaigns/' + encodeURIComponent(c.id) }, c.name)),
          h('td', {}, statusPill(c.status), c.pause ? h('div', { class: 'muted small' }, c.pause.reason) : null),
          h('td', {}, c.targetVersion),
          h('td', { class: 'progress-cell' }, progress(c.counts, c.total, 'Progress of ' + c.name),
            counts(c.counts))))),
        underway.total > live.length ? h('p', {}, h('a', { href: '#/campaigns' },
          `and ${underway.total - live.length} more`)) : null);
      stats.replaceChildren(...[['devices', fleet.devices], ['registered', fleet.registered], ['awake', fleet.awake],
        ['asleep', fleet.asleep], ['updates running', updating.total], ['failed updates', failed.total]]
        .map(([l, n]) => h('div', { class: 'stat', 'data-stat': l }, h('span', { class: 'n' }, n),
          h('span', { class: 'l' }, l))));
      versions.replaceChildren(barChart('Devices by firmware version', Object.entries(fleet.byFirmwareVersion)));
      states.replaceChildren(barChart('Devices by update state', Object.entries(fleet.byUpdateState)
        .filter(([s, n]) => n > 0 || s !== 'UNKNOWN').map(([s, n]) => [s.toLowerCase(), n]), { alt: true }));
      active.replaceChildren(updating.items.length === 0 ? h('p', { class: 'muted' }, 'None right now.')
        : table(['Device', 'Target', 'State', 'Since'], updating.items.map((u) => h('tr', {},
          h('td', {}, h('a', { href: '#/devices/' + encodeURIComponent(u.endpoint) }, u.endpoint)),
          h('td', {}, u.targetVersion), h('td', {}, updatePill(u.state)), h('td', {}, when(u.updatedAt))))));
      failures.replaceChildren(failed.items.length === 0 ? h('p', { class: 'muted' }, 'No failed update.')
        : table(['Device', 'Target', 'Why', 'When'], failed.items.map((u) => h('tr', {},
          h('td', {}, h('a', { href: '#/devices/' + encodeURIComponent(u.endpoint) }, u.endpoint)),
          h('td', {}, u.targetVersion),
          h('td', { class: 'reason' }, reason(u)),
          h('td', {}, when(u.updatedAt))))));
    } catch (e) {
      if (alive) ctx.toast('Dashboard: ' + e.message, { error: true });
    }
  }
  const reload = throttle(load, 1000);
  load();
  return {
    event: () => reload(),
    leave: () => { alive = false; },
  };
}

/** Why an update failed, in words: the device's Update Result and the server's account of it. */
export function reason(u) {
  const parts = [];
  if (u.updateResultMeaning && u.updateResult !== 0 && u.updateResult !== 1) {
    parts.push(u.updateResultMeaning + ' (Update Result ' + u.updateResult + ')');
  }
  if (u.failure) parts.push(u.failure);
  return parts.join(' — ') || 'failed';
}
