/**
 * How a clerk fills the Acme suite's order entry where the order alone does not say: its data-entry
 * rules, owned by the target, not by keying.
 */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The value date a clerk would type: the order date when it is still ahead, otherwise the CRM's own
 * business date (the CRM refuses value dates in the past, and approval can take days).
 */
export function valueDateFor(orderDate: string, businessDate: string): string {
  if (!ISO_DATE.test(businessDate)) throw new Error(`CRM business date "${businessDate}" is not YYYY-MM-DD`);
  return ISO_DATE.test(orderDate) && orderDate > businessDate ? orderDate : businessDate;
}

/** Notes longer than the CRM's box are cut, with a visible mark, rather than refused. */
export const CRM_NOTES_MAX = 500;

export function notesFor(notes: string | undefined): string {
  const text = (notes ?? '').trim();
  return text.length <= CRM_NOTES_MAX ? text : `${text.slice(0, CRM_NOTES_MAX - 1)}…`;
}
