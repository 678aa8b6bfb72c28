/** Formatting for display; times are always shown in Dutch time (Europe/Amsterdam), whatever the browser's zone. */
const timeZone = 'Europe/Amsterdam';
const localeOf = (language: string) => (language === 'en' ? 'en-GB' : 'nl-NL');

/** Date and time of an ISO instant, in Europe/Amsterdam (`12 mrt 2026, 14:05`). */
export function formatDateTime(iso: string | null | undefined, language: string): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(localeOf(language), { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function formatNumber(value: number, language: string): string {
  return new Intl.NumberFormat(localeOf(language)).format(value);
}

/** Euros without cents (`€ 1.200.000`). */
export function formatEuros(value: number, language: string): string {
  return new Intl.NumberFormat(localeOf(language), { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(value);
}

/** A WGS84 degree value with three decimals (about 100 m). */
export function formatCoordinate(degrees: number, language: string): string {
  return new Intl.NumberFormat(localeOf(language), { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(degrees);
}
