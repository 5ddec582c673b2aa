// The sign-in page: a real form (Enter submits), labelled fields, the server's refusal in words.
import { api, ApiError } from '../api.js';
import { h } from '../dom.js';

export function render(main, { message, onSignedIn }) {
  const error = h('p', { class: 'notice bad', id: 'signin-error', role: 'alert', hidden: true });
  const name = h('input', { id: 'signin-name', name: 'username', autocomplete: 'username', required: true });
  const password = h('input', { id: 'signin-password', name: 'password', type: 'password',
    autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit', id: 'signin-submit' }, 'Sign in');
  const form = h('form', { class: 'card signin', method: 'post', action: '/api/v1/session', onsubmit: async (e) => {
    e.preventDefault();
    submit.disabled = true;
    error.hidden = true;
    try {
      onSignedIn(await api('POST', '/api/v1/session', { name: name.value, password: password.value },
        { quiet401: true }));
    } catch (err) {
      error.textContent = err instanceof ApiError ? err.message : String(err);
      error.hidden = false;
      password.value = '';
      password.focus();
    } finally {
      submit.disabled = false;
    }
  } },
  h('h1', {}, 'Cellota console'),
  message ? h('p', { class: 'notice', id: 'signin-message' }, message) : null,
  error,
  h('label', { for: 'signin-name' }, 'User name'), name,
  h('label', { for: 'signin-password' }, 'Password'), password,
  h('p', {}, submit));
  main.replaceChildren(form);
  name.focus();
}
