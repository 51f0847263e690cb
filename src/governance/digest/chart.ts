// Held actions per day, stacked by category, as a small deterministic SVG (no browser, no chart
// library). A PNG is rasterized from it outside the domain (src/digest/png.ts).
import type { Digest } from './types.ts';

export const CHART_WIDTH = 720;
export const CHART_HEIGHT = 320;

/** Gravest first: the stacking order, bottom to top, and the legend order. */
export const CATEGORY_ORDER = [
  'secret',
  'pii',
  'injection',
  'destructive',
  'permission',
  'broadcast',
  'link',
  'policy',
  'scope',
  'other',
] as const;

/** Colour-blind-safe palette (Okabe–Ito, extended). */
export const CATEGORY_COLORS: Record<string, string> = {
  secret: '#D55E00',
  pii: '#CC79A7',
  injection: '#882255',
  destructive: '#E69F00',
  permission: '#0072B2',
  broadcast: '#56B4E9',
  link: '#009E73',
  policy: '#F0E442',
  scope: '#999999',
  other: '#444444',
};

const FONT = 'font-family="\'DejaVu Sans\', Verdana, Arial, sans-serif"';
const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** An axis of whole, round steps (1, 2, 5 × 10^k) with at most 5 ticks above zero. */
function axis(n: number): { max: number; step: number } {
  if (n <= 4) return { max: 4, step: 1 };
  const raw = n / 5;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * pow >= raw) ?? 10) * pow;
  return { max: Math.ceil(n / step) * step, step };
}

const WEEKDAY = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export function renderChartSvg(d: Digest): string {
  const W = CHART_WIDTH;
  const H = CHART_HEIGHT;
  const left = 44;
  const right = 16;
  const top = 40;
  const bottom = 64;
  const plotW = W - left - right;
  const plotH = H - top - bottom;
  const days = d.daily;
  const { max, step } = axis(Math.max(0, ...days.map((x) => x.total)));
  const present = CATEGORY_ORDER.filter((c) => days.some((x) => (x.categories[c] ?? 0) > 0));
  const extra = [...new Set(days.flatMap((x) => Object.keys(x.categories)))]
    .filter((c) => !(CATEGORY_ORDER as readonly string[]).includes(c))
    .sort();
  const cats = [...present, ...extra];
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="Held actions per day by category">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${left}" y="24" ${FONT} font-size="15" font-weight="bold" fill="#222">Held actions per day (${esc(d.period.time_zone)})</text>`,
  );
  const ticks = Math.round(max / step);
  for (let i = 0; i <= ticks; i++) {
    const v = step * i;
    const y = top + plotH - (plotH * i) / ticks;
    out.push(
      `<line x1="${left}" y1="${y.toFixed(1)}" x2="${W - right}" y2="${y.toFixed(1)}" stroke="${i === 0 ? '#888' : '#e4e4e4'}" stroke-width="1"/>`,
      `<text x="${left - 6}" y="${(y + 4).toFixed(1)}" ${FONT} font-size="11" fill="#555" text-anchor="end">${v}</text>`,
    );
  }
  const slot = days.length ? plotW / days.length : plotW;
  const barW = Math.max(2, Math.min(48, slot * 0.7));
  days.forEach((day, i) => {
    const x = left + slot * i + (slot - barW) / 2;
    let y = top + plotH;
    for (const c of cats) {
      const n = day.categories[c] ?? 0;
      if (!n) continue;
      const h = (plotH * n) / max;
      y -= h;
      out.push(
        `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" fill="${CATEGORY_COLORS[c] ?? '#777777'}"><title>${esc(`${day.date} ${c}: ${n}`)}</title></rect>`,
      );
    }
    if (day.total > 0) {
      out.push(
        `<text x="${(x + barW / 2).toFixed(1)}" y="${(y - 4).toFixed(1)}" ${FONT} font-size="10" fill="#333" text-anchor="middle">${day.total}</text>`,
      );
    }
    if (days.length <= 16 || i % Math.ceil(days.length / 16) === 0) {
      const dt = new Date(`${day.date}T00:00:00Z`);
      const label = days.length <= 8 ? `${WEEKDAY[dt.getUTCDay()]} ${day.date.slice(5)}` : day.date.slice(5);
      out.push(
        `<text x="${(left + slot * i + slot / 2).toFixed(1)}" y="${top + plotH + 16}" ${FONT} font-size="11" fill="#555" text-anchor="middle">${label}</text>`,
      );
    }
  });
  if (!days.some((x) => x.total > 0)) {
    out.push(
      `<text x="${left + plotW / 2}" y="${top + plotH / 2}" ${FONT} font-size="13" fill="#888" text-anchor="middle">Nothing was held in this period</text>`,
    );
  }
  let lx = left;
  const ly = H - 18;
  for (const c of cats) {
    out.push(
      `<rect x="${lx}" y="${ly - 10}" width="12" height="12" fill="${CATEGORY_COLORS[c] ?? '#777777'}"/>`,
      `<text x="${lx + 16}" y="${ly}" ${FONT} font-size="11" fill="#333">${esc(c)}</text>`,
    );
    lx += 24 + c.length * 7;
  }
  out.push('</svg>');
  return out.join('\n');
}
