/** Everything that goes into the HTML part passes through here: references and notes come from order sheets and the CRM. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The report's plain-text and HTML parts, built together so they always say the same. */
export class ReportBody {
  private readonly text: string[] = [];
  private readonly html: string[] = [];

  heading(line: string): this {
    this.text.push(line, '-'.repeat(Math.min(line.length, 72)));
    this.html.push(`<h3>${escapeHtml(line)}</h3>`);
    return this;
  }

  paragraph(line: string): this {
    this.text.push(line, '');
    this.html.push(`<p>${escapeHtml(line)}</p>`);
    return this;
  }

  /** Label and figure pairs. */
  figures(rows: readonly (readonly [string, string | number])[]): this {
    for (const [label, value] of rows) this.text.push(`  ${label}: ${value}`);
    this.text.push('');
    this.html.push(`<table cellpadding="4" cellspacing="0" border="1">${rows.map(([l, v]) => `<tr><th align="left">${escapeHtml(l)}</th><td align="right">${escapeHtml(String(v))}</td></tr>`).join('')}</table>`);
    return this;
  }

  /** A list of orders: one line each in text, a table with a header row in HTML. */
  table(columns: readonly string[], rows: readonly (readonly string[])[]): this {
    for (const row of rows) this.text.push(`  - ${row.join(' | ')}`);
    this.text.push('');
    const cells = (row: readonly string[], tag: 'th' | 'td'): string => `<tr>${row.map((c) => `<${tag} align="left">${escapeHtml(c)}</${tag}>`).join('')}</tr>`;
    this.html.push(`<table cellpadding="4" cellspacing="0" border="1">${cells(columns, 'th')}${rows.map((r) => cells(r, 'td')).join('')}</table>`);
    return this;
  }

  build(): { text: string; html: string } {
    return { text: this.text.join('\n'), html: `<div style="font-family:sans-serif">${this.html.join('\n')}</div>` };
  }
}
