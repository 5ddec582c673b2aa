// One's own account: who, which role, until when, and changing one's own password.
import { api } from '../api.js';
import { facts, h, when } from '../dom.js';

export function render(main, ctx) {
  const s = ctx.session;
  const current = h('input', { id: 'account-current', type: 'password', autocomplete: 'current-password',
    required: true });
  const next = h('input', { id: 'account-new', type: 'password', autocomplete: 'new-password', required: true,
    minlength: 12 });
  main.replaceChildren(h('h1', {}, 'Your account'),
    h('section', { class: 'card' }, facts([['Name', s.name], ['Role', s.role], ['Signed in', when(s.signedInAt)],
      ['Session', s.idleTimeoutSeconds ? `ends after ${Math.round(s.idleTimeoutSeconds / 60)} min without use`
        : null]])),
    s.via === 'session' ? h('section', { class: 'card' }, h('h2', {}, 'Change your password'),
      h('form', { class: 'row', onsubmit: async (e) => {
        e.preventDefault();
        try {
          await api('POST', '/api/v1/session/password', { currentPassword: current.value, newPassword: next.value });
          ctx.toast('Password changed; your other sessions were signed out');
          current.value = '';
          next.value = '';
        } catch (err) {
          ctx.toast('Not changed: ' + err.message, { error: true });
        }
      } },
      h('div', {}, h('label', { for: 'account-current' }, 'Current password'), current),
      h('div', {}, h('label', { for: 'account-new' }, 'New password (12 characters or more)'), next),
      h('div', {}, h('button', { type: 'submit', id: 'account-change' }, 'Change password')))) : null);
  return {};
}
