/**
 * Values as sao shows them in the v1 (English) layout, read back into what the bots use: dates in the
 * user's language format (English: MM/DD/YYYY) and money as sao formats it ("¥1,000.00", "-¥20.00",
 * "1,000.00"). Money stays in integer cents so sums are exact. Anything else is undefined: the caller
 * reports it as a changed screen, never guesses.
 */
export const SaoValues = {
  /** "12/21/2026" → "2026-12-21"; "" stays "" (no date). */
  isoDate(shown: string): string | undefined {
    const text = shown.trim();
    if (text === '') return '';
    const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text);
    return m ? `${m[3]}-${m[1]}-${m[2]}` : undefined;
  },

  /** "¥1,000.00" → { cents: 100000n, symbol: "¥" }; a minus sign or brackets anywhere make it negative. */
  money(shown: string): { cents: bigint; symbol: string } | undefined {
    const text = shown.trim();
    const negative = /^\(.*\)$/.test(text) || text.includes('-');
    const m = /(\d{1,3}(?:,\d{3})*|\d+)(?:\.(\d{1,2}))?/.exec(text);
    if (!m || m[0] === '') return undefined;
    const rest = text.replace(m[0], '').replace(/[-()\s]/g, '');
    if (/\d/.test(rest)) return undefined;
    const cents = BigInt((m[1] ?? '0').replace(/,/g, '')) * 100n + BigInt(((m[2] ?? '') + '00').slice(0, 2));
    return { cents: negative ? -cents : cents, symbol: rest };
  },

  /** 100000n → "1000.00"; -2050n → "-20.50". */
  decimal(cents: bigint): string {
    const abs = cents < 0n ? -cents : cents;
    return `${cents < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
  },
};
