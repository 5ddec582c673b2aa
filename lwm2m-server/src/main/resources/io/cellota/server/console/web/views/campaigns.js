// The place campaigns will take in the console (the campaign engine brings /api/v1/campaigns).
import { h } from '../dom.js';

export function render(main) {
  main.replaceChildren(h('h1', {}, 'Campaigns'), h('div', { class: 'card placeholder' },
    h('p', {}, 'Campaigns roll an image out to a fleet in waves. Their pages come with the campaign engine.'),
    h('p', { class: 'muted' }, 'Meanwhile, start an update for one device from its page under ',
      h('a', { href: '#/devices' }, 'Devices'), '.')));
  return {};
}
