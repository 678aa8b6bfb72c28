import { Button, FormFieldSelect, Heading, Link, Paragraph, SelectOption, TableCell, TableRow } from '@rijkshuisstijl-community/components-react';
import { useMemo, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../components/DataTable.tsx';
import { listOrganisations, listProcesses, listSectors, type VitalProcess } from '../api/registry.ts';
import { VegaChart } from '../components/VegaChart.tsx';
import { countProcesses, processesBySectorSpec } from '../../../src/domain/charts/processes-by-sector.ts';
import { ErrorState, Loading } from '../components/PageStates.tsx';
import { navigate, useLocation } from '../router.ts';
import { useLoad } from '../use-api.ts';
import { useTitle } from '../use-title.ts';

const filterNames = ['sectorId', 'category', 'ministryId'] as const;

/** The vital processes with filters on sector, category and ministry; the filters live in the URL. */
export function ProcessesPage() {
  const { t, i18n } = useTranslation();
  useTitle(t('processes.title'));
  const location = useLocation();
  const filters = Object.fromEntries(filterNames.map((name) => [name, location.searchParams.get(name) ?? ''])) as Record<(typeof filterNames)[number], string>;
  const category = filters.category === 'A' || filters.category === 'B' ? filters.category : undefined;

  const lookups = useLoad(() => Promise.all([listSectors(), listOrganisations('ministry')]), 'lookups');
  const processes = useLoad(
    () => listProcesses({ ...(filters.sectorId ? { sectorId: filters.sectorId } : {}), ...(category ? { category } : {}), ...(filters.ministryId ? { ministryId: filters.ministryId } : {}) }),
    location.search,
  );

  const setFilter = (name: (typeof filterNames)[number], value: string) => {
    const params = new URLSearchParams(location.search);
    if (value) params.set(name, value);
    else params.delete(name);
    const query = params.toString();
    navigate(`/processes${query ? `?${query}` : ''}`, { replace: true });
  };

  const english = i18n.language === 'en';
  const [sectors, ministries] = lookups.state === 'done' ? lookups.data : [undefined, undefined];
  const sectorName = useMemo(() => new Map(sectors?.items.map((sector) => [sector.id, english ? sector.nameEn : sector.nameNl])), [sectors, english]);
  const ministryName = new Map(ministries?.items.map((ministry) => [ministry.id, ministry.name]));
  const nameOf = (process: { nameNl: string; nameEn: string }) => (english ? process.nameEn : process.nameNl);
  const byName = (a: { nameNl: string; nameEn: string }, b: { nameNl: string; nameEn: string }) => nameOf(a).localeCompare(nameOf(b), i18n.language);

  return (
    <>
      <Heading level={1}>{t('processes.title')}</Heading>
      <Paragraph>{t('processes.intro')}</Paragraph>
      <form className="vitaal-filters" aria-label={t('common.filter')} onSubmit={(event) => event.preventDefault()}>
        <FormFieldSelect label={t('processes.filterSector')} name="sectorId" value={filters.sectorId} onChange={(event: ChangeEvent<HTMLSelectElement>) => setFilter('sectorId', event.target.value)}>
          <SelectOption value="">{t('common.all')}</SelectOption>
          {sectors?.items.map((sector) => (
            <SelectOption key={sector.id} value={sector.id}>
              {english ? sector.nameEn : sector.nameNl}
            </SelectOption>
          ))}
        </FormFieldSelect>
        <FormFieldSelect label={t('processes.filterCategory')} name="category" value={filters.category} onChange={(event: ChangeEvent<HTMLSelectElement>) => setFilter('category', event.target.value)}>
          <SelectOption value="">{t('common.all')}</SelectOption>
          <SelectOption value="A">A</SelectOption>
          <SelectOption value="B">B</SelectOption>
        </FormFieldSelect>
        <FormFieldSelect label={t('processes.filterMinistry')} name="ministryId" value={filters.ministryId} onChange={(event: ChangeEvent<HTMLSelectElement>) => setFilter('ministryId', event.target.value)}>
          <SelectOption value="">{t('common.all')}</SelectOption>
          {ministries?.items.map((ministry) => (
            <SelectOption key={ministry.id} value={ministry.id}>
              {ministry.name}
            </SelectOption>
          ))}
        </FormFieldSelect>
        {location.search && (
          <Button appearance="subtle-button" type="button" onClick={() => navigate('/processes', { replace: true })}>
            {t('common.reset')}
          </Button>
        )}
      </form>
      {processes.state === 'loading' && <Loading />}
      {processes.state === 'error' && <ErrorState error={processes.error} />}
      {processes.state === 'done' && (
        <>
          <Paragraph role="status" data-testid="process-count">
            {t('processes.count', { count: processes.data.total })}
          </Paragraph>
          <DataTable testId="process-table" caption={t('processes.caption')} headers={[t('processes.name'), t('processes.sector'), t('processes.category'), t('processes.ministry'), t('processes.interests')]}>
            {[...processes.data.items].sort(byName).map((process) => (
              <TableRow key={process.id} data-process={process.code}>
                <TableCell>
                  <Link href={`/processes/${process.id}`}>{nameOf(process)}</Link>
                </TableCell>
                <TableCell>{sectorName.get(process.sectorId) ?? ''}</TableCell>
                <TableCell>{process.category ?? t('common.none')}</TableCell>
                <TableCell>{ministryName.get(process.ministryId) ?? ''}</TableCell>
                <TableCell>{[process.euInterest ? t('processes.eu') : '', process.natoInterest ? t('processes.nato') : ''].filter(Boolean).join(', ') || t('common.none')}</TableCell>
              </TableRow>
            ))}
          </DataTable>
          {sectors && <ProcessesChart processes={processes.data.items} sectorName={sectorName} />}
        </>
      )}
    </>
  );
}

/** The listed processes per sector, stacked by category. */
function ProcessesChart({ processes, sectorName }: { processes: readonly VitalProcess[]; sectorName: ReadonlyMap<string, string> }) {
  const { t } = useTranslation();
  const spec = useMemo(
    () =>
      processesBySectorSpec(
        countProcesses(processes, (process) => sectorName.get(process.sectorId) ?? '', (process) => process.category ?? t('common.none')),
        { sector: t('processes.sector'), count: t('processes.chartCount'), category: t('processes.category') },
      ),
    [processes, sectorName, t],
  );
  return <VegaChart spec={spec} description={t('processes.chart')} testId="process-chart" />;
}
