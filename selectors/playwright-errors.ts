import { errors } from 'playwright-core';

/** A locator found nothing in time, or more than one element: the screen may have changed (drift). */
export function isLocatorMiss(error: unknown): boolean {
  return error instanceof errors.TimeoutError || /strict mode violation/i.test(String(error));
}

/** The page, context or browser went away (crash, close): a system fault for the caller, not drift. */
export function isClosedError(error: unknown): boolean {
  return /Target page, context or browser has been closed|Browser has been closed|Target closed|browser has disconnected/i.test(String(error));
}
