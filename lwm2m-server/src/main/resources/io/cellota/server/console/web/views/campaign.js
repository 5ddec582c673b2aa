// One campaign, live: status and pause reason, the commands the signed-in role may use, progress overall and per
// wave, throughput and estimated finish, failures grouped by reason in words, the spec, and its devices (paged,
// filtered by state). Refetched, at most once a second, when the event stream says something of this campaign.
import { api, query } from '../api.js';
import { facts, h, table, throttle, UPDATE_RESULTS, when } from '../dom.js';
import { counts, DEVICE_STATES, FINAL, progress, statePill, stateWords, statusPill } from './campaigns.js';

const PAGE = 50;
const PAUSE_KINDS = { OPERATOR: 'paused by an operator', FAILURE_THRESHOLD: 'paused itself: too many failures',
  SUCCESS_SHORTFALL: 'paused itself: a wave ended short of its success threshold' };
/** The update engine's and the campaign's own failure reasons in words (Update Results have their meaning). */
const REASONS = { DEADLINE: 'a phase of the update did not finish in time',
  DEVICE_GONE: 'the device lost its registration during the update',
  UNSUPPORTED_DELIVERY: 'no delivery and protocol suit the device, the server and the campaign',
  CANCELLED: 'the update was cancelled', COMMAND_REJECTED: 'the device refused a command',
  WRONG_VERSION: 'the device reported success but runs another version',
  DEVICE_DEADLINE: "the device passed the campaign's device deadline" };

