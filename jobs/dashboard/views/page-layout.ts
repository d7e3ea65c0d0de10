import type { DashboardUser } from '../dashboard-users.ts';
import { html, raw, type SafeHtml } from './html.ts';

const STYLE = raw(`
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2733;background:#f4f6f8;font-size:14px}
header{background:#1d3557;color:#fff;padding:8px 16px;display:flex;gap:16px;align-items:center}
header a{color:#fff;text-decoration:none}header .who{margin-left:auto;display:flex;gap:8px;align-items:center}
main{padding:16px;max-width:1200px}
h1{font-size:20px;margin:0 0 12px}h2{font-size:16px;margin:20px 0 8px}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border-bottom:1px solid #dde3ea;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#eef2f6;font-weight:600}
form.filters{display:flex;flex-wrap:wrap;gap:8px;align-items:end;margin-bottom:12px}
form.filters label{display:flex;flex-direction:column;font-size:12px;gap:2px}
input,select,textarea,button{font:inherit;padding:4px 6px}
button{cursor:pointer;background:#1d3557;color:#fff;border:0;border-radius:3px;padding:5px 10px}
button.secondary{background:#6c7a89}
.status{display:inline-block;padding:1px 6px;border-radius:3px;background:#e3e8ee;font-size:12px}
.status-failed,.status-needs_attention,.status-rejected,.status-expired{background:#fde2e1;color:#8a1c17}
.status-keyed,.status-resolved{background:#dff3e4;color:#1d5e2c}
.flash{padding:8px 12px;margin-bottom:12px;border-radius:3px;background:#e7f1fb;border:1px solid #9cc3ea}
.flash.error{background:#fde2e1;border-color:#e9a19c}
.security{background:#fff4e5}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;background:#fff;padding:10px;margin:0}
dl.facts dt{font-weight:600}dl.facts dd{margin:0}
.actions{display:flex;gap:16px;flex-wrap:wrap;margin:12px 0}.actions form{background:#fff;padding:8px;border:1px solid #dde3ea}
pre{white-space:pre-wrap;margin:0;font-size:12px}
img.shot{max-width:100%;border:1px solid #dde3ea}
.muted{color:#6c7a89}
`);

export interface PageOptions {
  title: string;
  user: DashboardUser;
  csrfToken: string;
  body: SafeHtml;
  flash?: { text: string; error?: boolean } | undefined;
}

/** The frame of every page behind the log-in: menu, who is logged in, the log-out form. */
export function page(options: PageOptions): string {
  const { user, flash } = options;
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${options.title} · OrderDesk</title><style>${STYLE}</style></head>
<body><header><strong>OrderDesk</strong><a href="/orders">Orders</a><a href="/queues/">Queues</a>
<span class="who"><span data-testid="current-user">${user.name} (${user.role})</span>
<form method="post" action="/logout"><input type="hidden" name="_csrf" value="${options.csrfToken}"><button class="secondary">Log out</button></form></span></header>
<main><h1>${options.title}</h1>${flash ? html`<div class="flash${flash.error ? ' error' : ''}" role="status">${flash.text}</div>` : ''}${options.body}</main></body></html>`.value;
}

export function loginPage(options: { csrfToken: string; next: string; error?: string | undefined }): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Log in · OrderDesk</title><style>${STYLE}</style></head>
<body><header><strong>OrderDesk</strong></header><main><h1>Log in</h1>
${options.error ? html`<div class="flash error" role="alert">${options.error}</div>` : ''}
<form method="post" action="/login" class="filters">
<input type="hidden" name="_csrf" value="${options.csrfToken}"><input type="hidden" name="next" value="${options.next}">
<label>User <input name="user" autocomplete="username" required></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button>Log in</button></form></main></body></html>`.value;
}

export function problemPage(title: string, text: string): string {
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} · OrderDesk</title><style>${STYLE}</style></head>
<body><header><strong>OrderDesk</strong><a href="/orders">Orders</a></header><main><h1>${title}</h1><p>${text}</p></main></body></html>`.value;
}
