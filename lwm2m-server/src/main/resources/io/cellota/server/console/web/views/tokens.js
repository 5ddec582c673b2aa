// API tokens (admins only): create one with a role (its secret is shown once), list, revoke.
import { api } from '../api.js';
import { h, table, when } from '../dom.js';

export function render(main, ctx) {
  const list = h('div', { id: 'token-list' });
  const created = h('div', { id: 'token-created', 'aria-live': 'polite' });
  const name = h('input', { id: 'token-name', required: true, placeholder: 'e.g. carrier OSS integration' });
  const role = h('select', { id: 'token-role' },
    ['viewer', 'operator', 'admin'].map((r) => h('option', { value: r }, r)));
  const expires = h('input', { id: 'token-expires', type: 'date' });
  main.replaceChildren(h('h1', {}, 'API tokens'),
    h('section', { class: 'card' }, h('h2', {}, 'New token'),
      h('form', { class: 'row', onsubmit: async (e) => {
        e.preventDefault();
        const body = { name: name.value, role: role.value };
        if (expires.value) body.expiresAt = new Date(expires.value + 'T00:00:00Z').toISOString();
        try {
          const t = await api('POST', '/api/v1/tokens', body);
          const secret = h('code', { class: 'secret', id: 'token-secret' }, t.secret);
          created.replaceChildren(h('div', { class: 'notice ok' },
            h('strong', {}, `Token "${t.name}" (${t.role}) created.`),
            ' Copy it now: it is not shown again, the server keeps only its hash.', secret,
            h('button', { type: 'button', class: 'secondary small', onclick: async () => {
              try {
                await navigator.clipboard.writeText(t.secret);
                ctx.toast('Copied');
              } catch (err) {
                ctx.toast('Select the token and copy it', { error: true });
              }
            } }, 'Copy'),
            h('p', { class: 'muted' }, 'Use it as: Authorization: Bearer <token>')));
          name.value = '';
          load();
        } catch (err) {
          ctx.toast('Not created: ' + err.message, { error: true });
        }
      } },
      h('div', {}, h('label', { for: 'token-name' }, 'What it is for'), name),
      h('div', {}, h('label', { for: 'token-role' }, 'Role'), role),
      h('div', {}, h('label', { for: 'token-expires' }, 'Expires (optional)'), expires),
      h('div', {}, h('button', { type: 'submit', id: 'token-create' }, 'Create token'))), created),
    h('section', { class: 'card' }, h('h2', {}, 'Tokens'), list));

  async function load() {
    try {
      const page = await api('GET', '/api/v1/tokens?limit=500');
      list.replaceChildren(page.items.length === 0 ? h('p', { class: 'muted' }, 'No token yet.')
        : table(['Id', 'For', 'Role', 'Created', 'Expires', 'Last used', ''], page.items.map((t) => h('tr',
          { 'data-token': t.id }, h('td', { class: 'mono' }, t.id), h('td', {}, t.name), h('td', {}, t.role),
          h('td', {}, when(t.createdAt), h('br'), h('span', { class: 'muted' }, 'by ' + t.createdBy)),
          h('td', {}, t.expiresAt ? when(t.expiresAt) : 'never'), h('td', {}, when(t.lastUsedAt)),
          h('td', {}, h('button', { type: 'button', class: 'danger small', 'data-revoke': t.id, onclick: async () => {
            if (!confirm(`Revoke token "${t.name}"? Whatever uses it stops working at once.`)) return;
            try {
              await api('DELETE', '/api/v1/tokens/' + t.id);
              ctx.toast('Token revoked');
            } catch (e) {
              ctx.toast('Not revoked: ' + e.message, { error: true });
            }
            load();
          } }, 'Revoke'))))));
    } catch (e) {
      ctx.toast('Tokens: ' + e.message, { error: true });
    }
  }
  load();
  return {};
}