export function render(main, ctx, id) {
  const base = '/api/v1/campaigns/' + encodeURIComponent(id);
  const operator = ctx.can('operator');
  const title = h('h1', {}, id);
  const head = h('div', { class: 'card', id: 'campaign-head', 'aria-live': 'polite' },
    h('span', { class: 'muted' }, 'Loading…'));
  const controls = h('div', { class: 'actions', id: 'campaign-actions' });
  const cancelPanel = h('div', { id: 'cancel-panel' });
  const wavesCard = h('section', { class: 'card', id: 'campaign-waves' }, h('h2', {}, 'Waves'));
  const failuresCard = h('section', { class: 'card', id: 'campaign-failures' }, h('h2', {}, 'Failures'));
  const specCard = h('section', { class: 'card', id: 'campaign-spec' }, h('h2', {}, 'What was asked'));
  const stateFilter = h('select', { id: 'campaign-device-state' }, h('option', { value: '' }, 'any'),
    DEVICE_STATES.map((s) => h('option', { value: s }, stateWords(s))));
  const deviceList = h('div', { id: 'campaign-devices' });
  const pager = h('div', { class: 'actions' });
  let offset = 0;
  let campaign = null;
  let alive = true;
  /** What the shown commands were made for: they are made again only when it changes, so focus stays put. */
  let controlsFor = null;

  main.replaceChildren(...[h('p', {}, h('a', { href: '#/campaigns' }, '← Campaigns')), title, head,
    operator ? h('section', { class: 'card' }, controls, cancelPanel) : null,
    failuresCard, wavesCard,
    h('section', { class: 'card' }, h('div', { class: 'toolbar' }, h('h2', {}, 'Devices'),
      h('div', {}, h('label', { for: 'campaign-device-state' }, 'State'), stateFilter)), deviceList, pager),
    specCard].filter((x) => x));
  stateFilter.addEventListener('change', () => { offset = 0; loadDevices(); });

  async function command(name, body, done) {
    for (const b of controls.querySelectorAll('button')) b.disabled = true;
    try {
      const after = await api('POST', base + '/' + name, body);
      controlsFor = null;
      ctx.toast(done);
      show(after);
      loadDevices();
    } catch (e) {
      ctx.toast('Not done: ' + e.message, { error: true });
      controlsFor = null;
      load();
    }
  }

  function showControls(c) {
    const failed = c.counts.FAILED || 0;
    const key = [c.status, failed, c.cancelMode].join('|');
    if (key === controlsFor) return;
    controlsFor = key;
    const buttons = [];
    const button = (name, text, cls, onclick) => h('button', { type: 'button', class: cls, id: 'campaign-' + name,
      onclick }, text);
    if (c.status === 'DRAFT') buttons.push(button('start', 'Start', '', () => command('start', undefined, 'Started')));
    if (c.status === 'RUNNING' || c.status === 'SCHEDULED') {
      buttons.push(button('pause', 'Pause', 'secondary', () => command('pause', undefined, 'Paused')));
    }
    if (c.status === 'PAUSED') {
      buttons.push(button('resume', 'Resume', '', () => command('resume', undefined, 'Resumed')));
    }
    if (failed > 0 && ['RUNNING', 'PAUSED', 'FINISHED'].includes(c.status)) {
      buttons.push(button('retry-failed', `Retry the ${failed} failed`, 'secondary',
        () => command('retry-failed', undefined, 'Failed devices retried')));
    }
    const softCancelling = c.status === 'CANCELLING' && c.cancelMode === 'soft';
    if (['DRAFT', 'SCHEDULED', 'RUNNING', 'PAUSED'].includes(c.status) || softCancelling) {
      buttons.push(button('cancel', softCancelling ? 'Cancel hard…' : 'Cancel…', 'danger',
        () => askCancel(c, softCancelling)));
    }
    controls.replaceChildren(...(buttons.length ? buttons : [h('span', { class: 'muted' },
      'No command applies to a ' + c.status.toLowerCase() + ' campaign.')]));
  }

  /** The cancel's confirmation, inline so that it is reachable and readable by keyboard and screen reader. */
  function askCancel(c, hardOnly) {
    const soft = h('input', { type: 'radio', name: 'cancel-mode', id: 'cancel-soft', value: 'soft',
      checked: !hardOnly, disabled: hardOnly });
    const hard = h('input', { type: 'radio', name: 'cancel-mode', id: 'cancel-hard', value: 'hard',
      checked: hardOnly });
    const confirm = h('button', { type: 'submit', class: 'danger', id: 'cancel-confirm' }, 'Cancel the campaign');
    const form = h('form', { class: 'confirm', onsubmit: (e) => {
      e.preventDefault();
      cancelPanel.replaceChildren();
      command('cancel', { mode: hard.checked ? 'hard' : 'soft' }, 'Cancelling');
    } },
    h('fieldset', {}, h('legend', {}, `Cancel ${c.name}?`),
      h('p', {}, 'Devices not started yet are cancelled at once. Then:'),
      h('div', { class: 'choice' }, soft, h('label', { for: 'cancel-soft' },
        'Soft: updates already running finish (their results count)')),
      h('div', { class: 'choice' }, hard, h('label', { for: 'cancel-hard' },
        'Hard: running updates are cancelled on the devices too (those installing finish)')),
      h('div', { class: 'actions' }, confirm, h('button', { type: 'button', class: 'secondary', id: 'cancel-keep',
        onclick: () => cancelPanel.replaceChildren() }, 'Keep it'))));
    cancelPanel.replaceChildren(form);
    (hardOnly ? hard : soft).focus();
  }

  function show(c) {
    if (campaign && Date.parse(c.updatedAt) < Date.parse(campaign.updatedAt)) {
      return; // an answer overtaken by a newer one (a refetch under way when a command answered)
    }
    campaign = c;
    title.textContent = c.name;
    document.title = c.name + ' · Cellota console';
    const pause = c.pause ? h('div', { class: 'notice bad', id: 'campaign-paused' },
      h('strong', {}, PAUSE_KINDS[c.pause.kind] ?? c.pause.kind), c.pause.wave ? ` (wave ${c.pause.wave})` : '',
      ': ', c.pause.reason, h('span', { class: 'muted' }, ' — since ' + when(c.pause.since))) : null;
    head.replaceChildren(...[
      h('div', { class: 'actions' }, h('span', { id: 'campaign-status' }, statusPill(c.status)),
        c.cancelMode ? h('span', { class: 'muted' }, `(${c.cancelMode} cancel)`) : null,
        h('span', { class: 'muted mono' }, c.id)),
      pause,
      h('div', { id: 'campaign-progress' }, progress(c.counts, c.total, 'Progress of the campaign'), counts(c.counts)),
      facts([['Image', `${c.targetVersion} (${c.firmwareId})`],
        ['Devices', c.total === 0 && (c.status === 'DRAFT' || c.status === 'SCHEDULED')
          ? 'chosen when it begins' : String(c.total)],
        ['Current wave', c.currentWave ? `${c.currentWave} of ${c.waves.length}` : `none open (${c.waves.length})`],
        ['Downloading now', String(c.downloading)],
        ['Throughput', c.startedAt ? `${c.throughputPerHour} devices an hour` : '–'],
        [c.status === 'FINISHED' ? 'Finished' : 'Estimated finish', c.estimatedFinish ? when(c.estimatedFinish)
          : c.finishedAt ? when(c.finishedAt) : (c.status === 'RUNNING' ? 'not known yet' : '–')],
        ['Created', when(c.createdAt)], ['Started', when(c.startedAt)]], { id: 'campaign-facts', class: 'facts cols' })]
      .filter((x) => x));
    if (operator) showControls(c);
    wavesCard.replaceChildren(h('h2', {}, 'Waves'), table(['Wave', 'Takes', 'To open the next', 'Pauses above',
      'Devices', 'Opened', 'Progress'], c.waves.map((w) => h('tr', { 'data-wave': w.wave },
      h('td', {}, w.wave === 1 && c.waves.length > 1 ? '1 (canary)' : String(w.wave)),
      h('td', {}, w.devices !== undefined ? `${w.devices} device${w.devices === 1 ? '' : 's'}`
        : `up to ${w.upToPercent} %`),
      h('td', { class: 'num' }, `${w.successThreshold} % succeeded`),
      h('td', { class: 'num' }, `${w.failureThreshold} % failed`),
      h('td', { class: 'num' }, String(w.size)),
      h('td', {}, w.openedAt ? when(w.openedAt) : h('span', { class: 'muted' }, 'not yet')),
      h('td', { class: 'progress-cell' }, progress(w.counts, w.size, `Progress of wave ${w.wave}`),
        counts(w.counts))))));
    failuresCard.replaceChildren(h('h2', {}, 'Failures'), c.failures.length === 0
      ? h('p', { class: 'muted' }, 'No device has failed.')
      : table([{ text: 'Devices', class: 'num' }, 'Why', 'Reported as'], c.failures.map((f) => h('tr',
        { 'data-failure': f.updateResult ?? f.reason },
        h('td', { class: 'num' }, String(f.devices)),
        h('td', { class: 'reason' }, failureWords(f)),
        h('td', { class: 'mono' }, f.updateResult !== undefined ? `Update Result ${f.updateResult}` : f.reason)))));
    specCard.replaceChildren(h('h2', {}, 'What was asked'), spec(c));
  }

  async function load() {
    try {
      const c = await api('GET', base);
      if (alive) show(c);
    } catch (e) {
      if (!alive) return;
      if (e.status === 404) {
        head.replaceChildren(h('p', { class: 'notice bad' }, e.message));
      } else {
        ctx.toast('Campaign: ' + e.message, { error: true });
      }
    }
  }

  async function loadDevices() {
    try {
      const page = await api('GET', base + '/devices' + query({ state: stateFilter.value, offset, limit: PAGE }));
      if (!alive) return;
      deviceList.replaceChildren(page.items.length === 0 ? h('p', { class: 'muted' }, campaign?.total === 0
        ? 'Its devices are chosen when it begins.' : 'No device in this state.')
        : table(['Device', 'State', 'Wave', 'Attempt', 'Update', 'Last', 'Started', 'Ended'],
          page.items.map((d) => h('tr', { 'data-endpoint': d.endpoint, 'data-state': d.state },
            h('td', {}, h('a', { href: '#/devices/' + encodeURIComponent(d.endpoint) }, d.endpoint)),
            h('td', {}, statePill(d.state)),
            h('td', { class: 'num' }, d.wave ?? '–'),
            h('td', { class: 'num' }, d.retries > 0 ? `${d.attempt} (${d.retries} retried)` : String(d.attempt)),
            h('td', {}, d.updateState ? d.updateState.toLowerCase() : '–'),
            h('td', { class: d.failure ? 'reason' : 'muted' }, d.failure ? failureWords(d.failure) : d.note),
            h('td', {}, when(d.startedAt)),
            h('td', {}, FINAL.has(d.state) ? when(d.finishedAt) : d.notBefore ? 'not before ' + when(d.notBefore)
              : '–')))));
      pager.replaceChildren(h('span', { class: 'muted' }, page.total === 0 ? '' : `${offset + 1}–${offset
        + page.items.length} of ${page.total}`),
      h('button', { type: 'button', class: 'secondary small', disabled: offset === 0,
        onclick: () => { offset = Math.max(0, offset - PAGE); loadDevices(); } }, 'Previous'),
      h('button', { type: 'button', class: 'secondary small', disabled: offset + PAGE >= page.total,
        onclick: () => { offset += PAGE; loadDevices(); } }, 'Next'));
    } catch (e) {
      if (alive && e.status !== 404) ctx.toast('Campaign devices: ' + e.message, { error: true });
    }
  }

  const refresh = throttle(() => Promise.all([load(), loadDevices()]), 1000);
  load().then(loadDevices);
  return {
    event: (e) => { if (e.campaignId === id) refresh(); },
    leave: () => { alive = false; },
  };
}

