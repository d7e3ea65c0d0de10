import type { AcmeTab } from './acme-tab.ts';
import { CustomerStep } from './order-entry-customer-step.ts';
import { outcomeOf, type ScreenOutcome } from './screen-arrival.ts';

/**
 * CRM → New Sales Order: the four-step order form. Opening it starts a fresh order (the suite keeps the
 * wizard on the server); each step is its own page object, returned by the step before it.
 */
export const OrderEntryPage = {
  async start(tab: AcmeTab): Promise<ScreenOutcome<CustomerStep>> {
    return outcomeOf(await tab.open('/CRM/SalesOrderEntry.aspx'), 'orderEntryCustomer', undefined, () => CustomerStep.onScreen(tab));
  },
};
