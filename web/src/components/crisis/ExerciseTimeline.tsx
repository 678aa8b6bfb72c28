import { Heading, Paragraph } from '@rijkshuisstijl-community/components-react';
import { useTranslation } from 'react-i18next';
import { getTimeline, type TimelineEntry } from '../../api/crisis-plans.ts';
import type { Exercise } from '../../api/simulations.ts';
import { useLoad } from '../../use-api.ts';
import { ErrorState, Loading } from '../PageStates.tsx';

/** Minutes after the start as `T+h:mm`. */
export const sinceStart = (minutes: number) => `T+${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;

/** One line of the timeline: an inject, a vital process, or the assets going down or back at one moment (`codes`). */
interface Item {
  atMinutes: number;
  kind: TimelineEntry['kind'];
  text: string;
  codes: string[];
}

/** The assets of one moment become one line (a cascade can hold thousands); injects and vital processes keep a line each, so that the injects read against the cascade. */
function itemsOf(entries: readonly TimelineEntry[], english: boolean): Item[] {
  const items: Item[] = [];
  for (const entry of entries) {
    const last = items.at(-1);
    if (entry.kind === 'asset-down' || entry.kind === 'asset-restored') {
      if (last && last.atMinutes === entry.atMinutes && last.kind === entry.kind) last.codes.push(entry.code);
      else items.push({ atMinutes: entry.atMinutes, kind: entry.kind, text: '', codes: [entry.code] });
    } else if (entry.kind === 'inject') items.push({ atMinutes: entry.atMinutes, kind: entry.kind, text: `${entry.message} (${entry.targetRole})`, codes: [] });
    else items.push({ atMinutes: entry.atMinutes, kind: entry.kind, text: english ? entry.nameEn : entry.nameNl, codes: [] });
  }
  return items;
}

/** The exercise as a timeline: its injects against the cascade of its scenario on the reader's model, in minutes after the start. */
export function ExerciseTimeline({ exercise }: { exercise: Exercise }) {
  const { t, i18n } = useTranslation();
  const loaded = useLoad(() => getTimeline(exercise.id), `${exercise.id}:${exercise.injects.length}`);
  if (loaded.state === 'loading') return <Loading />;
  if (loaded.state === 'error') return <ErrorState error={loaded.error} />;
  const items = itemsOf(loaded.data.entries, i18n.language === 'en');
  const textOf = (item: Item) =>
    item.codes.length > 0
      ? t(`crisis.timelineKinds.${item.kind}`, { count: item.codes.length, names: item.codes.slice(0, 5).join(', ') + (item.codes.length > 5 ? ', …' : '') })
      : `${t(`crisis.timelineKinds.${item.kind}`)}: ${item.text}`;
  return (
    <section data-testid="exercise-timeline" aria-label={t('crisis.timelineOf', { name: exercise.name })}>
      <Heading level={5}>{t('crisis.timeline')}</Heading>
      <Paragraph>{t('crisis.timelineIntro')}</Paragraph>
      <ol style={{ listStyle: 'none', paddingInlineStart: 0, borderInlineStart: '3px solid var(--rhc-color-lintblauw-500, #01689b)' }}>
        {items.map((item, index) => (
          <li key={index} data-kind={item.kind} style={{ paddingInlineStart: '1rem', marginBlock: '0.5rem', fontWeight: item.kind === 'inject' ? 700 : 400 }}>
            <time dateTime={`PT${item.atMinutes}M`}>{sinceStart(item.atMinutes)}</time> · {textOf(item)}
          </li>
        ))}
      </ol>
    </section>
  );
}
