/** A probe must not hang the timer that runs it; a CRM that takes this long is not back yet. */
const PROBE_TIMEOUT_MS = 10_000;

/** Whether the CRM's login page answers 200: the sign the paused keying queue may resume. */
export async function crmLoginPageAnswers(crmUrl: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<boolean> {
  try {
    const response = await fetch(new URL('/Login.aspx', crmUrl), { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer().catch(() => undefined);
    return response.status === 200;
  } catch {
    return false;
  }
}
