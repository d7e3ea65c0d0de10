export { SaoTab, SaoInterrupted, guard, isClosedError, type GridRows, type SaoTabOptions } from './sao-tab.ts';
export { TRYTON_LOCATORS_V1 } from './locators/v1.ts';
export type { TrytonLocatorKey, TrytonLocatorMap, TrytonLocatorSpec, TrytonScreenName, TrytonScreenSpec } from './locator-map.ts';
export { describeOutcome, type TrytonInterruption, type TrytonOutcome } from './tryton-outcome.ts';
export { TrytonLoginPage, TrytonHome } from './login-page.ts';
export { CustomerLookupPage, type TrytonCustomerRow } from './customer-lookup-page.ts';
export { NewSalePage, type TrytonSaleInput, type TrytonSaleLine, type TrytonSaleResult } from './new-sale-page.ts';
export { SaleSearchPage, type TrytonFoundSale } from './sale-search-page.ts';
export { TrytonReceivablesPage } from './receivables-page.ts';
