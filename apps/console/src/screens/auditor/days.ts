/** Whole UTC days as `YYYY-MM-DD`, the form the date inputs and the API filters use. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function daysAgo(days: number, now = new Date()): string {
  return isoDay(new Date(now.getTime() - days * 86_400_000));
}
