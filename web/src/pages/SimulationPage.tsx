import { Alert, Button, FormFieldSelect, FormFieldTextInput, Heading, Paragraph, SelectOption, TableCell, TableRow } from '@rijkshuisstijl-community/components-react';
import { useEffect, useMemo, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { distributionStatistics, monteCarloDistributionSpec } from '../../../src/domain/charts/monte-carlo.ts';
import { hazards } from '../../../src/domain/simulation-scenario.ts';
import { ApiError } from '../api/client.ts';
import {
  cancelJob,
  getJob,
  getSimulationModel,
  listScenarios,
  saveScenario,
  startRanking,
  startSimulation,
  type MonteCarloResult,
  type RankingResult,
  type ScenarioDefinition,
  type SimulationJob,
  type SimulationModel,
  type SimulationResult,
  type SimulationScenario,
} from '../api/simulations.ts';
import { DataTable } from '../components/DataTable.tsx';
import { DependencyGraph, type GraphEdge, type GraphNode } from '../components/DependencyGraph.tsx';
import { NetherlandsMap } from '../components/NetherlandsMap.tsx';
import { ErrorState, Loading, NoData } from '../components/PageStates.tsx';
import { VegaChart } from '../components/VegaChart.tsx';
import { formatNumber } from '../format.ts';
import { useUser } from '../session.tsx';
import { useLoad } from '../use-api.ts';
import { useTitle } from '../use-title.ts';

/** Literal colours for WebGL: failed (alert red) and highlighted single points of failure (oranje-500). */
const downColour = '#d52b1e';
const highlightColour = '#e17000';

/** Follows a job until it ends; `start` replaces the job followed. */
function useJob() {
  const [job, setJob] = useState<SimulationJob>();
  const [error, setError] = useState<Error>();
  useEffect(() => {
    if (!job || job.status !== 'running') return;
    const timer = setTimeout(() => {
      getJob(job.id).then(setJob, (cause: unknown) => setError(cause as Error));
    }, 400);
    return () => clearTimeout(timer);
  }, [job]);
  return {
    job,
    error,
    start: (begin: () => Promise<SimulationJob>) => {
      setError(undefined);
      begin().then(setJob, (cause: unknown) => setError(cause as Error));
    },
    cancel: () => job && cancelJob(job.id).then(setJob, (cause: unknown) => setError(cause as Error)),
  };
}

function JobStatus({ job, error, onCancel, testId }: { job?: SimulationJob; error?: Error; onCancel: () => void; testId: string }) {
  const { t, i18n } = useTranslation();
  if (error)
    return (
      <Alert type="error">
        <Paragraph>{error.message}</Paragraph>
        {error instanceof ApiError && error.errors.length > 0 && (
          <ul>
            {error.errors.map((detail) => (
              <li key={detail.path}>
                <code>{detail.path}</code>: {detail.message}
              </li>
            ))}
          </ul>
        )}
      </Alert>
    );
  if (!job) return null;
  return (
    <div className="vitaal-slider" data-testid={testId} data-status={job.status}>
      <label htmlFor={`${testId}-progress`}>{t(`simulation.status.${job.status}`)}</label>
      <progress id={`${testId}-progress`} max={job.total || 1} value={job.done} />
      <span>
        {formatNumber(job.done, i18n.language)} / {formatNumber(job.total, i18n.language)}
      </span>
      {job.status === 'running' && (
        <Button appearance="secondary-action-button" type="button" onClick={onCancel}>
          {t('simulation.cancel')}
        </Button>
      )}
    </div>
  );
}

function HazardSelect() {
  const { t } = useTranslation();
  return (
    <FormFieldSelect label={t('simulation.hazard')} name="hazard">
      {hazards.map((hazard) => (
        <SelectOption key={hazard} value={hazard}>
          {t(`simulation.hazards.${hazard}`)}
        </SelectOption>
      ))}
    </FormFieldSelect>
  );
}

/** Run a scenario on the registry model you may see and watch the cascade over time; rank single points of failure; Monte Carlo. */
export function SimulationPage() {
  const { t } = useTranslation();
  const user = useUser();
  useTitle(t('simulation.title'));
  const loaded = useLoad(async () => ({ model: await getSimulationModel(), scenarios: await listScenarios() }), user.id);
  if (loaded.state === 'loading') return <Loading />;
  if (loaded.state === 'error') return <ErrorState error={loaded.error} />;
  return <Simulation model={loaded.data.model} initialScenarios={loaded.data.scenarios} />;
}

type Source = 'saved' | 'asset' | 'cross-border' | 'region';

function Simulation({ model, initialScenarios }: { model: SimulationModel; initialScenarios: SimulationScenario[] }) {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en';
  const [scenarios, setScenarios] = useState(initialScenarios);
  const [source, setSource] = useState<Source>(initialScenarios.length > 0 ? 'saved' : 'asset');
  const simulation = useJob();
  const ranking = useJob();
  const monteCarlo = useJob();
  const [hour, setHour] = useState(0);
  const assetById = useMemo(() => new Map(model.assets.map((asset) => [asset.id, asset])), [model]);

  const graph = useMemo(() => {
    const nodes: GraphNode[] = model.assets.map((asset) => ({ id: asset.id, label: asset.name, own: true, weight: asset.populationServed }));
    const edges: GraphEdge[] = model.dependencies.map((dependency, index) => ({ id: `e${index}`, source: dependency.supplierId, target: dependency.dependentId }));
    return { nodes, edges };
  }, [model]);

  const result = simulation.job?.status === 'succeeded' ? (simulation.job.result as SimulationResult) : undefined;
  const ranked = ranking.job?.status === 'succeeded' ? (ranking.job.result as RankingResult) : undefined;
  const distribution = monteCarlo.job?.status === 'succeeded' ? (monteCarlo.job.result as MonteCarloResult) : undefined;
  const horizon = result?.summary.horizonHours ?? 168;
  const downAt = (atHours: number, recoveredAtHours: number | null) => atHours <= hour && (recoveredAtHours === null || recoveredAtHours > hour);
  const down = useMemo(() => new Set(result?.failed.filter((asset) => downAt(asset.atHours, asset.recoveredAtHours)).map((asset) => asset.assetId) ?? []), [result, hour]); // eslint-disable-line react-hooks/exhaustive-deps
  const colours = useMemo(() => {
    const map = new Map<string, string>();
    for (const entry of ranked?.ranking.slice(0, 10) ?? []) map.set(entry.assetId, highlightColour);
    for (const id of down) map.set(id, downColour);
    return map;
  }, [down, ranked]);

  const markers = model.assets
    .filter((asset) => asset.latitude !== null && asset.longitude !== null)
    .map((asset) => ({ id: asset.id, label: asset.name, latitude: asset.latitude as number, longitude: asset.longitude as number, down: down.has(asset.id) }));

  const definitionFrom = (form: FormData): ScenarioDefinition => {
    const horizonHours = Number(form.get('horizonHours') || 168);
    const seed = Number(form.get('seed') || 1);
    if (source === 'asset') return { horizonHours, seed, initialFailures: [{ assetId: String(form.get('assetId')) }] };
    if (source === 'cross-border') return { horizonHours, seed, crossBorder: { country: String(form.get('country')).toUpperCase() } };
    return {
      horizonHours,
      seed,
      region: {
        hazard: String(form.get('hazard')) as (typeof hazards)[number],
        circle: { center: [Number(form.get('longitude')), Number(form.get('latitude'))], radiusKm: Number(form.get('radiusKm')) },
      },
    };
  };

  const run = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setHour(0);
    if (source === 'saved') return simulation.start(() => startSimulation({ scenarioId: String(form.get('scenarioId')) }));
    const definition = definitionFrom(form);
    const name = String(form.get('name') ?? '').trim();
    simulation.start(async () => {
      if (name) {
        const saved = await saveScenario(name, definition);
        setScenarios((current) => [saved, ...current]);
        return startSimulation({ scenarioId: saved.id });
      }
      return startSimulation({ scenario: definition });
    });
  };

  const runMonteCarlo = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    monteCarlo.start(() =>
      startSimulation({ monteCarlo: { runs: Number(form.get('runs')), hazard: String(form.get('hazard')) as (typeof hazards)[number], radiusKm: Number(form.get('radiusKm')), seed: Number(form.get('seed') || 1) } }),
    );
  };

  const chart = useMemo(
    () =>
      distribution &&
      monteCarloDistributionSpec(
        distribution.distribution.map((entry) => ({ atHours: entry.atHours, ...entry.populationAffected })),
        { hours: t('simulation.hours'), value: t('simulation.people'), statistic: t('simulation.statistic'), statistics: Object.fromEntries(distributionStatistics.map((s) => [s, t(`simulation.statistics.${s}`)])) as Record<(typeof distributionStatistics)[number], string> },
      ),
    [distribution, t],
  );

  const nameOfProcess = (process: { nameNl: string; nameEn: string }) => (english ? process.nameEn : process.nameNl);
  const hours = (value: number) => t('simulation.atHours', { hours: formatNumber(value, i18n.language) });

  return (
    <article data-testid="simulation-page">
      <Heading level={1}>{t('simulation.title')}</Heading>
      <Paragraph>{t('simulation.intro', { assets: model.assets.length, dependencies: model.dependencies.length })}</Paragraph>
      {model.assets.length === 0 ? (
        <NoData />
      ) : (
        <>
          <Heading level={2}>{t('simulation.scenario')}</Heading>
          <form onSubmit={run} aria-label={t('simulation.scenario')} data-testid="scenario-form">
            <FormFieldSelect label={t('simulation.source')} name="source" value={source} onChange={(event: ChangeEvent<HTMLSelectElement>) => setSource(event.target.value as Source)}>
              {(['saved', 'asset', 'cross-border', 'region'] as const).map((value) => (
                <SelectOption key={value} value={value} disabled={value === 'saved' && scenarios.length === 0}>
                  {t(`simulation.sources.${value}`)}
                </SelectOption>
              ))}
            </FormFieldSelect>
            {source === 'saved' && (
              <FormFieldSelect label={t('simulation.savedScenario')} name="scenarioId">
                {scenarios.map((scenario) => (
                  <SelectOption key={scenario.id} value={scenario.id}>
                    {scenario.name}
                  </SelectOption>
                ))}
              </FormFieldSelect>
            )}
            {source === 'asset' && (
              <FormFieldSelect label={t('simulation.asset')} name="assetId">
                {model.assets.map((asset) => (
                  <SelectOption key={asset.id} value={asset.id}>
                    {asset.name}
                  </SelectOption>
                ))}
              </FormFieldSelect>
            )}
            {source === 'cross-border' && <FormFieldTextInput label={t('simulation.country')} name="country" defaultValue="DE" pattern="[A-Za-z]{2}" maxLength={2} required />}
            {source === 'region' && (
              <>
                <HazardSelect />
                <FormFieldTextInput label={t('simulation.latitude')} name="latitude" type="number" step="any" defaultValue="51.9" required />
                <FormFieldTextInput label={t('simulation.longitude')} name="longitude" type="number" step="any" defaultValue="4.3" required />
                <FormFieldTextInput label={t('simulation.radiusKm')} name="radiusKm" type="number" min="1" defaultValue="30" required />
              </>
            )}
            {source !== 'saved' && (
              <>
                <FormFieldTextInput label={t('simulation.horizonHours')} name="horizonHours" type="number" min="1" max="8760" defaultValue="168" />
                <FormFieldTextInput label={t('simulation.seed')} name="seed" type="number" min="0" defaultValue="1" />
                <FormFieldTextInput label={t('simulation.saveAs')} name="name" maxLength={300} />
              </>
            )}
            <Button appearance="primary-action-button" type="submit" data-testid="run-scenario" disabled={simulation.job?.status === 'running'}>
              {t('simulation.run')}
            </Button>
          </form>
          <JobStatus job={simulation.job} error={simulation.error} onCancel={() => void simulation.cancel()} testId="simulation-job" />

          {result && (
            <section data-testid="simulation-result">
              <Heading level={2}>{t('simulation.cascade')}</Heading>
              <Paragraph>{t('simulation.summary', { failed: result.summary.failed, processes: result.summary.processesDown })}</Paragraph>
              <div className="vitaal-slider">
                <label htmlFor="simulation-hour">{t('simulation.moment')}</label>
                <input id="simulation-hour" type="range" min={0} max={horizon} step={1} value={hour} onChange={(event) => setHour(Number(event.target.value))} />
                <output htmlFor="simulation-hour" data-testid="simulation-hour">
                  {hours(hour)} · {t('simulation.downNow', { count: down.size })}
                </output>
              </div>
              <div className="vitaal-map-layout">
                <NetherlandsMap markers={markers} label={t('simulation.mapLabel', { count: down.size, hours: hour })} />
                <DependencyGraph nodes={graph.nodes} edges={graph.edges} colours={colours} label={t('simulation.graphLabel', { count: down.size, hours: hour })} unavailable={t('process.graphUnavailable')} />
              </div>
              <ul className="vitaal-legend">
                <li>
                  <span className="vitaal-legend__swatch" style={{ background: downColour }} aria-hidden="true" /> {t('simulation.legendDown')}
                </li>
                <li>
                  <span className="vitaal-legend__swatch" style={{ background: highlightColour }} aria-hidden="true" /> {t('simulation.legendSpof')}
                </li>
              </ul>
              <DataTable testId="process-impact-table" caption={t('simulation.processesCaption')} showCaption headers={[t('simulation.process'), t('simulation.level'), t('simulation.downAt'), t('simulation.recoveredAt')]}>
                {result.processes.map((process) => (
                  <TableRow key={process.processId}>
                    <TableCell>{nameOfProcess(process)}</TableCell>
                    <TableCell>{formatNumber(process.minCapacity * 100, i18n.language)} %</TableCell>
                    <TableCell>{process.downAtHours === null ? t('common.none') : hours(process.downAtHours)}</TableCell>
                    <TableCell>{process.recoveredAtHours === null ? t('common.none') : hours(process.recoveredAtHours)}</TableCell>
                  </TableRow>
                ))}
              </DataTable>
              <DataTable testId="failed-table" caption={t('simulation.failedCaption')} showCaption headers={[t('simulation.asset'), t('simulation.failedAt'), t('simulation.cause')]}>
                {result.failed.map((asset) => (
                  <TableRow key={asset.assetId}>
                    <TableCell>{asset.name}</TableCell>
                    <TableCell>{hours(asset.atHours)}</TableCell>
                    <TableCell>
                      {asset.cause.kind === 'initial'
                        ? t(`simulation.triggers.${asset.cause.trigger ?? 'explicit'}`)
                        : t('simulation.needs', { supplier: assetById.get(asset.cause.supplierAssetId ?? '')?.name ?? asset.cause.supplierCode })}
                    </TableCell>
                  </TableRow>
                ))}
              </DataTable>
            </section>
          )}

          <Heading level={2}>{t('simulation.ranking')}</Heading>
          <Paragraph>{t('simulation.rankingIntro')}</Paragraph>
          <Button appearance="secondary-action-button" type="button" data-testid="run-ranking" onClick={() => ranking.start(() => startRanking(25))} disabled={ranking.job?.status === 'running'}>
            {t('simulation.rank')}
          </Button>
          <JobStatus job={ranking.job} error={ranking.error} onCancel={() => void ranking.cancel()} testId="ranking-job" />
          {ranked && (
            <DataTable testId="ranking-table" caption={t('simulation.rankingCaption')} showCaption headers={[t('simulation.rankNo'), t('simulation.asset'), { label: t('simulation.people24'), align: 'end' }, { label: t('simulation.people168'), align: 'end' }, { label: t('simulation.dominated'), align: 'end' }]}>
              {ranked.ranking.map((entry) => (
                <TableRow key={entry.assetId}>
                  <TableCell>{entry.rank}</TableCell>
                  <TableCell>{entry.name}</TableCell>
                  <TableCell alignCell="end">{formatNumber(entry.impact['24']?.populationAffected ?? 0, i18n.language)}</TableCell>
                  <TableCell alignCell="end">{formatNumber(entry.impact['168']?.populationAffected ?? 0, i18n.language)}</TableCell>
                  <TableCell alignCell="end">{formatNumber(entry.dominatedCount, i18n.language)}</TableCell>
                </TableRow>
              ))}
            </DataTable>
          )}

          <Heading level={2}>{t('simulation.monteCarlo')}</Heading>
          <form onSubmit={runMonteCarlo} aria-label={t('simulation.monteCarlo')} data-testid="monte-carlo-form">
            <FormFieldTextInput label={t('simulation.runs')} name="runs" type="number" min="1" max="1000000" defaultValue="1000" required />
            <HazardSelect />
            <FormFieldTextInput label={t('simulation.radiusKm')} name="radiusKm" type="number" min="1" defaultValue="30" required />
            <FormFieldTextInput label={t('simulation.seed')} name="seed" type="number" min="0" defaultValue="1" />
            <Button appearance="secondary-action-button" type="submit" data-testid="run-monte-carlo" disabled={monteCarlo.job?.status === 'running'}>
              {t('simulation.run')}
            </Button>
          </form>
          <JobStatus job={monteCarlo.job} error={monteCarlo.error} onCancel={() => void monteCarlo.cancel()} testId="monte-carlo-job" />
          {distribution && chart && (
            <>
              <VegaChart spec={chart} description={t('simulation.chartDescription', { runs: distribution.runs })} testId="monte-carlo-chart" />
              <DataTable testId="importance-table" caption={t('simulation.importanceCaption')} showCaption headers={[t('simulation.asset'), { label: t('simulation.frequency'), align: 'end' }]}>
                {distribution.importance.slice(0, 15).map((entry) => (
                  <TableRow key={entry.assetId}>
                    <TableCell>{entry.name}</TableCell>
                    <TableCell alignCell="end">{formatNumber(entry.frequency * 100, i18n.language)} %</TableCell>
                  </TableRow>
                ))}
              </DataTable>
            </>
          )}
        </>
      )}
    </article>
  );
}
