// Charts as inline SVG built in the DOM (no library): horizontal bars, one a category, with its count.

const NS = 'http://www.w3.org/2000/svg';

function svg(tag, attrs, text) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) {
    el.setAttribute(k, String(v));
  }
  if (text !== undefined) {
    el.textContent = text;
  }
  return el;
}

/**
 * A bar chart of [label, count] pairs, with a title for screen readers and a hidden table of the same numbers.
 */
export function barChart(title, pairs, { alt = false } = {}) {
  const rowHeight = 26;
  const labelWidth = 140;
  const width = 460;
  const height = Math.max(1, pairs.length) * rowHeight + 8;
  const max = Math.max(1, ...pairs.map(([, n]) => n));
  const chart = svg('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, width: '100%', role: 'img',
    'aria-label': title + ': ' + pairs.map(([l, n]) => `${l} ${n}`).join(', ') });
  chart.appendChild(svg('title', {}, title));
  if (pairs.length === 0) {
    chart.appendChild(svg('text', { x: 0, y: 18 }, 'no devices yet'));
  }
  pairs.forEach(([label, count], i) => {
    const y = i * rowHeight + 4;
    const barWidth = Math.round((width - labelWidth - 50) * count / max);
    const shown = label.length > 18 ? label.slice(0, 17) + '…' : label;
    chart.appendChild(svg('text', { x: 0, y: y + 15 }, shown));
    chart.appendChild(svg('rect', { class: alt ? 'bar alt' : 'bar', x: labelWidth, y, width: Math.max(barWidth, 2),
      height: rowHeight - 8, rx: 3 }));
    chart.appendChild(svg('text', { x: labelWidth + Math.max(barWidth, 2) + 6, y: y + 15, 'data-count': label },
      String(count)));
  });
  return chart;
}
