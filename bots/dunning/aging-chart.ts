import { AGING_BUCKETS, type AgingRow } from './aging.ts';

const WIDTH = 640;
const HEIGHT = 320;
const COLOURS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948'];

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The aging chart as a self-contained HTML page (inline SVG, no fonts or scripts to fetch), so the same
 * headless browser that keys orders can render it to PNG on a closed network. One bar group per bucket,
 * one bar per currency, heights relative to the largest bucket of that currency.
 */
export function agingChartHtml(totals: AgingRow[], runDate: string): string {
  const left = 60;
  const bottom = HEIGHT - 50;
  const top = 50;
  const groupWidth = (WIDTH - left - 20) / AGING_BUCKETS.length;
  const barWidth = Math.max(8, (groupWidth - 16) / Math.max(1, totals.length));
  const bars: string[] = [];
  totals.forEach((row, c) => {
    const max = AGING_BUCKETS.reduce((m, b) => (row.buckets[b] > m ? row.buckets[b] : m), 1n);
    AGING_BUCKETS.forEach((bucket, b) => {
      const height = Number((row.buckets[bucket] * 1000n) / max) / 1000 * (bottom - top);
      const x = left + b * groupWidth + 8 + c * barWidth;
      bars.push(`<rect x="${x.toFixed(1)}" y="${(bottom - height).toFixed(1)}" width="${(barWidth - 2).toFixed(1)}" height="${height.toFixed(1)}" fill="${COLOURS[c % COLOURS.length]}"/>`);
    });
  });
  const labels = AGING_BUCKETS.map((bucket, b) => `<text x="${(left + b * groupWidth + groupWidth / 2).toFixed(1)}" y="${bottom + 20}" text-anchor="middle" font-size="13">${bucket}</text>`);
  const legend = totals.map((row, c) => `<rect x="${left + c * 90}" y="14" width="12" height="12" fill="${COLOURS[c % COLOURS.length]}"/><text x="${left + c * 90 + 16}" y="25" font-size="12">${escapeXml(row.currency)}</text>`);
  return `<!doctype html><html><head><meta charset="utf-8"><style>html,body{margin:0;background:#fff;font-family:sans-serif}</style></head><body>
<svg id="aging-chart" xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">
<text x="${WIDTH - 10}" y="25" text-anchor="end" font-size="13">Aging ${escapeXml(runDate)}</text>
<line x1="${left}" y1="${bottom}" x2="${WIDTH - 10}" y2="${bottom}" stroke="#333"/>
${bars.join('\n')}
${labels.join('\n')}
${legend.join('\n')}
</svg></body></html>`;
}

export const AGING_CHART_SIZE = { width: WIDTH, height: HEIGHT };
