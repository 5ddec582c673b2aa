// The console: signs in, keeps the session, routes by the location hash, and feeds the event stream to the view
// on screen so that nothing needs a reload.
import { api, ApiError, onUnauthorized, setCsrfToken } from './api.js';
import { h } from './dom.js';
import * as signin from './views/signin.js';
import * as dashboard from './views/dashboard.js';
import * as devices from './views/devices.js';
import * as device from './views/device.js';
import * as firmware from './views/firmware.js';
import * as users from './views/users.js';
import * as tokens from './views/tokens.js';
import * as account from './views/account.js';
import * as campaigns from './views/campaigns.js';
import * as campaign from './views/campaign.js';
import * as campaignForm from './views/campaign-form.js';
import * as webhooks from './views/webhooks.js';

const ROLES = ['viewer', 'operator', 'admin'];
const EVENT_TYPES = ['device.registered', 'device.deregistered', 'device.awake', 'device.sleeping',
  'device.object5', 'device.notification', 'device.operation',
  'update.queued', 'update.preparing', 'update.transferring', 'update.downloading', 'update.downloaded',
  'update.installing', 'update.confirming', 'update.succeeded', 'update.failed', 'update.cancelling',
  'update.cancelled',
  // campaign.<status>, campaign.wave, campaign.device.<state> (io.cellota.server.app.CampaignEvents)
  'campaign.draft', 'campaign.scheduled', 'campaign.running', 'campaign.paused', 'campaign.cancelling',
  'campaign.finished', 'campaign.cancelled', 'campaign.wave', 'campaign.device.pending', 'campaign.device.deferred',
  'campaign.device.starting', 'campaign.device.running', 'campaign.device.waiting_retry',
  'campaign.device.succeeded', 'campaign.device.failed', 'campaign.device.cancelled', 'campaign.device.skipped',
  'campaign.device.expired'];

const main = document.getElementById('view');
const state = { session: null, events: null, view: null, toastTimer: null };

/** What every view gets: the session, role checks, messages, navigation. */
const ctx = {
  get session() {
    return state.session;
  },
  /** Whether the signed-in user has at least `role`. */
  can(role) {
    return state.session && ROLES.indexOf(state.session.role) >= ROLES.indexOf(role);
  },
  toast,
  go(hash) {
    location.hash = hash;
  },
};

function toast(message, { error = false } = {}) {
  const el = document.getElementById('toast');
  el.textContent = message;
  el.className = error ? 'toast error' : 'toast';
  el.hidden = false;
  clearTimeout(state.toastTimer);
  state.toastTimer = setTimeout(() => { el.hidden = true; }, error ? 8000 : 4000);
}

function routeOf(hash) {
  const parts = (hash || '#/').replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  switch (parts[0]) {
    case '': return { name: 'dashboard', view: dashboard };
    case 'devices': return parts[1] ? { name: 'devices', view: device, arg: parts.slice(1).join('/') }
      : { name: 'devices', view: devices };
    case 'firmware': return { name: 'firmware', view: firmware };
    case 'campaigns':
      if (parts[1] === 'new') return { name: 'campaigns', view: campaignForm };
      return parts[1] ? { name: 'campaigns', view: campaign, arg: parts[1] } : { name: 'campaigns', view: campaigns };
    case 'webhooks': return { name: 'webhooks', view: webhooks };
    case 'users': return { name: 'users', view: users, role: 'admin' };
    case 'tokens': return { name: 'tokens', view: tokens, role: 'admin' };
    case 'account': return { name: 'account', view: account };
    default: return { name: 'missing', view: null };
  }
}

function route() {
  if (!state.session) {
    return;
  }
  if (state.view?.leave) {
    state.view.leave();
  }
  state.view = null;
  const r = routeOf(location.hash);
  for (const a of document.querySelectorAll('[data-nav]')) {
    if (a.dataset.nav === r.name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (!r.view) {
    main.replaceChildren(h('h1', {}, 'Not found'), h('p', {}, 'No such page. ', h('a', { href: '#/' }, 'Dashboard')));
  } else if (r.role && !ctx.can(r.role)) {
    main.replaceChildren(h('h1', {}, 'Not allowed'), h('p', { class: 'notice bad' },
      'This page is for the ' + r.role + ' role; you are signed in as ' + state.session.role + '.'));
  } else {
    state.view = r.view.render(main, ctx, r.arg);
  }
  document.title = (main.querySelector('h1')?.textContent || 'Cellota') + ' · Cellota console';
  main.focus({ preventScroll: true });
}

function signedIn(session) {
  state.session = session;
  setCsrfToken(session.csrfToken || null);
  document.body.dataset.role = session.role;
  document.getElementById('top').hidden = false;
  document.getElementById('whoami').textContent = session.name + ' (' + session.role + ')';
  for (const el of document.querySelectorAll('[data-role="admin"]')) {
    el.hidden = !ctx.can('admin');
  }
  openEvents();
  route();
}

function signedOut(message) {
  state.session = null;
  setCsrfToken(null);
  closeEvents();
  if (state.view?.leave) state.view.leave();
  state.view = null;
  document.getElementById('top').hidden = true;
  delete document.body.dataset.role;
  signin.render(main, { message, onSignedIn: signedIn });
  document.title = 'Sign in · Cellota console';
}

function setLive(on, text) {
  const el = document.getElementById('live');
  el.className = 'live ' + (on ? 'on' : 'off');
  el.textContent = text;
}

function openEvents() {
  closeEvents();
  const source = new EventSource('/api/v1/events');
  state.events = source;
  source.onopen = () => setLive(true, 'live');
  source.onerror = async () => {
    setLive(false, 'reconnecting…');
    if (source.readyState === EventSource.CLOSED) {
      // the stream was refused: most likely the session ended
      try {
        await api('GET', '/api/v1/session', undefined, { quiet401: true });
        setTimeout(() => { if (state.events === source) openEvents(); }, 3000);
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) signedOut('Your session has ended; please sign in again.');
      }
    }
  };
  for (const type of EVENT_TYPES) {
    source.addEventListener(type, (message) => {
      let data;
      try {
        data = JSON.parse(message.data);
      } catch (e) {
        return;
      }
      if (state.view?.event) state.view.event(data);
    });
  }
}

function closeEvents() {
  if (state.events) {
    state.events.close();
    state.events = null;
  }
}

async function signOut() {
  try {
    await api('DELETE', '/api/v1/session');
  } catch (e) {
    // signed out either way
  }
  signedOut('You are signed out.');
}

async function boot() {
  onUnauthorized(() => { if (state.session) signedOut('Your session has ended; please sign in again.'); });
  document.getElementById('sign-out').addEventListener('click', signOut);
  window.addEventListener('hashchange', route);
  try {
    signedIn(await api('GET', '/api/v1/session', undefined, { quiet401: true }));
  } catch (e) {
    signedOut(e instanceof ApiError && e.status === 401 ? null : e.message);
  }
}

boot();
