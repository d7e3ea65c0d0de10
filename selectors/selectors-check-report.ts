/** holds: found by its label/role; fallback: only by its fallback handle (works, but the label drifted); not_reached: the walk could not show that state. */
export type LocatorStatus = 'holds' | 'fallback' | 'ambiguous' | 'missing' | 'not_reached';

export interface LocatorReport {
  /** The screen by its name in the target's locator map ('any screen' for elements every screen has). */
  screen: string;
  locator: string;
  status: LocatorStatus;
  detail?: string;
  screenshot?: Buffer;
}

/** What `orderdesk selectors check` found on one target, whichever system it is. */
export interface SelectorsCheckReport {
  /** The system as people call it, e.g. "Acme Finance Suite". */
  system: string;
  /** The locator map (layout) the check ended on. */
  layout: string;
  results: LocatorReport[];
  /** Locators that are missing or ambiguous, and screens the walk could not reach. */
  broken: LocatorReport[];
}
