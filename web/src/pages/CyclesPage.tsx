import { Heading, Link, Paragraph, TableCell, TableRow } from '@rijkshuisstijl-community/components-react';
import { useTranslation } from 'react-i18next';
import { getCycleOverview, listCycles } from '../api/cycles.ts';
import { listProcesses } from '../api/registry.ts';
import { DataTable } from '../components/DataTable.tsx';
import { KindFilter, useKindParameter } from '../components/KindFilter.tsx';
import { ErrorState, Loading, NoData } from '../components/PageStates.tsx';
import { formatDateTime, formatEuros } from '../format.ts';
import { useUser } from '../session.tsx';
import { useLoad } from '../use-api.ts';
import { useTitle } from '../use-title.ts';

const statusFilters = ['open', 'overdue', 'due-soon', 'completed'] as const;

/** The cycles the user may see (overdue and due-soon views by filter) and, for those who oversee cycles, the cross-sector overview. */
export function CyclesPage() {
  const { t, i18n } = useTranslation();
  useTitle(t('cycles.title'));
  const user = useUser();
  const status = useKindParameter(statusFilters);
  const data = useLoad(() => Promise.all([listCycles(status ? { status } : {}), listProcesses({})]), `cycles-${status ?? ''}`);
  const oversees = user.roles.some((role) => role === 'coordinator' || role === 'ministry' || role === 'supervisor');
  const overview = useLoad(() => (oversees ? getCycleOverview() : Promise.resolve(undefined)), 'cycle-overview');
  const english = i18n.language === 'en';
  return (
    <>
      <Heading level={1}>{t('cycles.title')}</Heading>
      <Paragraph>{t('cycles.intro')}</Paragraph>
      <KindFilter path="/cycles" kinds={statusFilters} label={t('cycles.statusFilter')} names="cycles.statuses" />
      {data.state === 'loading' && <Loading />}
      {data.state === 'error' && <ErrorState error={data.error} />}
      {data.state === 'done' &&
        (data.data[0].items.length === 0 ? (
          <NoData />
        ) : (
          <DataTable testId="cycle-table" caption={t('cycles.caption')} headers={[t('cycles.process'), t('cycles.kind'), t('cycles.currentStep'), t('cycles.status'), t('cycles.due')]}>
            {data.data[0].items.map((cycle) => {
              const process = data.data[1].items.find((entry) => entry.id === cycle.processId);
              const current = cycle.steps.find((step) => step.state !== 'completed');
              return (
                <TableRow key={cycle.id} data-status={cycle.status}>
                  <TableCell>
                    <Link href={`/cycles/${cycle.id}`}>{process ? (english ? process.nameEn : process.nameNl) : cycle.processId}</Link>
                  </TableCell>
                  <TableCell>{t(`cycles.kinds.${cycle.kind}`)}</TableCell>
                  <TableCell>{current ? t(`cycles.steps.${current.step}`) : t('cycles.allDone')}</TableCell>
                  <TableCell>
                    <span className="vitaal-badge">{t(`cycles.statuses.${cycle.status}`)}</span>
                  </TableCell>
                  <TableCell>{formatDateTime(cycle.dueAt, i18n.language)}</TableCell>
                </TableRow>
              );
            })}
          </DataTable>
        ))}
      {overview.state === 'done' && overview.data && (
        <section aria-labelledby="cycle-overview">
          <Heading level={2} id="cycle-overview">
            {t('cycles.overview')}
          </Heading>
          <Paragraph>
            <Link href={`/api/v1/cycles/overview/report.pdf?language=${i18n.language === 'en' ? 'en' : 'nl'}`}>{t('cycles.pdf')}</Link> · <Link href="/api/v1/cycles/overview/export.xlsx">{t('cycles.xlsx')}</Link>
          </Paragraph>
          <DataTable testId="weakest-table" caption={t('cycles.weakest')} showCaption headers={[t('cycles.process'), t('cycles.indicator'), t('cycles.score')]}>
            {overview.data.weakestIndicators.slice(0, 10).map((entry) => (
              <TableRow key={`${entry.cycleId}-${entry.indicator}`}>
                <TableCell>
                  <Link href={`/cycles/${entry.cycleId}`}>{entry.processCode}</Link>
                </TableCell>
                <TableCell>{t(`cycles.indicators.${entry.indicator}`)}</TableCell>
                <TableCell>{entry.score}</TableCell>
              </TableRow>
            ))}
          </DataTable>
          <DataTable testId="cross-sector-table" caption={t('cycles.crossSector')} showCaption headers={[t('cycles.measure'), t('cycles.owner'), t('cycles.due'), t('cycles.measureStatus'), t('cycles.cost')]}>
            {overview.data.crossSectorMeasures.map((measure) => (
              <TableRow key={measure.id} data-overdue={measure.overdue}>
                <TableCell>{measure.title}</TableCell>
                <TableCell>{measure.ownerName}</TableCell>
                <TableCell>
                  {formatDateTime(measure.dueAt, i18n.language)}
                  {measure.overdue && <span className="vitaal-badge">{t('cycles.overdue')}</span>}
                </TableCell>
                <TableCell>{t(`cycles.measureStatuses.${measure.status}`)}</TableCell>
                <TableCell>{measure.costEstimateEur === null ? '' : formatEuros(measure.costEstimateEur, i18n.language)}</TableCell>
              </TableRow>
            ))}
          </DataTable>
        </section>
      )}
    </>
  );
}
