import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The current time, renewed every second while mounted. */
export function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

/** `2 d 03:04:05`: a duration in days, hours, minutes and seconds. */
export function formatCountdown(ms: number): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(total / 86_400);
  const clock = [Math.floor((total % 86_400) / 3600), Math.floor((total % 3600) / 60), total % 60].map((part) => String(part).padStart(2, '0')).join(':');
  return days > 0 ? `${days} d ${clock}` : clock;
}

/**
 * A live countdown to a deadline, or the time it is overdue; ticks every second. `role="timer"` keeps screen readers
 * from announcing every tick.
 */
export function DeadlineClock({ dueAt, submitted }: { dueAt: string; submitted: boolean }) {
  const { t } = useTranslation();
  const now = useNow();
  if (submitted) return null;
  const remaining = new Date(dueAt).getTime() - now;
  const overdue = remaining < 0;
  return (
    <span role="timer" data-testid="deadline-clock" data-overdue={overdue} className={overdue ? 'vitaal-clock vitaal-clock--overdue' : 'vitaal-clock'}>
      {overdue ? t('incidents.overdueBy', { time: formatCountdown(remaining) }) : t('incidents.remaining', { time: formatCountdown(remaining) })}
    </span>
  );
}
