import type { TrytonInterruption, TrytonOutcome } from './tryton-outcome.ts';

/** A message box came up where an element was expected; the verb turns it into its outcome. */
export class SaoInterrupted extends Error {
  constructor(readonly interruption: TrytonInterruption) {
    super(`sao showed ${interruption.kind}`);
    this.name = 'SaoInterrupted';
  }
}

/** Runs a verb; a message box where an element was expected becomes the verb's outcome, not an exception. */
export async function guard<T>(work: () => Promise<TrytonOutcome<T>>): Promise<TrytonOutcome<T>> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SaoInterrupted) return error.interruption;
    throw error;
  }
}
