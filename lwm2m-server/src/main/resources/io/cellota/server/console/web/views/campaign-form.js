// A new campaign: a form with every option POST /api/v1/campaigns reads (CampaignJson), grouped in fieldsets,
// with the server's defaults filled in, checked as one types, and the server's refusal shown at the field it names.
// Only what differs from a default is sent; the request is shown as it will go.
import { api } from '../api.js';
import { h, UPDATE_RESULTS } from '../dom.js';

const TAG = /^[A-Za-z0-9._:-]{1,64}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export function render(main, ctx) {
  if (!ctx.can('operator')) {
    main.replaceChildren(h('h1', {}, 'New campaign'), h('p', { class: 'notice bad' },
      'Creating campaigns is for operators; you are signed in as ' + ctx.session.role + '.'));
    return {};
  }
  const fields = new Map();
  /** An input with a label, a hint and a place for its error; `path` is its field in the request body. */
  function field(path, label, attrs, hint) {
    const id = 'cf-' + path.replace(/[^A-Za-z0-9]+/g, '-');
    const described = id + '-note ' + id + '-error';
    const input = attrs.tag === 'select' ? h('select', { id, 'data-field': path, 'aria-describedby': described },
      attrs.options.map(([v, t]) => h('option', { value: v, selected: v === attrs.value }, t)))
      : attrs.tag === 'textarea' ? h('textarea', { id, 'data-field': path, rows: 2, 'aria-describedby': described,
        placeholder: attrs.placeholder })
        : h('input', { id, 'data-field': path, 'aria-describedby': described, ...attrs, tag: null, options: null });
    if (attrs.tag !== 'select' && attrs.value !== undefined) input.value = attrs.value;
    const note = h('span', { class: 'field-note', id: id + '-note' }, hint || '');
    const error = h('span', { class: 'field-error', id: id + '-error', role: 'alert' });
    fields.set(path, { input, note, error, hint: hint || '' });
    return h('div', { class: 'field' }, h('label', { for: id }, label), input, note, error);
  }
  const value = (path) => fields.get(path).input.value.trim();

  const firmware = h('select', { id: 'cf-firmwareId', 'data-field': 'firmwareId', required: true },
    h('option', { value: '' }, 'Loading packages…'));
  fields.set('firmwareId', { input: firmware, note: h('span'), error: h('span', { class: 'field-error',
    role: 'alert' }), hint: '' });

  // ---- waves: rows added and removed; the last reaches 100 % ----
  const waveRows = h('tbody', { id: 'cf-waves' });
  function waveRow(kind, amount, success, failure) {
    const n = waveRows.children.length;
    const kindSelect = h('select', { 'aria-label': `Wave ${n + 1}: takes`, 'data-wave-kind': '' },
      h('option', { value: 'upToPercent', selected: kind === 'upToPercent' }, 'up to % of all'),
      h('option', { value: 'devices', selected: kind === 'devices' }, 'devices (canary only)'));
    const amountInput = h('input', { type: 'number', min: 1, step: 1, 'aria-label': `Wave ${n + 1}: how many`,
      'data-wave-amount': '', class: 'narrow' });
    amountInput.value = amount;
    const successInput = h('input', { type: 'number', min: 0, max: 100, step: 1, class: 'narrow',
      'aria-label': `Wave ${n + 1}: success threshold, percent`, 'data-wave-success': '' });
    successInput.value = success;
    const failureInput = h('input', { type: 'number', min: 0, max: 100, step: 1, class: 'narrow',
      'aria-label': `Wave ${n + 1}: failure threshold, percent`, 'data-wave-failure': '' });
    failureInput.value = failure;
    const row = h('tr', {}, h('th', { scope: 'row' }, ''), h('td', {}, kindSelect), h('td', {}, amountInput),
      h('td', {}, successInput, ' %'), h('td', {}, failureInput, ' %'),
      h('td', {}, h('button', { type: 'button', class: 'secondary small', onclick: () => {
        row.remove();
        renumber();
        touched.add('waves');
        changed();
      } }, 'Remove')));
    return row;
  }
  function renumber() {
    [...waveRows.children].forEach((row, i) => {
      row.firstChild.textContent = i === 0 && waveRows.children.length > 1 ? '1 (canary)' : String(i + 1);
      row.querySelector('[data-wave-kind]').setAttribute('aria-label', `Wave ${i + 1}: takes`);
    });
  }
  const wavesError = h('span', { class: 'field-error', id: 'cf-waves-error', role: 'alert' });
  fields.set('waves', { input: waveRows, note: h('span'), error: wavesError, hint: '' });
  waveRows.append(waveRow('upToPercent', 100, 90, 10));
  renumber();

  // ---- daily windows ----
  const windowRows = h('div', { id: 'cf-windows' });
  function windowRow(from, to) {
    const n = windowRows.children.length + 1;
    const fromInput = h('input', { type: 'time', 'aria-label': `Window ${n}: from`, 'data-window-from': '' });
    const toInput = h('input', { type: 'time', 'aria-label': `Window ${n}: to`, 'data-window-to': '' });
    fromInput.value = from;
    toInput.value = to;
    const row = h('div', { class: 'row' }, fromInput, h('span', {}, 'to'), toInput,
      h('button', { type: 'button', class: 'secondary small', onclick: () => { row.remove(); changed(); } },
        'Remove'));
    return row;
  }
  const windowsError = h('span', { class: 'field-error', id: 'cf-windows-error', role: 'alert' });
  fields.set('schedule.windows', { input: windowRows, note: h('span'), error: windowsError, hint: '' });

  const retryOn = h('div', { class: 'checks', id: 'cf-retries-on', role: 'group',
    'aria-label': 'Retry on these Update Results' },
  [2, 3, 4, 5, 6, 7, 8, 9].map((code) => h('label', { class: 'check' }, h('input', { type: 'checkbox',
    value: code, 'data-retry-on': code, checked: code === 4 || code === 5 }), ` ${code}: ${UPDATE_RESULTS[code]}`)));

  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const problem = h('div', { id: 'campaign-form-error', role: 'alert' });
  const preview = h('pre', { id: 'cf-preview', class: 'mono preview' });
  const form = h('form', { id: 'campaign-form', novalidate: true, onsubmit: (e) => e.preventDefault() },
    h('fieldset', {}, h('legend', {}, 'Campaign'),
      h('div', { class: 'row' }, field('name', 'Name', { required: true, maxlength: 200, autocomplete: 'off' },
        'For people: what, to whom'),
      h('div', { class: 'field' }, h('label', { for: 'cf-firmwareId' }, 'Firmware package'), firmware,
        h('span', { class: 'field-note' }, 'Its version is the target version'), fields.get('firmwareId').error))),
    h('fieldset', {}, h('legend', {}, 'Which devices'),
      h('p', { class: 'muted' }, 'Named devices and devices with any of the tags; with neither, every device the '
        + 'server knows when the campaign begins. Devices already on the target version are skipped.'),
      h('div', { class: 'row' },
        field('target.endpoints', 'Endpoints', { tag: 'textarea', placeholder: 'dev-1, dev-2' },
          'Separated by commas or lines, in the order the waves take them'),
        field('target.tags', 'Tags', { placeholder: 'north, lab' }, 'Any of them'),
        field('target.models', 'Only models', { placeholder: 'any' }, '/3/0/1, separated by commas'),
        field('target.firmwareVersions', 'Only from versions', { placeholder: 'any' },
          '/3/0/3, separated by commas')),
      h('div', { class: 'choice' }, h('input', { type: 'checkbox', id: 'cf-target-dynamic',
        'data-field': 'target.dynamic' }), h('label', { for: 'cf-target-dynamic' },
        'Devices that come to match while it runs join it (dynamic)'))),
    h('fieldset', {}, h('legend', {}, 'Waves'),
      h('p', { class: 'muted' }, 'The first wave is the canary: a number of devices or a percentage. Each later wave '
        + 'reaches up to a percentage of all the campaign\'s devices; the last reaches 100 %. A wave opens the next '
        + 'once its success threshold is reached; one failure more than its failure threshold pauses the campaign.'),
      h('table', { class: 'waves' }, h('thead', {}, h('tr', {}, ['Wave', 'Takes', 'How many',
        'Success to open the next', 'Failures that pause', ''].map((t) => h('th', { scope: 'col' }, t)))), waveRows),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary small', id: 'cf-add-wave',
        onclick: addWave }, 'Add a wave'), wavesError)),
    h('fieldset', {}, h('legend', {}, 'Pacing'),
      h('div', { class: 'row' },
        field('pacing.maxConcurrent', 'Downloading at once', { type: 'number', min: 1, max: 1000000, step: 1,
          value: '100', required: true }, 'Devices of this campaign, fleet-wide'),
        field('pacing.maxPerCell', 'Per cell', { type: 'number', min: 1, step: 1, placeholder: 'no cap' },
          'Devices downloading at once in one cell (/4/0/8)'),
        field('pacing.bytesPerSecond', 'Bandwidth budget, bytes/s', { type: 'number', min: 1, max: 1000000000,
          step: 1, placeholder: 'none' }, 'Image bytes set moving per second'),
        field('pacing.minRsrp', 'Minimum RSRP, dBm', { type: 'number', min: -200, max: 0, step: 1,
          placeholder: 'none' }, 'Weaker devices (/4/0/2) wait, e.g. -120'))),
    h('fieldset', {}, h('legend', {}, 'Schedule'),
      h('div', { class: 'row' },
        field('schedule.startAt', 'Not before', { type: 'datetime-local' }, 'Your browser\'s time; empty: at once'),
        field('schedule.endAt', 'Ends', { type: 'datetime-local' }, 'No device starts from then on; empty: never'),
        field('schedule.timeZone', 'Time zone of the windows', { value: 'UTC', list: 'cf-zones',
          autocomplete: 'off' }, 'e.g. Europe/Berlin'),
        h('datalist', { id: 'cf-zones' }, ['UTC', ...zones].map((z) => h('option', { value: z })))),
      h('h3', {}, 'Daily windows'),
      h('p', { class: 'muted' }, 'Devices start only inside a window, in local time of the zone; a window whose end '
        + 'comes first runs over midnight. None: any time of day.'),
      windowRows,
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary small', id: 'cf-add-window',
        onclick: () => { windowRows.append(windowRow('01:00', '05:00')); changed(); } }, 'Add a window'),
      windowsError)),
    h('fieldset', {}, h('legend', {}, 'Delivery, deadline and retries'),
      h('div', { class: 'row' },
        field('policy.delivery', 'Delivery', { tag: 'select', value: '', options: [['', 'the update engine\'s choice'],
          ['pull', 'pull (the device downloads)'], ['push', 'push (the server writes the package)']] }),
        field('policy.protocol', 'Protocol (pull)', { tag: 'select', value: '', options: [['', 'the engine\'s choice'],
          ['coap', 'coap'], ['coaps', 'coaps'], ['http', 'http'], ['https', 'https']] }),
        field('policy.deviceDeadline', 'Device deadline, hours', { type: 'number', min: 1, step: 1, value: '168',
          required: true }, 'From its first start; then it fails (168 h = 7 days)')),
      h('div', { class: 'row' },
        field('policy.retries.max', 'Retries per device', { type: 'number', min: 0, max: 100, step: 1, value: '0' },
          'The campaign\'s own, on top of the update engine\'s'),
        field('policy.retries.backoff.first', 'First wait, minutes', { type: 'number', min: 0, step: 1, value: '5' }),
        field('policy.retries.backoff.factor', 'Then times', { type: 'number', min: 1, step: 0.5, value: '2' }),
        field('policy.retries.backoff.max', 'At most, minutes', { type: 'number', min: 0, step: 1, value: '60' })),
      h('div', { class: 'field' }, h('span', { class: 'label' }, 'Retry when the device reports'), retryOn,
        (() => {
          const error = h('span', { class: 'field-error', id: 'cf-retries-on-error', role: 'alert' });
          fields.set('policy.retries.on', { input: retryOn, note: h('span'), error, hint: '' });
          return error;
        })())),
    problem,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', id: 'cf-create', onclick: () => submit(false) }, 'Create as draft'),
      h('button', { type: 'submit', id: 'cf-create-start', class: 'secondary', onclick: () => submit(true) },
        'Create and start'),
      h('a', { href: '#/campaigns' }, 'Back to the campaigns')),
    h('details', {}, h('summary', {}, 'The request this form sends'), preview));
  main.replaceChildren(h('p', {}, h('a', { href: '#/campaigns' }, '← Campaigns')), h('h1', {}, 'New campaign'),
    h('section', { class: 'card' }, form));

  function addWave() {
    const rows = [...waveRows.children];
    const last = rows[rows.length - 1];
    if (rows.length === 1 && last) {
      // a canary in front of the whole fleet
      waveRows.prepend(waveRow('devices', 1, 100, 0));
    } else {
      const before = last ? Number(last.previousSibling?.querySelector('[data-wave-amount]').value) || 0 : 0;
      last.before(waveRow('upToPercent', Math.min(99, Math.max(before + 1, 50)), 90, 10));
    }
    renumber();
    touched.add('waves');
    changed();
  }

  // ---- the request: built from the fields, with problems found on the way ----
  function words(text) {
    return text.split(/[,\n]/).map((w) => w.trim()).filter((w) => w);
  }
  function integer(path, problems, { min, max, optional }) {
    const raw = value(path);
    if (raw === '') {
      if (!optional) problems.set(path, 'required');
      return undefined;
    }
    const n = Number(raw);
    if (!Number.isInteger(n)) problems.set(path, 'a whole number, please');
    else if (min !== undefined && n < min) problems.set(path, `at least ${min}`);
    else if (max !== undefined && n > max) problems.set(path, `at most ${max}`);
    return n;
  }
  function build() {
    const problems = new Map();
    const body = { name: value('name'), firmwareId: firmware.value };
    if (!body.name) problems.set('name', 'a campaign needs a name');
    if (!body.firmwareId) problems.set('firmwareId', 'choose the package to install');
    const target = {};
    for (const part of ['endpoints', 'tags', 'models', 'firmwareVersions']) {
      const list = words(value('target.' + part));
      if (list.length) target[part] = list;
    }
    const badTag = (target.tags || []).find((t) => !TAG.test(t));
    if (badTag) problems.set('target.tags', `'${badTag}' is no tag: 1 to 64 letters, digits, . _ : or -`);
    if (document.getElementById('cf-target-dynamic').checked) target.dynamic = true;
    if (Object.keys(target).length) body.target = target;

    const waves = [...waveRows.children].map((row, i) => {
      const kind = row.querySelector('[data-wave-kind]').value;
      const wave = {};
      const amount = Number(row.querySelector('[data-wave-amount]').value);
      const success = Number(row.querySelector('[data-wave-success]').value);
      const failure = Number(row.querySelector('[data-wave-failure]').value);
      if (!Number.isInteger(amount) || amount < 1 || (kind === 'upToPercent' && amount > 100)) {
        problems.set('waves', `wave ${i + 1}: ` + (kind === 'devices' ? 'at least 1 device' : '1 to 100 %'));
      } else if (kind === 'devices' && i > 0) {
        problems.set('waves', `wave ${i + 1}: only the first wave takes a number of devices`);
      }
      for (const t of [success, failure]) {
        if (!Number.isInteger(t) || t < 0 || t > 100) problems.set('waves', `wave ${i + 1}: thresholds are 0 to 100 %`);
      }
      wave[kind] = amount;
      if (success !== 90) wave.successThreshold = success;
      if (failure !== 10) wave.failureThreshold = failure;
      return wave;
    });
    const reach = waves.map((w) => w.upToPercent).filter((p) => p !== undefined);
    if (waves.length === 0) problems.set('waves', 'at least one wave');
    else if (waves.length > 20) problems.set('waves', 'at most 20 waves');
    else if (reach.some((p, i) => i > 0 && p <= reach[i - 1])) problems.set('waves', 'each wave reaches further');
    else if (waves[waves.length - 1].upToPercent !== 100) problems.set('waves', 'the last wave reaches 100 %');
    if (!(waves.length === 1 && waves[0].upToPercent === 100 && Object.keys(waves[0]).length === 1)) {
      body.waves = waves;
    }

    const pacing = {};
    const maxConcurrent = integer('pacing.maxConcurrent', problems, { min: 1, max: 1000000 });
    if (maxConcurrent !== 100) pacing.maxConcurrent = maxConcurrent;
    const perCell = integer('pacing.maxPerCell', problems, { min: 1, optional: true });
    if (perCell !== undefined) pacing.maxPerCell = perCell;
    const budget = integer('pacing.bytesPerSecond', problems, { min: 1, max: 1000000000, optional: true });
    if (budget !== undefined) pacing.bytesPerSecond = budget;
    const rsrp = integer('pacing.minRsrp', problems, { min: -200, max: 0, optional: true });
    if (rsrp !== undefined) pacing.minRsrp = rsrp;
    if (Object.keys(pacing).length) body.pacing = pacing;

    const schedule = {};
    for (const part of ['startAt', 'endAt']) {
      const raw = value('schedule.' + part);
      if (raw) {
        const t = new Date(raw);
        if (Number.isNaN(t.getTime())) problems.set('schedule.' + part, 'a date and time, please');
        else schedule[part] = t.toISOString();
      }
    }
    if (schedule.startAt && schedule.endAt && schedule.endAt <= schedule.startAt) {
      problems.set('schedule.endAt', 'after the start, please');
    }
    const zone = value('schedule.timeZone');
    if (zone && zone !== 'UTC') schedule.timeZone = zone;
    // the browser's list of zones is not the server's: an unknown one is only pointed out, the server decides
    const zoneField = fields.get('schedule.timeZone');
    zoneField.note.textContent = zone && zones.length && zone !== 'UTC' && !zones.includes(zone)
      ? `'${zone}' is no time zone this browser knows; the server will say whether it knows it` : zoneField.hint;
    const windows = [...windowRows.children].map((row, i) => {
      const from = row.querySelector('[data-window-from]').value;
      const to = row.querySelector('[data-window-to]').value;
      if (!TIME.test(from) || !TIME.test(to)) problems.set('schedule.windows', `window ${i + 1}: two times of day`);
      else if (from === to) problems.set('schedule.windows', `window ${i + 1}: it must not end when it begins`);
      return { from, to };
    });
    if (windows.length) schedule.windows = windows;
    if (Object.keys(schedule).length) body.schedule = schedule;

    const policy = {};
    for (const part of ['delivery', 'protocol']) {
      if (value('policy.' + part)) policy[part] = value('policy.' + part);
    }
    if (policy.delivery === 'push' && policy.protocol) {
      problems.set('policy.protocol', 'a protocol is for pull delivery only');
    }
    const hours = integer('policy.deviceDeadline', problems, { min: 1 });
    if (hours !== undefined && hours !== 168) {
      policy.deviceDeadline = hours % 24 === 0 ? `P${hours / 24}D` : `PT${hours}H`;
    }
    const max = integer('policy.retries.max', problems, { min: 0, max: 100 });
    const on = [...retryOn.querySelectorAll('input:checked')].map((c) => Number(c.value));
    if (max > 0) {
      if (on.length === 0) problems.set('policy.retries.on', 'choose the Update Results to retry on');
      const first = integer('policy.retries.backoff.first', problems, { min: 0 });
      const most = integer('policy.retries.backoff.max', problems, { min: 0 });
      const factor = Number(value('policy.retries.backoff.factor'));
      if (!(factor >= 1)) problems.set('policy.retries.backoff.factor', '1 or more');
      if (first !== undefined && most !== undefined && most < first) {
        problems.set('policy.retries.backoff.max', 'not less than the first wait');
      }
      policy.retries = { max, on, backoff: { first: `PT${first}M`, factor, max: `PT${most}M` } };
    }
    if (Object.keys(policy).length) body.policy = policy;
    return { body, problems };
  }

  /** Shows each field's problem (or its hint); returns whether there is none. */
  function mark(problems, shown) {
    for (const [path, f] of fields) {
      const p = problems.get(path);
      const show = p && (shown === undefined || shown.has(path));
      f.error.textContent = show ? p : '';
      if (show) f.input.setAttribute('aria-invalid', 'true');
      else f.input.removeAttribute('aria-invalid');
    }
    return problems.size === 0;
  }

  const touched = new Set();
  function changed(e) {
    const path = e?.target?.closest?.('[data-field]')?.dataset.field;
    if (path) touched.add(path);
    if (e?.target?.closest?.('#cf-waves')) touched.add('waves');
    if (e?.target?.closest?.('#cf-windows')) touched.add('schedule.windows');
    if (e?.target?.closest?.('#cf-retries-on')) touched.add('policy.retries.on');
    const { body, problems } = build();
    mark(problems, touched);
    preview.textContent = JSON.stringify(body, null, 2);
    problem.replaceChildren();
  }
  form.addEventListener('input', changed);
  form.addEventListener('change', changed);

  let busy = false;
  async function submit(start) {
    if (busy) return;
    const { body, problems } = build();
    if (!mark(problems)) {
      problem.replaceChildren(h('p', { class: 'notice bad' }, 'Please correct the fields marked below.'));
      fields.get(problems.keys().next().value).input.focus?.();
      return;
    }
    busy = true;
    try {
      const created = await api('POST', '/api/v1/campaigns', body);
      if (start) {
        try {
          await api('POST', '/api/v1/campaigns/' + encodeURIComponent(created.id) + '/start');
          ctx.toast(`Campaign ${created.name} created and started`);
        } catch (e) {
          ctx.toast(`Created, but not started: ${e.message}`, { error: true });
        }
      } else {
        ctx.toast(`Campaign ${created.name} created as a draft`);
      }
      ctx.go('#/campaigns/' + encodeURIComponent(created.id));
    } catch (e) {
      refused(e);
    } finally {
      busy = false;
    }
  }

  /** The server's refusal, in its words, at the field it names ('pacing.maxPerCell' must be …) when there is one. */
  function refused(e) {
    const named = /'([A-Za-z.]+)(\[\d+\])?/.exec(e.message || '');
    const path = named ? named[1] : e.code === 'firmware_not_found' ? 'firmwareId' : null;
    const f = path ? fields.get(path) ?? fields.get(path.split('.').slice(0, 2).join('.')) : null;
    problem.replaceChildren(h('p', { class: 'notice bad', id: 'campaign-refused' }, h('strong', {}, 'Not created: '),
      e.message, h('span', { class: 'muted' }, ` (${e.code})`)));
    if (f) {
      f.error.textContent = e.message;
      f.input.setAttribute('aria-invalid', 'true');
      f.input.focus?.();
    }
  }

  let alive = true;
  (async () => {
    try {
      const page = await api('GET', '/api/v1/firmware?limit=500');
      if (!alive) return;
      firmware.replaceChildren(h('option', { value: '' }, page.items.length ? 'choose a package' : 'no package yet: '
        + 'upload one under Firmware'), ...page.items.map((p) => h('option', { value: p.id },
        `${p.name} ${p.version} (${p.type})`)));
    } catch (e) {
      if (alive) ctx.toast('Firmware: ' + e.message, { error: true });
    }
    changed();
  })();
  return { leave: () => { alive = false; } };
}
