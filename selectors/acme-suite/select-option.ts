/**
 * Picks the option a clerk would pick for a value from a sheet: the option whose value matches, else
 * the one whose visible label matches (case and spacing ignored). Undefined when the CRM offers none.
 */
export function pickOption(options: readonly { value: string; label: string }[], wanted: string): string | undefined {
  const norm = (s: string): string => s.trim().toLowerCase().replace(/[\s_-]+/g, ' ');
  const target = norm(wanted);
  if (target === '') return undefined;
  const byValue = options.find((o) => o.value !== '' && norm(o.value) === target);
  if (byValue) return byValue.value;
  return options.find((o) => o.value !== '' && norm(o.label) === target)?.value;
}
