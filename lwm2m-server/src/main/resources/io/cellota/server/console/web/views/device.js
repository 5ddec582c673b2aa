// One device: what the server knows, Objects 3, 4 and 5 read live, a per-device firmware update followed live,
// its update history, and generic LwM2M operations (read, write, execute, observe) on every resource it declared:
// sent at once to an awake device, held by the server for one asleep (or not registered) until it wakes.
import { api, ApiError, query } from '../api.js';
import {
  bytes, commaList, debounce, facts, h, presence, table, UPDATE_RESULTS, UPDATE_STATES, updatePill, when,
} from '../dom.js';
import { reason } from './dashboard.js';
import { PRESET_TAG } from './devices.js';

const CARDS = [[3, 'Device (Object 3)'], [4, 'Connectivity (Object 4)'], [5, 'Firmware Update (Object 5)']];

export function render(main, ctx, endpoint) {
  const base = '/api/v1/devices/' + encodeURIComponent(endpoint);
  const operator = ctx.can('operator');
  const cells = new Map();
  const names = new Map();
  let alive = true;
  let device = null;
  const shownHeld = new Set();

  const summary = h('div', { class: 'card', id: 'device-summary' }, h('span', { class: 'muted' }, 'Loading…'));
  const updateCard = h('section', { class: 'card', id: 'update-card' }, h('h2', {}, 'Firmware update'));
  const objectCards = CARDS.map(([id, title]) => h('section', { class: 'card', id: 'object-' + id },
    h('div', { class: 'actions' }, h('h2', {}, title),
      h('button', { type: 'button', class: 'secondary small', id: 'read-' + id, onclick: () => readCard(id) },
        'Read')),
    h('div', { class: 'object-body' }, h('p', { class: 'muted' }, 'Not read yet.'))));
  const resources = h('section', { class: 'card tree', id: 'resources' }, h('h2', {}, 'Resources'),
    h('p', { class: 'muted' }, 'Loading the objects the device declared…'));
  const log = h('ol', { id: 'op-log', class: 'mono' });
  const history = h('section', { class: 'card', id: 'history' }, h('h2', {}, 'Update history'));
  const heldList = h('div', { id: 'held-list' }, h('p', { class: 'muted' }, 'Loading…'));
  const held = h('section', { class: 'card', id: 'held' }, h('h2', {}, 'Held operations'),
    h('p', { class: 'muted' }, 'Operations for a sleeping device wait here and go, in order, when it next wakes.'),
    operator ? holdForm() : null, heldList);
  const tagsCard = h('section', { class: 'card', id: 'tags-card' }, h('h2', {}, 'Tags'),
    h('p', { class: 'muted' }, 'Loading…'));
  main.replaceChildren(h('p', {}, h('a', { href: '#/devices' }, '← Devices')), h('h1', {}, endpoint), summary,
    tagsCard, updateCard, h('div', { class: 'grid' }, objectCards), resources,
    h('section', { class: 'card' }, h('h2', {}, 'Answers'), log), held, history);

  // ---- values: every cell that shows a path, updated by reads, observations and Object 5 events ----
  function cellFor(path) {
    const el = h('span', { class: 'value', 'data-path': path }, '–');
    if (!cells.has(path)) cells.set(path, new Set());
    cells.get(path).add(el);
    return el;
  }
  function setValue(path, text) {
    for (const el of cells.get(path) || []) el.textContent = text;
  }
  function valueText(path, r) {
    if (r.multiple) return Object.entries(r.values || {}).map(([i, v]) => `${i}: ${v}`).join(', ');
    if (path === '/5/0/3') return `${r.value} (${UPDATE_STATES[r.value] ?? '?'})`;
    if (path === '/5/0/5') return `${r.value} (${UPDATE_RESULTS[r.value] ?? '?'})`;
    return String(r.value);
  }
  /** [path, resource] of every resource in a read's content. */
  function flatten(path, content) {
    const p = path.replace(/\/$/, '');
    if (content.kind === 'resource' || content.kind === 'resourceInstance') return [[p, content]];
    if (content.kind === 'instance') return content.resources.map((r) => [`${p}/${r.id}`, r]);
    if (content.kind === 'object') {
      return content.instances.flatMap((i) => i.resources.map((r) => [`${p}/${i.id}/${r.id}`, r]));
    }
    return [];
  }
  function show(path, content) {
    for (const [p, r] of flatten(path, content)) setValue(p, valueText(p, r));
  }

  // ---- operations ----
  function note(operation, path, text, ok) {
    log.prepend(h('li', { class: ok ? '' : 'bad', 'data-op': operation + ' ' + path },
      `${new Date().toLocaleTimeString()} ${operation} ${path}: ${text}`));
    while (log.children.length > 12) log.lastChild.remove();
  }
  /** Whether operations must wait for the device: asleep in queue mode, or not registered now. */
  function unreachable() {
    return device !== null && (!device.registered || !device.awake);
  }
  async function operate(operation, method, suffix, path, body) {
    if (unreachable()) return hold(operation, path, body?.value);
    try {
      const answer = await api(method, base + '/lwm2m' + suffix + query({ path }), body);
      if (answer.content) show(path, answer.content);
      note(operation, path, answer.code + ' ' + answer.codeName + (answer.errorMessage ? ' — ' + answer.errorMessage
        : ''), answer.success);
      return answer;
    } catch (e) {
      if (e instanceof ApiError && e.code === 'device_asleep' && operator) {
        device.awake = false; // it fell asleep since the page learnt otherwise
        return hold(operation, path, body?.value);
      }
      note(operation, path, e.message, false);
      if (!(e instanceof ApiError) || e.status !== 401) ctx.toast(operation + ' ' + path + ': ' + e.message,
        { error: true });
      return null;
    }
  }
  async function hold(operation, path, value) {
    if (!operator) {
      note(operation, path, 'the device is asleep; an operator can hold this until it wakes', false);
      return null;
    }
    const body = { operation, path };
    if (operation === 'write') body.value = value;
    try {
      const op = await api('POST', base + '/operations', body);
      const waiting = op.status === 'QUEUED';
      note(operation, path, waiting ? `held until ${endpoint} wakes (operation ${op.id})`
        : `sent as held operation ${op.id}`, true);
      ctx.toast(`${operation} ${path}: ${waiting ? 'held until the device wakes' : 'sent'}`);
      reloadHeld();
    } catch (e) {
      note(operation, path, e.message, false);
      if (!(e instanceof ApiError) || e.status !== 401) ctx.toast(operation + ' ' + path + ': ' + e.message,
        { error: true });
    }
    return null;
  }

  // ---- held operations ----
  function holdForm() {
    const kind = h('select', { id: 'hold-operation', 'aria-label': 'Operation' },
      ['read', 'write', 'execute', 'observe'].map((k) => h('option', { value: k }, k)));
    const path = h('input', { id: 'hold-path', 'aria-label': 'Path', placeholder: '/3/0/0', size: 10, required: true });
    const value = h('input', { id: 'hold-value', 'aria-label': 'Value (write)', placeholder: 'value', size: 10 });
    return h('form', { class: 'actions', id: 'hold-form', onsubmit: (ev) => {
      ev.preventDefault();
      const v = value.value.trim();
      const typed = v === 'true' || v === 'false' ? v === 'true' : v !== '' && !isNaN(Number(v)) ? Number(v) : v;
      hold(kind.value, path.value.trim(), typed);
    } }, kind, path, value, h('button', { type: 'submit', class: 'small' }, 'Hold until it wakes'));
  }
  async function loadHeld() {
    let page;
    try {
      page = await api('GET', base + '/operations?limit=20');
    } catch (e) {
      heldList.replaceChildren(h('p', { class: 'muted' }, e.message));
      return;
    }
    if (!alive) return;
    // a held read's answer fills the page's cells once, when it arrives
    for (const op of page.items) {
      if (op.status === 'SUCCEEDED' && op.result?.content && !shownHeld.has(op.id)) {
        shownHeld.add(op.id);
        show(op.path, op.result.content);
      }
    }
    if (page.items.length === 0) {
      heldList.replaceChildren(h('p', { class: 'muted', id: 'held-empty' }, 'None.'));
      return;
    }
    heldList.replaceChildren(table(['#', 'Operation', 'Status', 'Queued', 'By', 'Answer', ''], page.items.map((op) =>
      h('tr', { 'data-held': op.id, 'data-status': op.status },
        h('td', {}, String(op.id)),
        h('td', { class: 'mono' }, `${op.operation} ${op.path}` + (op.value !== undefined ? ` = ${op.value}` : '')),
        h('td', {}, h('span', { class: 'pill ' + heldClass(op.status) }, op.status.toLowerCase()),
          op.attempts > 1 ? h('span', { class: 'muted' }, ` ${op.attempts} sends`) : null),
        h('td', {}, when(op.queuedAt)), h('td', {}, op.requestedBy),
        h('td', {}, heldAnswer(op)),
        h('td', {}, operator && op.status === 'QUEUED' ? h('button', { type: 'button', class: 'secondary small',
          'data-cancel-held': op.id, onclick: () => cancelHeld(op) }, 'Cancel') : null)))));
  }
  function heldClass(status) {
    return status === 'SUCCEEDED' ? 'ok' : status === 'FAILED' || status === 'EXPIRED' ? 'bad' : '';
  }
  function heldAnswer(op) {
    if (op.result) {
      const r = op.result;
      let text = `${r.code} ${r.codeName}`;
      if (r.content) {
        const values = flatten(op.path, r.content).map(([p, res]) => `${p} = ${valueText(p, res)}`);
        if (values.length) text += ': ' + values.slice(0, 4).join(', ') + (values.length > 4 ? ', …' : '');
      }
      return text;
    }
    return op.failure ?? '';
  }
  async function cancelHeld(op) {
    try {
      await api('DELETE', base + '/operations/' + op.id);
      ctx.toast(`operation ${op.id} cancelled`);
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 401) ctx.toast(e.message, { error: true });
    }
    reloadHeld();
  }
  async function readCard(id) {
    const body = objectCards[CARDS.findIndex(([i]) => i === id)].querySelector('.object-body');
    const answer = await operate('read', 'GET', '', `/${id}/0`);
    if (answer?.content && answer.content.kind === 'instance') {
      body.replaceChildren(table(['Resource', 'Value'], answer.content.resources.map((r) => {
        const path = `/${id}/0/${r.id}`;
        const cell = cellFor(path);
        cell.textContent = valueText(path, r);
        return h('tr', {}, h('td', {}, `${r.id} ${names.get(path) ?? ''}`), h('td', {}, cell));
      })));
    } else if (answer) {
      body.replaceChildren(h('p', { class: 'notice bad' }, answer.code + ' ' + answer.codeName));
    }
  }

  // ---- tags: what campaigns, batch operations and the devices filter select by ----
  async function loadTags() {
    let answer;
    try {
      answer = await api('GET', base + '/tags');
    } catch (e) {
      tagsCard.replaceChildren(h('h2', {}, 'Tags'), h('p', { class: 'notice bad' }, e.message));
      return;
    }
    if (alive) showTags(answer.tags);
  }

  function showTags(tags) {
    const shown = h('p', { id: 'tags-list' }, tags.length === 0 ? h('span', { class: 'muted' }, 'No tags.')
      : tags.map((t) => [h('a', { class: 'pill', href: '#/devices', 'data-tag': t, onclick: (e) => {
        e.preventDefault();
        sessionStorage.setItem(PRESET_TAG, t);
        ctx.go('#/devices');
      } }, t), ' ']));
    if (!operator) {
      tagsCard.replaceChildren(h('h2', {}, 'Tags'), shown);
      return;
    }
    const input = h('input', { id: 'tags-input', size: 40, value: tags.join(', '),
      placeholder: 'north, lab, batch-7', 'aria-describedby': 'tags-help' });
    const error = h('p', { class: 'field-error', id: 'tags-error', 'aria-live': 'polite' });
    tagsCard.replaceChildren(h('h2', {}, 'Tags'), shown,
      h('form', { class: 'row', id: 'tags-form', onsubmit: async (e) => {
        e.preventDefault();
        error.textContent = '';
        const wanted = commaList(input.value);
        try {
          const stored = await api('PUT', base + '/tags', { tags: wanted });
          showTags(stored.tags);
          ctx.toast('Tags saved');
        } catch (err) {
          error.textContent = 'Not saved: ' + err.message;
        }
      } }, h('div', {}, h('label', { for: 'tags-input' }, 'Tags (comma-separated)'), input),
      h('div', {}, h('button', { type: 'submit', class: 'small', id: 'tags-save' }, 'Save tags'))),
      h('p', { class: 'muted', id: 'tags-help' }, 'At most 32, each 1 to 64 letters, digits, ".", "_", ":" or "-".'),
      error);
  }

  // ---- what the server knows ----
  async function loadDevice() {
    try {
      device = await api('GET', base);
    } catch (e) {
      summary.replaceChildren(h('p', { class: 'notice bad' }, e.message));
      return;
    }
    if (!alive) return;
    const radio = device.radio ? [device.radio.bearer !== undefined ? 'bearer ' + device.radio.bearer : null,
      device.radio.rsrp !== undefined ? device.radio.rsrp + ' dBm' : null,
      device.radio.cellId !== undefined ? 'cell ' + device.radio.cellId : null].filter(Boolean).join(', ') : null;
    summary.replaceChildren(h('div', { class: 'actions' }, presence(device),
      device.queueMode ? h('span', { class: 'pill' }, 'queue mode') : null),
    facts([['Firmware', device.firmwareVersion], ['Update state', device.updateState === undefined ? null
      : UPDATE_STATES[device.updateState]], ['Last result', device.updateResult === undefined ? null
      : UPDATE_RESULTS[device.updateResult]], ['LwM2M', device.lwm2mVersion], ['Binding', device.binding],
    ['Address', device.address], ['Last seen', when(device.lastSeen)], ['Radio', radio]], { id: 'device-facts' }),
    device.registered && !device.awake ? h('p', { class: 'notice', id: 'asleep-note' }, 'The device is asleep: '
      + 'operations you start now are held by the server and sent, in order, at its next uplink (see Held '
      + 'operations below). Updates wait for it in the server\'s queue too.') : null);
  }

  async function loadObjects() {
    let answer;
    try {
      answer = await api('GET', base + '/objects');
    } catch (e) {
      resources.replaceChildren(h('h2', {}, 'Resources'), h('p', { class: 'muted' }, e.message));
      return false;
    }
    for (const o of answer.objects) {
      for (const r of o.resources) {
        for (const i of o.instances) names.set(`/${o.id}/${i}/${r.id}`, r.name);
      }
    }
    resources.replaceChildren(h('h2', {}, 'Resources'), ...answer.objects.map((o) => h('details',
      { 'data-object': o.id, open: o.id === 3 ? true : null },
      h('summary', {}, `/${o.id} ${o.name}`, h('span', { class: 'muted' }, ` v${o.version}, instances `
        + (o.instances.join(', ') || 'none'))),
      o.instances.map((i) => table(['', 'Resource', 'Type', 'Value', ''], o.resources.map((r) => resourceRow(o, i, r)),
        { 'data-instance': `/${o.id}/${i}` })))));
    return true;
  }

  function resourceRow(o, i, r) {
    const path = `/${o.id}/${i}/${r.id}`;
    const actions = h('div', { class: 'actions' });
    const readable = r.operations.includes('R');
    if (readable) {
      actions.append(h('button', { type: 'button', class: 'secondary small', 'data-read': path,
        'aria-label': 'Read ' + path, onclick: () => operate('read', 'GET', '', path) }, 'Read'));
    }
    if (operator && readable) {
      actions.append(h('button', { type: 'button', class: 'secondary small', 'data-observe': path,
        'aria-label': 'Observe ' + path, onclick: () => operate('observe', 'POST', '/observe', path) }, 'Observe'));
    }
    if (operator && r.operations.includes('W') && !r.multiple) {
      const input = h('input', { 'aria-label': 'New value of ' + path, 'data-write-value': path, size: 10 });
      actions.append(input, h('button', { type: 'button', class: 'small', 'data-write': path,
        onclick: () => operate('write', 'PUT', '', path, { value: input.value }) }, 'Write'));
    }
    if (operator && r.operations === 'E') {
      actions.append(h('button', { type: 'button', class: 'small', 'data-execute': path,
        onclick: () => {
          if (confirm(`Execute ${path} (${r.name}) on ${endpoint}?`)) operate('execute', 'POST', '/execute', path);
        } },
      'Execute'));
    }
    return h('tr', {}, h('td', { class: 'mono' }, path), h('td', {}, r.name, r.units ? ` (${r.units})` : ''),
      h('td', {}, r.type.toLowerCase() + (r.multiple ? ' list' : '')), h('td', {}, cellFor(path)),
      h('td', {}, actions));
  }

  // ---- the firmware update ----
  async function loadUpdates() {
    let page;
    try {
      page = await api('GET', base + '/updates?limit=20');
    } catch (e) {
      history.replaceChildren(h('h2', {}, 'Update history'), h('p', { class: 'muted' }, e.message));
      return;
    }
    if (!alive) return;
    history.replaceChildren(h('h2', {}, 'Update history'), page.items.length === 0
      ? h('p', { class: 'muted' }, 'No update yet.')
      : table(['Started', 'Target', 'State', 'How', 'Outcome'], page.items.map((u) => h('tr', { 'data-update': u.id },
        h('td', {}, when(u.createdAt)), h('td', {}, u.targetVersion), h('td', {}, updatePill(u.state)),
        h('td', {}, [u.delivery, u.protocol].filter(Boolean).join(' over ') || '–'),
        h('td', {}, u.state === 'FAILED' ? reason(u) : u.updateResultMeaning ?? '–')))));
    const current = page.items.find((u) => !['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(u.state));
    renderUpdateCard(current, page.items[0]);
  }

  async function renderUpdateCard(current, latest) {
    const status = h('div', { id: 'update-status' });
    if (current) {
      status.append(h('p', {}, 'Updating to ', h('strong', {}, current.targetVersion), ': ', updatePill(current.state),
        ' since ', when(current.updatedAt)),
      operator ? h('button', { type: 'button', class: 'danger', id: 'update-cancel', onclick: async () => {
        try {
          await api('POST', '/api/v1/updates/' + encodeURIComponent(current.id) + '/cancel');
        } catch (e) {
          ctx.toast('Cancel: ' + e.message, { error: true });
        }
      } }, 'Cancel update') : null);
    } else if (latest) {
      status.append(h('p', {}, 'Last update to ', h('strong', {}, latest.targetVersion), ': ', updatePill(latest.state),
        latest.state === 'FAILED' ? ' — ' + reason(latest) : ''));
    }
    const children = [h('h2', {}, 'Firmware update'), status];
    if (operator && !current) {
      children.push(await startForm());
    }
    updateCard.replaceChildren(...children);
  }

  async function startForm() {
    let packages = [];
    try {
      packages = (await api('GET', '/api/v1/firmware?limit=100')).items;
    } catch (e) {
      return h('p', { class: 'muted' }, e.message);
    }
    if (packages.length === 0) {
      return h('p', { class: 'muted' }, 'No firmware yet: upload an image under ', h('a', { href: '#/firmware' },
        'Firmware'), '.');
    }
    const pkg = h('select', { id: 'update-firmware' }, packages.map((p) => h('option', { value: p.id },
      `${p.name} ${p.version} (${bytes(p.size)})`)));
    const delivery = h('select', { id: 'update-delivery' }, h('option', { value: '' }, 'automatic'),
      h('option', { value: 'pull' }, 'pull (the device downloads)'), h('option', { value: 'push' },
        'push (the server writes it)'));
    const protocol = h('select', { id: 'update-protocol' }, h('option', { value: '' }, 'automatic'),
      ['coap', 'coaps', 'http', 'https'].map((p) => h('option', { value: p }, p)));
    return h('form', { class: 'row', onsubmit: async (e) => {
      e.preventDefault();
      const body = { firmwareId: pkg.value };
      if (delivery.value) body.delivery = delivery.value;
      if (protocol.value) body.protocol = protocol.value;
      try {
        await api('POST', base + '/updates', body);
        ctx.toast('Update started');
        loadUpdates();
      } catch (err) {
        ctx.toast('Update refused: ' + err.message, { error: true });
      }
    } },
    h('div', {}, h('label', { for: 'update-firmware' }, 'Firmware'), pkg),
    h('div', {}, h('label', { for: 'update-delivery' }, 'Delivery'), delivery),
    h('div', {}, h('label', { for: 'update-protocol' }, 'Protocol'), protocol),
    h('div', {}, h('button', { type: 'submit', id: 'update-start' }, 'Start update')));
  }

  // ---- start and live ----
  async function readAll() {
    if (device?.registered && device.awake) {
      for (const [id] of CARDS) await readCard(id);
    } else {
      for (const card of objectCards) {
        card.querySelector('.object-body').replaceChildren(h('p', { class: 'muted' }, device?.registered
          ? 'Asleep: Read holds the read until its next uplink.' : 'Not registered now.'));
      }
    }
  }
  (async () => {
    await loadDevice();
    await loadTags();
    await loadHeld();
    await loadUpdates();
    if (device?.registered) await loadObjects();
    await readAll();
  })();
  const reloadUpdates = debounce(loadUpdates, 300);
  const reloadDevice = debounce(loadDevice, 300);
  const reloadHeld = debounce(loadHeld, 300);
  return {
    event(e) {
      if (e.endpoint !== endpoint) return;
      if (e.type === 'device.object5') {
        if (e.state !== undefined) setValue('/5/0/3', valueText('/5/0/3', { value: e.state }));
        if (e.updateResult !== undefined) setValue('/5/0/5', valueText('/5/0/5', { value: e.updateResult }));
        reloadDevice();
      } else if (e.type === 'device.notification') {
        show(e.path, e.content);
        note('notify', e.path, 'new value', true);
      } else if (e.type === 'device.operation') {
        reloadHeld();
        if (['SUCCEEDED', 'FAILED', 'EXPIRED'].includes(e.status)) {
          note(e.operation, e.path, `held operation ${e.operationId} ${e.status.toLowerCase()}`
            + (e.code ? ' ' + e.code : '') + (e.failure ? ' — ' + e.failure : ''), e.status === 'SUCCEEDED');
        }
      } else if (e.type.startsWith('update.')) {
        reloadUpdates();
        reloadDevice();
      } else if (e.type === 'device.registered') {
        loadDevice().then(loadObjects).then(readAll);
      } else {
        reloadDevice();
      }
    },
    leave() {
      alive = false;
    },
  };
}
