/** Something that goes wrong during a soak, at `atMs` after the start. */
export interface PlannedFault {
  atMs: number;
  kind:
    | 'crm-session-expiry'
    | 'dovecot-restart'
    | 'smtp-refusing'
    | 'redis-kill'
    | 'keying-worker-kill'
    | 'intake-worker-kill'
    | 'chromium-kill';
}

/**
 * The faults on a seeded random schedule inside `windowMs`: Dovecot restarted twice, the relay
 * refusing once (for the configured outage), Redis killed once, the keying and intake workers killed once
 * each, Chromium killed once, and the CRM expiring every session now and then. The CRM's 5xx, latency
 * and ambiguous submits are on for the whole run. Faults keep a few seconds apart, so each is its own.
 */
export function planFaults(random: () => number, windowMs: number, startMs = 5_000): PlannedFault[] {
  const kinds: PlannedFault['kind'][] = [
    'dovecot-restart',
    'dovecot-restart',
    'smtp-refusing',
    'redis-kill',
    'keying-worker-kill',
    'intake-worker-kill',
    'chromium-kill',
    'crm-session-expiry',
    'crm-session-expiry',
    'crm-session-expiry',
  ];
  // Shuffle, then place each in its own slot of the window with some jitter.
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [kinds[i], kinds[j]] = [kinds[j] as PlannedFault['kind'], kinds[i] as PlannedFault['kind']];
  }
  const slot = windowMs / kinds.length;
  return kinds.map((kind, i) => ({ kind, atMs: Math.round(startMs + i * slot + random() * slot * 0.5) }));
}
