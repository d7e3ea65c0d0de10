import type { AcmeLayout, AcmeLocatorMap, AcmeScreenName } from './locator-map.ts';

/** Which of the suite's error pages came up, by its business meaning. */
export type AcmeErrorPage = keyof AcmeLocatorMap['errorTitles'];

/** Where a navigation or a button press landed. Page objects return these; they never throw for them. */
export type ScreenArrival =
  | {
      kind: 'screen';
      screen: AcmeScreenName;
      layout: AcmeLayout;
      /** The <h1>, and the groups its title pattern captured (an order number, a customer id). */
      title: string;
      titleGroups: string[];
      /** The validation summary's messages (role=alert), empty when the screen shows none. */
      alerts: string[];
    }
  | Interruption;

/** Something other than the CRM's answer to our input: the caller decides whether to log in, retry or search. */
export type Interruption =
  | { kind: 'session_expired' }
  | { kind: 'crm_error'; error: AcmeErrorPage; title: string; httpStatus?: number }
  /** No page came back in time, the connection broke, or the browser showed its own error page. */
  | { kind: 'no_response'; detail: string }
  /** A screen of the CRM, but not one the step expected (e.g. the wizard restarted at step 1). */
  | { kind: 'unexpected_screen'; title: string; screen?: AcmeScreenName; info?: string };

/** A business verb's result: the next screen, the CRM's refusal with its messages, or an interruption. */
export type ScreenOutcome<T> = { kind: 'shown'; screen: T } | { kind: 'refused'; messages: string[] } | Interruption;

export function isInterruption(arrival: ScreenArrival): arrival is Interruption {
  return arrival.kind !== 'screen';
}

/** Reads an arrival as the outcome of a step that expected `expected`; refusals are alerts on `sameScreen`. */
export function outcomeOf<T>(
  arrival: ScreenArrival,
  expected: AcmeScreenName,
  sameScreen: AcmeScreenName | undefined,
  build: (arrival: Extract<ScreenArrival, { kind: 'screen' }>) => T,
): ScreenOutcome<T> {
  if (arrival.kind !== 'screen') return arrival;
  if (arrival.screen === expected && arrival.alerts.length === 0) return { kind: 'shown', screen: build(arrival) };
  if (arrival.screen === sameScreen && arrival.alerts.length > 0) return { kind: 'refused', messages: arrival.alerts };
  if (arrival.screen === 'login') return { kind: 'session_expired' };
  return { kind: 'unexpected_screen', title: arrival.title, screen: arrival.screen, ...(arrival.alerts.length > 0 ? { info: arrival.alerts.join('; ') } : {}) };
}
