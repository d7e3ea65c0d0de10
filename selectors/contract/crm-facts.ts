import type { CrmTrouble } from './crm-trouble.ts';

/**
 * What the system of record holds about a customer: the facts review decides on. Values are the CRM's
 * own (grades "AAA".."C", tolerances "C1".."C5"); a field the CRM does not keep is undefined.
 */
export interface CustomerFacts {
  customerId: string;
  name: string;
  idType: 'resident_id' | 'uscc' | 'passport' | 'other';
  idNumber: string;
  blocked: boolean;
  riskTolerance: string | undefined;
  creditGrade: string | undefined;
  email: string | undefined;
  language: 'zh' | 'en' | undefined;
  accountManager: string | undefined;
  /** The customer's home branch code, where the CRM keeps one. */
  branch: string | undefined;
}

/** A product as the CRM sells it: whether it is on sale, its risk, limits, terms and currencies. */
export interface ProductFacts {
  productCode: string;
  name: string;
  onSale: boolean;
  riskLevel: string | undefined;
  /** Decimal strings ("10000.00"), per order in the order's currency. */
  minAmount: string | undefined;
  maxAmount: string | undefined;
  termsMonths: number[];
  currencies: string[];
}

/** A branch in the CRM's own list: its code and the names its screens show. */
export interface BranchFacts {
  code: string;
  name: string;
  nameZh: string | undefined;
}

/** A read of the system of record: the record, the CRM saying it has none, or trouble (retried). */
export type FactsAnswer<T> = { kind: 'found'; value: T } | { kind: 'not_found' } | CrmTrouble;

/**
 * Read-only verbs on the CRM's screens for review, one browser context each. A screen that no longer
 * looks as its map says throws ScreenChangedError (with a screenshot); everything else is an answer.
 */
export interface CrmFactsReader {
  /** Signs in unless already signed in; throws OrderDeskError `crm_login_refused` or `crm_unavailable`. */
  ensureSignedIn(): Promise<void>;
  /** The CRM ended this context's session: the next ensureSignedIn signs in again. */
  sessionEnded(): void;
  customerFacts(customerId: string): Promise<FactsAnswer<CustomerFacts>>;
  productFacts(productCode: string): Promise<FactsAnswer<ProductFacts>>;
  branches(): Promise<FactsAnswer<BranchFacts[]>>;
}
