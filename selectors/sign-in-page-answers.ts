/** A probe must not hang the timer that runs it; a system that takes this long is not back yet. */
const PROBE_TIMEOUT_MS = 10_000;

/** Whether the page a clerk signs in on answers 200: the sign that a paused keying queue may resume. */
export async function signInPageAnswers(url: URL | string): Promise<boolean> {
  try {
    const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    await response.arrayBuffer().catch(() => undefined);
    return response.status === 200;
  } catch {
    return false;
  }
}