/** A failure (a group of the campaign's, or one device's) in words: the Update Result's meaning, or the reason. */
export function failureWords(f) {
  if (f.updateResult !== undefined) {
    return `${UPDATE_RESULTS[f.updateResult] ?? f.meaning} (the device's Update Result ${f.updateResult})`;
  }
  return REASONS[f.reason] ?? f.meaning ?? f.reason;
}

function list(values, none) {
  return values && values.length ? values.join(', ') : none;
}

/** The spec of a campaign in words, every part with the defaults the server filled in. */
function spec(c) {
  const t = c.target;
  const p = c.pacing;
  const s = c.schedule;
  const pol = c.policy;
  const r = pol.retries;
  const whom = t.endpoints.length || t.tags.length ? [t.endpoints.length ? 'devices ' + t.endpoints.join(', ') : null,
    t.tags.length ? 'devices tagged ' + t.tags.join(' or ') : null].filter(Boolean).join(', and ')
    : 'every device the server knows when it begins';
  return facts([
    ['Target', whom],
    ['Only models', list(t.models, 'any')],
    ['Only from versions', list(t.firmwareVersions, 'any')],
    ['Devices that come to match later', t.dynamic ? 'join' : 'do not join'],
    ['At most downloading', `${p.maxConcurrent} at once` + (p.maxPerCell ? `, ${p.maxPerCell} per cell` : '')],
    ['Bandwidth budget', p.bytesPerSecond ? `${p.bytesPerSecond} bytes/s` : 'none'],
    ['Minimum RSRP', p.minRsrp !== undefined ? `${p.minRsrp} dBm` : 'none'],
    ['Not before', s.startAt ? when(s.startAt) : 'at once'],
    ['Ends', s.endAt ? when(s.endAt) : 'never'],
    ['Daily windows', s.windows.length ? s.windows.map((w) => `${w.from}–${w.to}`).join(', ') + ' ' + s.timeZone
      : 'any time of day'],
    ['Delivery', [pol.delivery, pol.protocol].filter(Boolean).join(' over ') || "the update engine's choice"],
    ['Device deadline', pol.deviceDeadline],
    ['Retries', r.max === 0 ? 'none' : `up to ${r.max} on Update Result ${r.on.join(', ')}; wait ${r.backoff.first}`
      + ` × ${r.backoff.factor} each time, at most ${r.backoff.max}`],
  ], { id: 'campaign-spec-facts' });
}
