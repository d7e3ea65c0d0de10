import type { AuditEvent, LedgerOrder, OrderSearchPage } from '../../../core/ledger/order-ledger.ts';
import type { AttemptArtifacts } from '../order-artifacts.ts';
import { html, type SafeHtml } from './html.ts';
import { storedFactsLines } from '../../../bots/review/index.ts';

/** Statuses offered in the filter; the ledger may hold newer ones, which show as they are. */
export const KNOWN_STATUSES = ['received', 'awaiting_approval', 'approved', 'rejected', 'expired', 'keying', 'keyed', 'needs_attention', 'failed', 'resolved'] as const;

export interface OrderFilterForm {
  status: string;
  from: string;
  to: string;
  submitter: string;
  reference: string;
  page: number;
}

function statusBadge(status: string): SafeHtml {
  return html`<span class="status status-${status}" data-testid="order-status">${status}</span>`;
}

function query(form: OrderFilterForm, page: number): string {
  const params = new URLSearchParams();
  for (const key of ['status', 'from', 'to', 'submitter', 'reference'] as const) if (form[key]) params.set(key, form[key]);
  if (page > 1) params.set('page', String(page));
  return params.toString();
}

function amountOf(order: LedgerOrder): string {
  const { amount, currency } = order.order as { amount?: unknown; currency?: unknown };
  return amount === undefined ? '' : `${String(amount)} ${typeof currency === 'string' ? currency : ''}`.trim();
}

export function ordersBody(form: OrderFilterForm, result: OrderSearchPage): SafeHtml {
  const option = (value: string, label: string): SafeHtml => html`<option value="${value}"${form.status === value ? html` selected` : ''}>${label}</option>`;
  const rows = result.orders.map(
    (order) => html`<tr data-testid="order-row">
<td><a href="/orders/${encodeURIComponent(order.id)}">${order.externalRef || order.id}</a></td>
<td>${statusBadge(order.status)}</td><td>${order.source.submitter ?? ''}</td><td>${amountOf(order)}</td>
<td>${order.crmOrderNo ?? ''}</td><td>${order.createdAt}</td><td>${order.updatedAt}</td></tr>`,
  );
  return html`<form class="filters" method="get" action="/orders" role="search">
<label>Status <select name="status">${option('', 'any')}${KNOWN_STATUSES.map((s) => option(s, s))}</select></label>
<label>Received from <input type="date" name="from" value="${form.from}"></label>
<label>to (inclusive) <input type="date" name="to" value="${form.to}"></label>
<label>Submitter <input name="submitter" value="${form.submitter}" placeholder="part of the address"></label>
<label>Reference <input name="reference" value="${form.reference}" placeholder="order ref, id or CRM no."></label>
<button>Search</button></form>
${result.truncated ? html`<div class="flash error">The search stopped after the newest orders of this date range; narrow the dates to see older ones.</div>` : ''}
<table><thead><tr><th>Reference</th><th>Status</th><th>Submitter</th><th>Amount</th><th>CRM order</th><th>Received</th><th>Updated</th></tr></thead>
<tbody>${rows.length > 0 ? rows : html`<tr><td colspan="7" class="muted">No orders match.</td></tr>`}</tbody></table>
<p>${form.page > 1 ? html`<a href="/orders?${query(form, form.page - 1)}">« newer</a> ` : ''}${result.more ? html`<a href="/orders?${query(form, form.page + 1)}">older »</a>` : ''}</p>`;
}

function detailText(detail: Record<string, unknown> | undefined): string {
  if (!detail) return '';
  return Object.entries(detail)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('\n');
}

export interface OrderPageView {
  order: LedgerOrder;
  trail: AuditEvent[];
  artifacts: AttemptArtifacts[];
  csrfToken: string;
  /** Which actions to offer: the user's role and the order's status allow them. */
  actions: { rerunKeying: boolean; resendApproval: boolean; resolve: boolean };
}

export function orderBody(view: OrderPageView): SafeHtml {
  const { order, trail, artifacts, actions } = view;
  const base = `/orders/${encodeURIComponent(order.id)}`;
  const csrf = html`<input type="hidden" name="_csrf" value="${view.csrfToken}">`;
  const facts: [string, string | SafeHtml | undefined][] = [
    ['Status', statusBadge(order.status)],
    ['Status note', order.statusNote],
    ['External reference', order.externalRef],
    ['Order id', order.id],
    ['CRM order', order.crmOrderNo],
    ['Submitter', order.source.submitter],
    ['Source', `${order.source.kind} ${order.source.reference}${order.source.attachment ? ` / ${order.source.attachment}` : ''}, row ${order.source.row}`],
    ['Received', order.createdAt],
    ['Keyed', order.keyedAt],
  ];
  const actionForms = [
    actions.rerunKeying
      ? html`<form method="post" action="${base}/rerun-keying">${csrf}<label>Note <input name="note" placeholder="optional"></label> <button data-testid="rerun-keying">Re-run keying</button></form>`
      : '',
    actions.resendApproval ? html`<form method="post" action="${base}/resend-approval">${csrf}<button data-testid="resend-approval">Re-send approval request</button></form>` : '',
    actions.resolve
      ? html`<form method="post" action="${base}/resolve">${csrf}<label>Note <input name="note" required placeholder="what was done"></label> <button data-testid="mark-resolved">Mark resolved</button></form>`
      : '',
  ];
  const timeline = trail.map(
    (event) => html`<tr data-testid="audit-event" class="${event.security ? 'security' : ''}"><td>${event.at}</td><td>${event.actor}</td><td><strong>${event.action}</strong>${event.security ? ' (security)' : ''}</td>
<td>${event.reason ?? ''}</td><td><pre>${detailText(event.detail)}</pre></td></tr>`,
  );
  const attempts = artifacts.map(
    (attempt) => html`<h3>Attempt ${attempt.attempt}</h3><ul>${attempt.files.map((file) => {
      const href = `${base}/artifacts/${attempt.attempt}/${encodeURIComponent(file.name)}`;
      const label = file.kind === 'trace' ? 'Playwright trace' : file.kind === 'screenshot' ? 'screenshot' : file.kind === 'page' ? 'page HTML' : 'file';
      return html`<li><a href="${href}" download data-testid="artifact-${file.kind}">${file.name}</a> <span class="muted">${label}, ${file.bytes} bytes</span>
${file.kind === 'screenshot' ? html`<br><img class="shot" alt="${`screenshot of attempt ${attempt.attempt}`}" src="${href}">` : ''}</li>`;
    })}</ul>`,
  );
  return html`<dl class="facts">${facts.filter(([, value]) => value !== undefined && value !== '').map(([name, value]) => html`<dt>${name}</dt><dd>${value}</dd>`)}</dl>
${actionForms.some((f) => f !== '') ? html`<h2>Actions</h2><div class="actions">${actionForms}</div>` : ''}
<h2>Order</h2><pre>${JSON.stringify(order.order, null, 2)}</pre>
<h2>审核依据 What review decided on</h2><pre data-testid="review-facts">${storedFactsLines(order.reviewFacts).join('\n')}</pre>
<h2>Timeline</h2><p><a href="${base}/audit.xlsx" download data-testid="audit-export">Export the audit trail (xlsx, hash-chained: check it with bin/orderdesk audit verify)</a></p><table><thead><tr><th>When</th><th>Who</th><th>What</th><th>Why</th><th>Detail</th></tr></thead><tbody>${timeline}</tbody></table>
<h2>Failure artifacts</h2>${attempts.length > 0 ? attempts : html`<p class="muted">None kept for this order.</p>`}`;
}
