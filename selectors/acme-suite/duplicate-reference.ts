const DUPLICATE_REFERENCE = /An order with external reference (.+?) already exists: (SO-\d{4}-\d{6})/;

/**
 * The suite refuses a second order with the same external reference and names the first: for our own
 * reference that order is the one we were keying (an exactly-once keyer takes it as done).
 */
export function orderAlreadyThere(messages: readonly string[], externalRef: string): string | undefined {
  for (const message of messages) {
    const m = DUPLICATE_REFERENCE.exec(message);
    if (m?.[2] && (m[1] ?? '').trim().toUpperCase() === externalRef.trim().toUpperCase()) return m[2];
  }
  return undefined;
}
