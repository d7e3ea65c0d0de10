import type { CustomerFacts } from '../contract/crm-facts.ts';
import type { AcmeTab } from './acme-tab.ts';
import { outcomeOf, type ScreenOutcome } from './screen-arrival.ts';

const ID_TYPES: Record<string, CustomerFacts['idType']> = {
  'Resident identity card': 'resident_id',
  'Unified social credit code': 'uscc',
  Passport: 'passport',
};

/** CRM → a customer's record. */
export class CustomerPage {
  private constructor(
    private readonly tab: AcmeTab,
    readonly customerId: string,
  ) {}

  static async open(tab: AcmeTab, customerId: string): Promise<ScreenOutcome<CustomerPage>> {
    const arrival = await tab.open(`/CRM/Customer.aspx?id=${encodeURIComponent(customerId)}`);
    return outcomeOf(arrival, 'customer', undefined, (a) => new CustomerPage(tab, a.titleGroups[0] ?? customerId));
  }

  /** Label → value as the screen shows them (Name, Risk tolerance, Blocked, E-mail, ...). */
  async details(): Promise<Record<string, string>> {
    return this.tab.details();
  }

  /** What the record says, as review's facts: identity, blocked flag, tolerance, grade, contact. */
  async facts(): Promise<CustomerFacts> {
    const v = await this.tab.labelledValues('customer', ['name', 'idType', 'idNumber', 'email', 'language', 'riskTolerance', 'creditGrade', 'blocked', 'accountManager']);
    const language = /\((zh|en)\)$/.exec(v.language)?.[1] as 'zh' | 'en' | undefined;
    return {
      customerId: this.customerId,
      name: v.name,
      idType: ID_TYPES[v.idType] ?? 'other',
      idNumber: v.idNumber,
      blocked: v.blocked === 'Yes',
      riskTolerance: v.riskTolerance || undefined,
      creditGrade: v.creditGrade || undefined,
      // The screen writes "(none)" for a customer without an address.
      email: v.email.includes('@') ? v.email : undefined,
      language,
      accountManager: v.accountManager || undefined,
      branch: undefined,
    };
  }

  /** Whether the links to a new order and the statement are there (the selectors check reads this). */
  async hasOrderAndStatementLinks(): Promise<boolean> {
    return (await this.tab.isShown('customer', 'newSalesOrder')) && (await this.tab.isShown('customer', 'statement'));
  }
}
