/** The smallest HTTP_BODY_LIMIT accepted: below it even a one-event batch would be refused. */
export const MIN_BODY_LIMIT_BYTES = 1024;

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** `512kb` → 524288, as body-parser reads the limit (binary units); undefined for anything else. */
export function parseByteSize(value: string): number | undefined {
  const match = /^(\d+)(b|kb|mb|gb)?$/i.exec(value.trim());
  if (!match) return undefined;
  return Number(match[1]) * UNITS[(match[2] ?? 'b').toLowerCase()];
}
