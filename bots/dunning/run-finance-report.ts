import type { OutgoingMail } from '../../core/mail/outgoing-mail.ts';
import { agingChartHtml } from './aging-chart.ts';
import { agingSummary, fromCents } from './aging.ts';
import type { DunningRunResult } from './dunning-run.ts';
import { buildFinanceReportMail, buildFinanceWorkbook } from './finance-report.ts';

/** The element of the chart page to capture. */
export const AGING_CHART_SELECTOR = '#aging-chart';

/**
 * Finance's report of one run: the aging chart, the workbook (invoices, letters, exceptions, chart) and
 * the mail that carries them. `renderChart` turns the chart's self-contained HTML into a PNG (the caller
 * has the browser).
 */
export async function financeReportOf(
  result: DunningRunResult,
  recipients: { from: string; to: string[] },
  renderChart: (html: string, selector: string) => Promise<Buffer>,
): Promise<OutgoingMail> {
  const { runDate, invoices, letters, exceptions } = result;
  const summary = agingSummary(invoices);
  const chartPng = await renderChart(agingChartHtml(summary.totals, runDate), AGING_CHART_SELECTOR);
  const workbook = await buildFinanceWorkbook({ runDate, invoices, letters, exceptions, chartPng });
  return buildFinanceReportMail({
    runDate,
    ...recipients,
    workbook,
    chartPng,
    letters: letters.length,
    exceptions: exceptions.length,
    totals: summary.totals.map((t) => ({ currency: t.currency, outstanding: fromCents(t.total) })),
  });
}
