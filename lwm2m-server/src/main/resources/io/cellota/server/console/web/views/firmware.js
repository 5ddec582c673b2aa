// Firmware: upload by drag and drop (or the file chooser, by keyboard), the verification result, the list, delete.
import { api, query } from '../api.js';
import { bytes, facts, h, table, when } from '../dom.js';

export function render(main, ctx) {
  const operator = ctx.can('operator');
  const result = h('div', { id: 'upload-result', 'aria-live': 'polite' });
  const list = h('div', { id: 'firmware-list' });
  const children = [h('h1', {}, 'Firmware')];
  if (operator) children.push(uploadCard(ctx, result, () => load()));
  children.push(h('section', { class: 'card' }, h('h2', {}, 'Packages'), list));
  main.replaceChildren(...children);

  let alive = true;
  async function load() {
    try {
      const page = await api('GET', '/api/v1/firmware?limit=500');
      if (!alive) return;
      list.replaceChildren(page.items.length === 0 ? h('p', { class: 'muted' }, 'No package yet.')
        : table(['Name', 'Version', 'Type', 'Size', 'Signer', 'SHA-256', 'Uploaded', ''],
          page.items.map((p) => h('tr', { 'data-firmware': p.id },
            h('td', {}, p.name), h('td', {}, p.version), h('td', {}, p.type), h('td', { class: 'num' }, bytes(p.size)),
            h('td', { class: 'mono' }, p.signer ? short(p.signer) : '–'),
            h('td', { class: 'mono', title: p.sha256 }, p.sha256.slice(0, 16) + '…'),
            h('td', {}, when(p.uploadedAt), h('br'), h('span', { class: 'muted' }, 'by ' + p.uploadedBy)),
            h('td', {}, operator ? h('button', { type: 'button', class: 'danger small', 'data-delete': p.id,
              'aria-label': `Delete ${p.name} ${p.version}`, onclick: async () => {
                if (!confirm(`Delete ${p.name} ${p.version}? Devices can no longer fetch it.`)) return;
                try {
                  await api('DELETE', '/api/v1/firmware/' + encodeURIComponent(p.id));
                  ctx.toast(`${p.name} ${p.version} deleted`);
                  load();
                } catch (e) {
                  ctx.toast('Not deleted: ' + e.message, { error: true });
                }
              } }, 'Delete') : null)))));
    } catch (e) {
      if (alive) ctx.toast('Firmware: ' + e.message, { error: true });
    }
  }
  load();
  return { leave: () => { alive = false; } };
}

function short(signer) {
  return signer.length > 40 ? signer.slice(0, 40) + '…' : signer;
}

function uploadCard(ctx, result, uploaded) {
  const input = h('input', { type: 'file', id: 'firmware-file', accept: '.bin,.signed,.img,application/octet-stream' });
  const type = h('select', { id: 'firmware-type' }, h('option', { value: 'mcuboot' }, 'MCUboot image (signed)'),
    h('option', { value: 'opaque' }, 'other package (opaque)'));
  const name = h('input', { id: 'firmware-name', placeholder: 'for opaque packages' });
  const version = h('input', { id: 'firmware-version', placeholder: 'for opaque packages' });
  const zone = h('div', { class: 'drop', id: 'drop-zone' },
    h('p', {}, h('strong', {}, 'Drop a firmware image here'), ' or choose a file:'),
    h('label', { for: 'firmware-file', class: 'visually-plain' }, 'Image file'), input,
    h('p', { class: 'muted' }, 'MCUboot images are verified at once: hash, signature by a trusted key, version.'));
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    if (e.dataTransfer.files.length > 0) upload(e.dataTransfer.files[0]);
  });
  input.addEventListener('change', () => { if (input.files.length > 0) upload(input.files[0]); });

  async function upload(file) {
    result.replaceChildren(h('p', { class: 'notice' }, `Uploading and verifying ${file.name} (${bytes(file.size)})…`));
    try {
      const params = { type: type.value };
      if (type.value === 'opaque') Object.assign(params, { name: name.value, version: version.value });
      const p = await api('POST', '/api/v1/firmware' + query(params), file);
      result.replaceChildren(h('div', { class: 'notice ok', id: 'upload-verified' },
        h('strong', {}, p.type === 'mcuboot' ? 'Verified: ' : 'Stored: ', `${p.name} ${p.version}`),
        facts([['Version', p.version], ['Signer key', p.signer ? h('code', {}, p.signer) : 'not signed (opaque)'],
          ['Security counter', p.securityCounter ?? 'none'], ['Size', `${bytes(p.size)} (${p.size} bytes)`],
          ['SHA-256', h('code', {}, p.sha256)], ['Package id', h('code', {}, p.id)]], { id: 'upload-facts' })));
      uploaded();
    } catch (e) {
      result.replaceChildren(h('div', { class: 'notice bad', id: 'upload-refused' }, h('strong', {}, 'Refused: '),
        e.message, h('span', { class: 'muted' }, ` (${e.code})`)));
    } finally {
      input.value = '';
    }
  }

  return h('section', { class: 'card' }, h('h2', {}, 'Upload'),
    h('div', { class: 'row' }, h('div', {}, h('label', { for: 'firmware-type' }, 'Type'), type),
      h('div', {}, h('label', { for: 'firmware-name' }, 'Name'), name),
      h('div', {}, h('label', { for: 'firmware-version' }, 'Version'), version)),
    h('div', { class: 'card' }, zone), result);
}
