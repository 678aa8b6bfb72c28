import { DateTime } from 'luxon';
import { reportingZone } from '../../src/domain/reporting-deadlines.ts';
import { formatDateTime } from './format.ts';

/** A `datetime-local` value read as Dutch time (whatever the browser's zone), as an ISO instant with its offset; undefined when empty or invalid. */
export function instantFromAmsterdamLocal(value: string): string | undefined {
  if (!value) return undefined;
  const local = DateTime.fromISO(value, { zone: reportingZone });
  return local.isValid ? (local.toISO() ?? undefined) : undefined;
}

/** The current Dutch time as a `datetime-local` value (minutes). */
export const amsterdamLocalNow = (): string => DateTime.now().setZone(reportingZone).toFormat("yyyy-LL-dd'T'HH:mm");

/** An instant in UTC (`2026-03-30 00:30 UTC`). */
export const formatUtc = (iso: string): string => `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** An instant in Dutch time and in UTC, as every deadline is shown. */
export const formatBoth = (iso: string, language: string): string => `${formatDateTime(iso, language)} (${formatUtc(iso)})`;
