// The devices: search by endpoint, filter by tag, firmware version, reachability and update state; live. With a tag
// filter, an operator can hold one LwM2M operation for every device of those tags, each sent when it next wakes.
import { api, query } from '../api.js';
import { commaList, debounce, h, presence, table, UPDATE_STATES, when } from '../dom.js';

const PAGE = 50;

/** The session storage key a device page sets to open this list filtered by a tag. */
export const PRESET_TAG = 'cellota.devices.tag';

export function render(main, ctx) {
  const q = h('input', { id: 'device-search', type: 'search', placeholder: 'part of an endpoint name' });
  const tag = h('input', { id: 'device-tag', type: 'search', placeholder: 'north, lab',
    'aria-describedby': 'device-tag-note' });
  const version = h('select', { id: 'device-version' }, h('option', { value: '' }, 'any'));
  const reach = h('select', { id: 'device-reach' }, h('option', { value: '' }, 'any'),
    h('option', { value: 'awake' }, 'awake'), h('option', { value: 'asleep' }, 'asleep'),
    h('option', { value: 'offline' }, 'offline'));
  const updateState = h('select', { id: 'device-update-state' }, h('option', { value: '' }, 'any'),
    Object.entries(UPDATE_STATES).map(([k, v]) => h('option', { value: k }, v)));
  const list = h('div', { id: 'device-list' });
  const pager = h('div', { class: 'actions' });
  let offset = 0;
  main.replaceChildren(h('h1', {}, 'Devices'),
    h('form', { class: 'toolbar', role: 'search', onsubmit: (e) => { e.preventDefault(); offset = 0; load(); } },
      h('div', {}, h('label', { for: 'device-search' }, 'Endpoint'), q),
      h('div', {}, h('label', { for: 'device-tag' }, 'Tag'), tag,
        h('span', { class: 'field-note', id: 'device-tag-note' }, ' any of, by commas')),
      h('div', {}, h('label', { for: 'device-version' }, 'Firmware version'), version),
      h('div', {}, h('label', { for: 'device-reach' }, 'Reachable'), reach),
      h('div', {}, h('label', { for: 'device-update-state' }, 'Update state'), updateState),
      h('div', {}, h('button', { type: 'submit' }, 'Filter'))),
    h('section', { class: 'card' }, list, pager), ctx.can('operator') ? batchCard() : null);
  for (const el of [version, reach, updateState]) el.addEventListener('change', () => { offset = 0; load(); });
  for (const el of [q, tag]) el.addEventListener('input', debounce(() => { offset = 0; load(); }, 300));
  // a tag clicked on a device's page opens this list filtered by it
  const presetTag = sessionStorage.getItem(PRESET_TAG);
  if (presetTag) {
    sessionStorage.removeItem(PRESET_TAG);
    tag.value = presetTag;
  }

  let alive = true;

  /** One operation held for every device carrying the filter's tags (POST /api/v1/operations). */
  function batchCard() {
    const kind = h('select', { id: 'batch-operation', 'aria-label': 'Operation' },
      ['write', 'read', 'execute', 'observe'].map((k) => h('option', { value: k }, k)));
    const path = h('input', { id: 'batch-path', 'aria-label': 'Path', placeholder: '/1/0/3', size: 10 });
    const value = h('input', { id: 'batch-value', 'aria-label': 'Value (write)', placeholder: 'value', size: 10 });
    const outcome = h('div', { id: 'batch-outcome', 'aria-live': 'polite' });
    const form = h('form', { class: 'actions', id: 'batch-form', onsubmit: async (e) => {
      e.preventDefault();
      const tags = commaList(tag.value);
      if (tags.length === 0) {
        outcome.replaceChildren(h('p', { class: 'notice bad' }, 'Filter by a tag first: the operation goes to every'
          + ' device of the tags.'));
        return;
      }
      const body = { target: { tags }, operation: kind.value, path: path.value.trim() };
      const v = value.value.trim();
      if (kind.value === 'write') {
        body.value = v === 'true' || v === 'false' ? v === 'true' : v !== '' && !isNaN(Number(v)) ? Number(v) : v;
      }
      try {
        const r = await api('POST', '/api/v1/operations', body);
        outcome.replaceChildren(h('p', { class: 'notice', id: 'batch-held' }, `${body.operation} ${body.path}: held`
          + ` for ${r.held.length} of ${r.devices} devices; each goes when the device next wakes (see its page).`),
        r.refused.length ? h('ul', { id: 'batch-refused' }, r.refused.map((x) => h('li', {},
          h('a', { href: '#/devices/' + encodeURIComponent(x.endpoint) }, x.endpoint), ': ' + x.reason))) : null);
      } catch (err) {
        outcome.replaceChildren(h('p', { class: 'notice bad' }, err.message));
      }
    } }, kind, path, value, h('button', { type: 'submit', class: 'small' }, 'Hold for these tags'));
    return h('section', { class: 'card', id: 'batch' }, h('h2', {}, 'One operation for every device of a tag'),
      h('p', { class: 'muted' }, 'Held by the server for each device of the tags in the filter above, and sent when '
        + 'that device next wakes: e.g. write /1/0/3 (the default maximum period) for a whole region.'), form, outcome);
  }

  async function versions() {
    const fleet = await api('GET', '/api/v1/fleet');
    const chosen = version.value;
    version.replaceChildren(h('option', { value: '' }, 'any'), ...Object.keys(fleet.byFirmwareVersion)
      .filter((v) => v !== 'unknown').map((v) => h('option', { value: v, selected: v === chosen }, v)));
  }
  async function load() {
    const reachable = { awake: { registered: true, awake: true }, asleep: { registered: true, awake: false },
      offline: { registered: false } }[reach.value] || {};
    try {
      const tags = commaList(tag.value).join(',');
      const page = await api('GET', '/api/v1/devices' + query({ q: q.value, tag: tags, firmwareVersion: version.value,
        updateState: updateState.value, ...reachable, offset, limit: PAGE }));
      if (!alive) return;
      tag.removeAttribute('aria-invalid');
      list.replaceChildren(page.items.length === 0 ? h('p', { class: 'muted' }, 'No device matches.')
        : table(['Endpoint', 'Reachable', 'Firmware', 'Update state', 'Last seen', 'Address'],
          page.items.map((d) => h('tr', { 'data-endpoint': d.endpoint },
            h('td', {}, h('a', { href: '#/devices/' + encodeURIComponent(d.endpoint) }, d.endpoint)),
            h('td', {}, presence(d)),
            h('td', {}, d.firmwareVersion ?? '–'),
            h('td', {}, d.updateState === undefined ? '–' : UPDATE_STATES[d.updateState] ?? d.updateState),
            h('td', {}, when(d.lastSeen)),
            h('td', { class: 'mono' }, d.address ?? '–')))));
      pager.replaceChildren(h('span', { class: 'muted' }, page.total === 0 ? '' : `${offset + 1}–${offset
        + page.items.length} of ${page.total}`),
      h('button', { type: 'button', class: 'secondary small', disabled: offset === 0,
        onclick: () => { offset = Math.max(0, offset - PAGE); load(); } }, 'Previous'),
      h('button', { type: 'button', class: 'secondary small', disabled: offset + PAGE >= page.total,
        onclick: () => { offset += PAGE; load(); } }, 'Next'));
    } catch (e) {
      if (!alive) return;
      if (e.status === 400 && tag.value) {
        tag.setAttribute('aria-invalid', 'true');
        list.replaceChildren(h('p', { class: 'notice bad', id: 'device-filter-refused' }, e.message));
        pager.replaceChildren();
      } else {
        ctx.toast('Devices: ' + e.message, { error: true });
      }
    }
  }
  const reload = debounce(() => { load(); versions(); }, 400);
  versions().then(load, load);
  return {
    event: (e) => {
      if (e.type.startsWith('device.') && e.type !== 'device.notification' && e.type !== 'device.operation') reload();
    },
    leave: () => { alive = false; },
  };
}
