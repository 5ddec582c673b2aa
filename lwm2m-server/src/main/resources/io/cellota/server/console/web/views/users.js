// Users (admins only): create, change role, set a password, delete. Changes end the user's sessions at once.
import { api } from '../api.js';
import { h, table, when } from '../dom.js';

const ROLES = ['viewer', 'operator', 'admin'];

export function render(main, ctx) {
  const list = h('div', { id: 'user-list' });
  const name = h('input', { id: 'user-name', autocomplete: 'off', required: true });
  const role = h('select', { id: 'user-role' }, ROLES.map((r) => h('option', { value: r }, r)));
  const password = h('input', { id: 'user-password', type: 'password', autocomplete: 'new-password', required: true,
    minlength: 12 });
  main.replaceChildren(h('h1', {}, 'Users'),
    h('section', { class: 'card' }, h('h2', {}, 'New user'),
      h('form', { class: 'row', onsubmit: async (e) => {
        e.preventDefault();
        try {
          await api('POST', '/api/v1/users', { name: name.value, role: role.value, password: password.value });
          ctx.toast(`User ${name.value} created`);
          name.value = '';
          password.value = '';
          load();
        } catch (err) {
          ctx.toast('Not created: ' + err.message, { error: true });
        }
      } },
      h('div', {}, h('label', { for: 'user-name' }, 'Name'), name),
      h('div', {}, h('label', { for: 'user-role' }, 'Role'), role),
      h('div', {}, h('label', { for: 'user-password' }, 'Password (12 characters or more)'), password),
      h('div', {}, h('button', { type: 'submit', id: 'user-create' }, 'Create user')))),
    h('section', { class: 'card' }, h('h2', {}, 'Users'), list),
    h('p', { class: 'muted' }, 'Viewers read; operators also change devices, firmware and updates; admins also manage '
      + 'users and API tokens. A change of role or password signs that user out everywhere.'));

  async function change(user, body, what) {
    try {
      await api('PATCH', '/api/v1/users/' + encodeURIComponent(user), body);
      ctx.toast(`${what} of ${user} changed`);
    } catch (e) {
      ctx.toast('Not changed: ' + e.message, { error: true });
    }
    load();
  }

  async function load() {
    try {
      const page = await api('GET', '/api/v1/users?limit=500');
      list.replaceChildren(table(['Name', 'Role', 'Created', 'Password set', ''], page.items.map((u) => {
        const roleSelect = h('select', { 'aria-label': 'Role of ' + u.name, 'data-user-role': u.name },
          ROLES.map((r) => h('option', { value: r, selected: r === u.role }, r)));
        roleSelect.addEventListener('change', () => change(u.name, { role: roleSelect.value }, 'Role'));
        return h('tr', { 'data-user': u.name }, h('td', {}, u.name, u.name === ctx.session.name ? ' (you)' : ''),
          h('td', {}, roleSelect), h('td', {}, when(u.createdAt)), h('td', {}, when(u.passwordChangedAt)),
          h('td', { class: 'actions' },
            h('button', { type: 'button', class: 'secondary small', onclick: () => {
              const next = prompt(`New password for ${u.name} (12 characters or more):`);
              if (next) change(u.name, { password: next }, 'Password');
            } }, 'Set password'),
            h('button', { type: 'button', class: 'danger small', 'data-delete-user': u.name, onclick: async () => {
              if (!confirm(`Delete user ${u.name}?`)) return;
              try {
                await api('DELETE', '/api/v1/users/' + encodeURIComponent(u.name));
                ctx.toast(`User ${u.name} deleted`);
              } catch (e) {
                ctx.toast('Not deleted: ' + e.message, { error: true });
              }
              load();
            } }, 'Delete')));
      })));
    } catch (e) {
      ctx.toast('Users: ' + e.message, { error: true });
    }
  }
  load();
  return {};
}
