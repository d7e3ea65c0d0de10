/** Caps that keep an untrusted sheet from exhausting memory, disk or patience. */
export interface IntakeLimits {
  /** Size of the file as received; default 10 MiB. */
  maxAttachmentBytes: number;
  /** Non-blank data rows below the header; default 100 000. */
  maxRows: number;
  /** Total declared uncompressed size of an xlsx's zip entries; default 200 MiB. */
  maxUncompressedBytes: number;
  /** Uncompressed ÷ compressed, per entry (entries over 1 MiB) and for the whole file; default 100. */
  maxCompressionRatio: number;
  /** Entries in an xlsx's zip; default 1 000. */
  maxZipEntries: number;
  /** Largest amount a row may carry, as a decimal string; default "100000000.00". */
  maxAmount: string;
}

export const DEFAULT_INTAKE_LIMITS: Readonly<IntakeLimits> = Object.freeze({
  maxAttachmentBytes: 10 * 1024 * 1024,
  maxRows: 100_000,
  maxUncompressedBytes: 200 * 1024 * 1024,
  maxCompressionRatio: 100,
  maxZipEntries: 1_000,
  maxAmount: '100000000.00',
});

/** Defaults overlaid with the caller's overrides; an explicit `undefined` keeps the default. */
export function resolveIntakeLimits(overrides: Partial<IntakeLimits> = {}): IntakeLimits {
  const limits: IntakeLimits = { ...DEFAULT_INTAKE_LIMITS };
  for (const key of Object.keys(overrides) as (keyof IntakeLimits)[]) {
    const value = overrides[key];
    if (value !== undefined) (limits as unknown as Record<string, unknown>)[key] = value;
  }
  return limits;
}
