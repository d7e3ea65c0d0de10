import { ACME_LOCATORS_V1 } from './locators/v1.ts';
import { ACME_LOCATORS_V2 } from './locators/v2.ts';
import { ACME_LAYOUTS, type AcmeLayout, type AcmeLocatorMap } from './locator-map-shape.ts';

export { ACME_LAYOUT_META, ACME_LAYOUTS, type AcmeLayout, type AcmeLocatorKey, type AcmeLocatorMap, type AcmeScreenName } from './locator-map-shape.ts';

const MAPS: Record<AcmeLayout, AcmeLocatorMap> = { v1: ACME_LOCATORS_V1, v2: ACME_LOCATORS_V2 };

export function isAcmeLayout(value: string | undefined): value is AcmeLayout {
  return (ACME_LAYOUTS as readonly string[]).includes(value ?? '');
}

export function locatorMapFor(layout: AcmeLayout): AcmeLocatorMap {
  return MAPS[layout];
}
