// Strict HTML escaping and the page shell for the web console (server-rendered, no bundler).
import { AirlockError } from '../../governance/errors.ts';
import type { Reviewer } from '../../governance/model.ts';
import type { Session } from './session.ts';

export type Signed = { session: Session; reviewer: Reviewer };

export const isAdmin = (r: Reviewer) => r.groups.includes('admin');

/** What a reviewer is shown when something fails: coded errors say what to do; others stay in the log. */
export function plainError(err: unknown): string {
  if (err instanceof AirlockError) return err.message;
  return 'something went wrong; the server log has the details';
}
export function esc(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The text with each [start, end) span wrapped in <mark>; everything escaped. */
export function highlight(text: string, spans: Array<[number, number]>): string {
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [s, e] of sorted) {
    if (s < at || e <= s || e > text.length) continue;
    out += `${esc(text.slice(at, s))}<mark>${esc(text.slice(s, e))}</mark>`;
    at = e;
  }
  return out + esc(text.slice(at));
}

/** The console's pages, for the navigation; `admin` pages are linked for admins only. */
const NAV: Array<{ href: string; label: string; admin?: boolean }> = [
  { href: '/console', label: 'Held actions' },
  { href: '/console/notices', label: 'Requester notices' },
  { href: '/console/digest', label: 'Digest' },
  { href: '/console/admin', label: 'Admin', admin: true },
];

export function page(title: string, body: string, signedIn = false, csrf = '', admin = false): string {
  const nav = signedIn
    ? ` <nav aria-label="Console">${NAV.filter((n) => admin || !n.admin)
        .map(
          (n) => `<a href="${n.href}"${n.label === title ? ' aria-current="page"' : ''}>${esc(n.label)}</a>`,
        )
        .join(' · ')}</nav>`
    : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · Airlock</title>
<script src="/console/console.js" defer></script>
<style>
body{font-family:system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;color:#111;background:#fff;line-height:1.5}
a{color:#0645ad} mark{background:#ffe066;color:#000} pre{white-space:pre-wrap;background:#f4f4f4;padding:.5rem}
.err{border:2px solid #b00020;color:#b00020;padding:.5rem} label{display:block;margin-top:.5rem}
textarea,input[type=text],input[type=password]{width:100%;box-sizing:border-box;font:inherit;padding:.4rem}
button{font:inherit;padding:.4rem .8rem;margin-top:.4rem} button:focus,a:focus,input:focus,textarea:focus{outline:3px solid #0645ad}
table{border-collapse:collapse;width:100%} caption{text-align:left;color:#444} ul.plain{list-style:none;padding:0} nav{display:inline} td,th{border-bottom:1px solid #ccc;padding:.3rem;text-align:left;vertical-align:top}
</style></head><body>
<header><a href="/console">Airlock console</a>${nav}${
    signedIn
      ? ` · <form method="post" action="/console/signout" style="display:inline"><input type="hidden" name="csrf" value="${esc(csrf)}"><button>Sign out</button></form>`
      : ''
  }</header>
<main><h1>${esc(title)}</h1>${body}</main></body></html>`;
}

/** A signed-in page: navigation (Admin for admins) and the session's CSRF token in the sign-out form. */
export const shell = (title: string, body: string, w: Signed) =>
  page(title, body, true, w.session.csrf, isAdmin(w.reviewer));

/**
 * The console's only script, served from /console/console.js (the CSP allows scripts from 'self' only).
 * Progressive enhancement: every page works without it. It adds "in 3 days" beside each <time>, and
 * refreshes the queue every 30 s while it is visible and nobody is typing.
 */
export const CONSOLE_JS = `(() => {
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  const units = [['day', 86400000], ['hour', 3600000], ['minute', 60000]];
  const relative = (ms) => {
    for (const [unit, size] of units)
      if (Math.abs(ms) >= size || unit === 'minute') return rtf.format(Math.round(ms / size), unit);
  };
  for (const t of document.querySelectorAll('time[datetime]')) {
    const at = Date.parse(t.getAttribute('datetime'));
    if (Number.isNaN(at)) continue;
    const rel = document.createElement('small');
    rel.className = 'relative';
    rel.textContent = ' (' + relative(at - Date.now()) + ')';
    t.after(rel);
    t.title = new Date(at).toLocaleString();
  }
  const live = document.querySelector('[data-refresh]');
  if (live) {
    live.append(' This list refreshes itself every 30 seconds.');
    setInterval(() => {
      const typing = document.activeElement && document.activeElement.matches('input, textarea');
      if (document.visibilityState === 'visible' && !typing) location.reload();
    }, 30000);
  }
})();
`;
