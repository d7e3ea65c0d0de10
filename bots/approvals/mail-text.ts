import { formatLocalTime } from '../../core/calendar/index.ts';

/** Small helpers every approvals mail uses: HTML escaping and times as approvers read them. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** "2026-03-02 14:05 (Asia/Shanghai)": the firm's wall clock, not UTC. */
export function formatInstant(iso: string, timeZone: string): string {
  const local = formatLocalTime(iso, timeZone);
  return Number.isNaN(new Date(iso).getTime()) ? local : `${local} (${timeZone})`;
}

/** The same content as plain text and simple HTML, built paragraph by paragraph. */
export class BilingualBody {
  private readonly text: string[] = [];
  private readonly html: string[] = [];

  paragraph(line: string): this {
    this.text.push(line, '');
    this.html.push(`<p>${escapeHtml(line)}</p>`);
    return this;
  }

  heading(line: string): this {
    this.text.push(line);
    this.html.push(`<h3>${escapeHtml(line)}</h3>`);
    return this;
  }

  list(items: readonly string[]): this {
    for (const item of items) this.text.push(`  - ${item}`);
    this.text.push('');
    this.html.push(`<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`);
    return this;
  }

  table(rows: readonly (readonly [string, string])[]): this {
    for (const [label, value] of rows) this.text.push(`  ${label}: ${value}`);
    this.text.push('');
    this.html.push(`<table cellpadding="4" cellspacing="0" border="1">${rows.map(([l, v]) => `<tr><th align="left">${escapeHtml(l)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>`);
    return this;
  }

  build(): { text: string; html: string } {
    return { text: this.text.join('\n'), html: `<div style="font-family:sans-serif">${this.html.join('\n')}</div>` };
  }
}
