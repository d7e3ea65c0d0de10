/** What the firm's own mail server said about a reply's sender. */
export interface SenderAuthentication {
  /** The reply counts as coming from its From address. */
  ok: boolean;
  /** Why not, in words for the audit trail and the ops alert. */
  problem?: string;
  /** The Authentication-Results header that was believed, verbatim. */
  evidence?: string;
}

/** `authserv-id [version]; method=result ptype.property=value ...; ...` (RFC 8601). */
function parseAuthenticationResults(value: string): { authservId: string; results: Map<string, { result: string; properties: Map<string, string> }> } {
  const [head = '', ...resinfos] = value.replace(/\([^)]*\)/g, ' ').split(';');
  const authservId = head.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  const results = new Map<string, { result: string; properties: Map<string, string> }>();
  for (const resinfo of resinfos) {
    // One resinfo may hold several method=result pairs when a server omits the semicolons between them.
    let current: { result: string; properties: Map<string, string> } | undefined;
    for (const token of resinfo.trim().split(/\s+/)) {
      const [name = '', ...rest] = token.split('=');
      const tokenValue = rest.join('=').toLowerCase();
      if (!name || !tokenValue) continue;
      if (name.includes('.')) current?.properties.set(name.toLowerCase(), tokenValue);
      else {
        current = { result: tokenValue, properties: new Map() };
        if (!results.has(name.toLowerCase())) results.set(name.toLowerCase(), current);
      }
    }
  }
  return { authservId, results };
}

/**
 * Believes only the firm's own server (`trustedAuthservId`), and of its stamps only the topmost: the
 * server adds its header above everything the sender wrote, so a sender's own forged
 * "Authentication-Results: <trusted>; dmarc=pass" sits lower down and is ignored. Production MX servers
 * should also strip headers claiming their authserv-id (RFC 8601 §5); this check does not rely on it.
 *
 * `headerValues` are the reply's Authentication-Results values, top first; `fromAddresses` its From.
 */
export function checkSenderAuthentication(headerValues: readonly string[], fromAddresses: readonly string[], trustedAuthservId: string, requireDmarcPass: boolean): SenderAuthentication {
  if (fromAddresses.length !== 1) return { ok: false, problem: `the reply has ${fromAddresses.length} From addresses` };
  if (!requireDmarcPass) return { ok: true };
  const trusted = trustedAuthservId.toLowerCase();
  const top = headerValues.find((value) => parseAuthenticationResults(value).authservId === trusted);
  if (top === undefined) return { ok: false, problem: `no Authentication-Results from ${trustedAuthservId}` };
  const { results } = parseAuthenticationResults(top);
  const dmarc = results.get('dmarc');
  if (dmarc?.result !== 'pass') return { ok: false, problem: `${trustedAuthservId} reports dmarc=${dmarc?.result ?? 'none'}`, evidence: top };
  const fromDomain = (fromAddresses[0] ?? '').split('@')[1]?.toLowerCase() ?? '';
  const checkedDomain = dmarc.properties.get('header.from');
  if (checkedDomain !== undefined && checkedDomain !== fromDomain) {
    return { ok: false, problem: `dmarc=pass was for ${checkedDomain}, not the From domain ${fromDomain}`, evidence: top };
  }
  return { ok: true, evidence: top };
}
