/**
 * Waits for `work` to settle (resolve or reject) for at most `ms`; true if it did. Shutdown steps use it
 * so that one close that never returns (a Redis client waiting for a server that is gone, an IMAP
 * logout nobody answers) cannot hold back the steps after it. A rejection counts as settled: the step
 * ended, and the caller decides whether its failure matters.
 */
export async function settleWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([work.then(() => true, () => true), late]);
  } finally {
    clearTimeout(timer);
  }
}
