import { Alert, Button, Heading, Link, Paragraph, TableCell, TableRow } from '@rijkshuisstijl-community/components-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { indicatorTrendSpec, riskDiagramSpec } from '../../../src/domain/charts/risk-diagram.ts';
import { ApiError } from '../api/client.ts';
import { getCycleWorkspace, moveCycleStep, type CycleWorkspace } from '../api/cycles.ts';
import { DataTable } from '../components/DataTable.tsx';
import { ErrorState, Loading } from '../components/PageStates.tsx';
import { VegaChart } from '../components/VegaChart.tsx';
import { formatDateTime, formatEuros } from '../format.ts';
import { useUser } from '../session.tsx';
import { useLoad } from '../use-api.ts';
import { useTitle } from '../use-title.ts';

/** The cycle workspace: the four steps of the cyclus vitaal, each with what the user may see of it, the risk diagram and the trend chart. */
export function CyclePage({ id }: { id: string }) {
  const { t } = useTranslation();
  useTitle(t('cycles.workspace'));
  const [version, setVersion] = useState(0);
  const data = useLoad(() => getCycleWorkspace(id), `${id}-${version}`);
  if (data.state === 'loading') return <Loading />;
  if (data.state === 'error') return <ErrorState error={data.error} />;
  return <Workspace data={data.data} onChange={() => setVersion((value) => value + 1)} />;
}

function Workspace({ data, onChange }: { data: CycleWorkspace; onChange: () => void }) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const { cycle } = data;
  const [error, setError] = useState<Error>();
  const runsCycle = user.roles.includes('ministry') && user.organisationId === cycle.ministryId;
  const current = cycle.steps.find((step) => step.state !== 'completed');

  async function advance() {
    if (!current) return;
    setError(undefined);
    try {
      await moveCycleStep(cycle.id, current.step, current.state === 'not-started' ? 'in-progress' : 'completed');
      onChange();
    } catch (caught) {
      setError(caught instanceof Error ? caught : new ApiError(0, 'error', String(caught)));
    }
  }

  return (
    <>
      <Paragraph>
        <Link href="/cycles">{t('common.back')}</Link>
      </Paragraph>
      <Heading level={1}>{t('cycles.workspace')}</Heading>
      <Paragraph>
        {t(`cycles.kinds.${cycle.kind}`)} · {t('cycles.due')}: {formatDateTime(cycle.dueAt, i18n.language)} · <span className="vitaal-badge">{t(`cycles.statuses.${cycle.status}`)}</span>
      </Paragraph>
      <ol className="vitaal-steps" aria-label={t('cycles.stepsLabel')} data-testid="cycle-steps">
        {cycle.steps.map((step) => (
          <li key={step.step} data-state={step.state} aria-current={step === current ? 'step' : undefined}>
            {step.position}. {t(`cycles.steps.${step.step}`)}: {t(`cycles.stepStates.${step.state}`)}
          </li>
        ))}
      </ol>
      {runsCycle && current && (
        <Button appearance="primary-action-button" onClick={() => void advance()} data-testid="advance-step">
          {current.state === 'not-started' ? t('cycles.start', { step: t(`cycles.steps.${current.step}`) }) : t('cycles.complete', { step: t(`cycles.steps.${current.step}`) })}
        </Button>
      )}
      {error && (
        <Alert type="error">
          <Paragraph>{error.message}</Paragraph>
        </Alert>
      )}
      <Paragraph>
        <Link href={`/api/v1/cycles/${cycle.id}/report.pdf?language=${i18n.language === 'en' ? 'en' : 'nl'}`}>{t('cycles.pdf')}</Link> · <Link href={`/api/v1/cycles/${cycle.id}/export.xlsx`}>{t('cycles.xlsx')}</Link>
      </Paragraph>
      <Designation data={data} />
      <Analysis data={data} />
      <Programme data={data} />
      <Effectiveness data={data} />
    </>
  );
}

function Designation({ data }: { data: CycleWorkspace }) {
  const { t, i18n } = useTranslation();
  return (
    <section aria-labelledby="step-designation">
      <Heading level={2} id="step-designation">
        1. {t('cycles.steps.designation')}
      </Heading>
      <DataTable testId="provider-table" caption={t('cycles.providers')} headers={[t('cycles.provider'), t('cycles.designation'), t('cycles.changed'), t('cycles.notified')]}>
        {data.providers.map((provider) => (
          <TableRow key={provider.id}>
            <TableCell>{provider.providerName}</TableCell>
            <TableCell>{t(`designationStatuses.${provider.status}`)}</TableCell>
            <TableCell>{formatDateTime(provider.statusChangedAt, i18n.language)}</TableCell>
            <TableCell>{formatDateTime(provider.notifiedAt, i18n.language)}</TableCell>
          </TableRow>
        ))}
      </DataTable>
    </section>
  );
}

function Analysis({ data }: { data: CycleWorkspace }) {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en';
  const { scores, scenarios, threats } = data;
  const providerName = (id: string) => data.providers.find((provider) => provider.providerId === id)?.providerName ?? id;
  const method = scenarios.method as { likelihood: { classes: { class: string }[] }; impact: { classes: { class: string; score: number }[] } };
  const catalogue = threats.catalogue as { threats: { key: string; nameNl: string; nameEn: string; subThreats: { key: string; nameNl: string; nameEn: string }[] }[] };
  const diagram = useMemo(
    () =>
      riskDiagramSpec(
        scenarios.diagram.map((point) => ({ ...point, phase: t(`cycles.phases.${point.phase}`) })),
        { likelihoodClasses: method.likelihood.classes.map((entry) => entry.class), impactClasses: method.impact.classes },
        { likelihood: t('cycles.likelihood'), impact: t('cycles.impact'), phase: t('cycles.phase') },
      ),
    [scenarios, method, t],
  );
  const name = (entry: { nameNl: string; nameEn: string } | undefined, fallback: string) => (entry ? (english ? entry.nameEn : entry.nameNl) : fallback);
  return (
    <section aria-labelledby="step-analysis">
      <Heading level={2} id="step-analysis">
        2. {t('cycles.steps.analysis')}
      </Heading>
      <DataTable testId="score-table" caption={t('cycles.scores')} showCaption headers={[t('cycles.provider'), t('cycles.indicator'), t('cycles.phase'), t('cycles.score'), t('cycles.rationale')]}>
        {scores.items.map((score) => (
          <TableRow key={score.id}>
            <TableCell>{providerName(score.providerId)}</TableCell>
            <TableCell>{t(`cycles.indicators.${score.indicator}`)}</TableCell>
            <TableCell>{t(`cycles.phases.${score.phase}`)}</TableCell>
            <TableCell>{score.score}</TableCell>
            <TableCell>{score.rationale}</TableCell>
          </TableRow>
        ))}
      </DataTable>
      {scores.aggregate.length > 0 && (
        <>
          <DataTable testId="process-score-table" caption={t('cycles.processScores')} showCaption headers={[t('cycles.indicator'), t('cycles.phases.analysis'), t('cycles.phases.reassessment')]}>
            {scores.aggregate.map((entry) => (
              <TableRow key={entry.indicator}>
                <TableCell>{t(`cycles.indicators.${entry.indicator}`)}</TableCell>
                <TableCell>{entry.score}</TableCell>
                <TableCell>{scores.reassessmentAggregate.find((other) => other.indicator === entry.indicator)?.score ?? ''}</TableCell>
              </TableRow>
            ))}
          </DataTable>
          <Paragraph>{scores.aggregationRule}</Paragraph>
        </>
      )}
      <DataTable testId="threat-table" caption={t('cycles.threats')} showCaption headers={[t('cycles.threat'), t('cycles.subThreat')]}>
        {threats.items.map((link) => {
          const threat = catalogue.threats.find((entry) => entry.key === link.threatKey);
          return (
            <TableRow key={link.id}>
              <TableCell>{name(threat, link.threatKey)}</TableCell>
              <TableCell>{link.subThreatKey ? name(threat?.subThreats.find((entry) => entry.key === link.subThreatKey), link.subThreatKey) : ''}</TableCell>
            </TableRow>
          );
        })}
      </DataTable>
      <DataTable testId="scenario-table" caption={t('cycles.scenarios')} showCaption headers={[t('cycles.scenario'), t('cycles.likelihood'), t('cycles.impact'), t('cycles.riskScore'), t('cycles.phases.reassessment')]}>
        {scenarios.items.map((scenario) => (
          <TableRow key={scenario.id}>
            <TableCell>
              {scenario.key}: {scenario.title}
            </TableCell>
            <TableCell>{scenario.analysis?.likelihoodClass ?? ''}</TableCell>
            <TableCell>{scenario.analysis ? `${scenario.analysis.impactClass} (${scenario.analysis.impactScore})` : ''}</TableCell>
            <TableCell>{scenario.analysis?.riskScore ?? ''}</TableCell>
            <TableCell>{scenario.reassessment ? `${scenario.reassessment.likelihoodClass}/${scenario.reassessment.impactClass} (${scenario.reassessment.riskScore})` : ''}</TableCell>
          </TableRow>
        ))}
      </DataTable>
      {scenarios.diagram.length > 0 && <VegaChart spec={diagram} description={t('cycles.riskDiagram')} testId="risk-diagram" />}
      <Paragraph>{scenarios.aggregationRule}</Paragraph>
    </section>
  );
}

const measureStatuses = ['planned', 'in-progress', 'done', 'cancelled'] as const;

function Programme({ data }: { data: CycleWorkspace }) {
  const { t, i18n } = useTranslation();
  return (
    <section aria-labelledby="step-measures">
      <Heading level={2} id="step-measures">
        3. {t('cycles.steps.measures')}
      </Heading>
      <Paragraph>{t('cycles.programmeSummary', { count: data.measures.items.length, overdue: data.measures.overdue, cost: formatEuros(data.measures.totalCostEur, i18n.language) })}</Paragraph>
      <div className="vitaal-kanban" data-testid="measure-kanban">
        {measureStatuses.map((status) => (
          <section key={status} aria-label={t(`cycles.measureStatuses.${status}`)}>
            <Heading level={3}>{t(`cycles.measureStatuses.${status}`)}</Heading>
            <ul>
              {data.measures.items
                .filter((measure) => measure.status === status)
                .map((measure) => (
                  <li key={measure.id} data-overdue={measure.overdue}>
                    <strong>{measure.title}</strong> · {measure.ownerName} · {formatDateTime(measure.dueAt, i18n.language)}
                    {measure.scope === 'cross-sector' && <span className="vitaal-badge">{t('cycles.scopes.cross-sector')}</span>}
                    {measure.overdue && <span className="vitaal-badge">{t('cycles.overdue')}</span>}
                  </li>
                ))}
            </ul>
          </section>
        ))}
      </div>
    </section>
  );
}

function Effectiveness({ data }: { data: CycleWorkspace }) {
  const { t } = useTranslation();
  const { effectiveness } = data;
  const trend = useMemo(
    () =>
      indicatorTrendSpec(
        effectiveness.history.map((point) => ({ ...point, indicator: t(`cycles.indicators.${point.indicator}`) })),
        { min: 1, max: 5 },
        { cycle: t('cycles.cycle'), score: t('cycles.score'), indicator: t('cycles.indicator') },
      ),
    [effectiveness, t],
  );
  const list = (entries: readonly { kind: string; key: string; title: string }[]) =>
    entries.length === 0 ? t('common.none') : entries.map((entry) => (entry.kind === 'indicator' ? t(`cycles.indicators.${entry.key}`) : entry.title)).join('; ');
  return (
    <section aria-labelledby="step-effectiveness">
      <Heading level={2} id="step-effectiveness">
        4. {t('cycles.steps.effectiveness')}
      </Heading>
      <dl className="vitaal-facts" data-testid="effect-summary">
        <dt>{t('cycles.improved')}</dt>
        <dd>{list(effectiveness.summary.improved)}</dd>
        <dt>{t('cycles.worsened')}</dt>
        <dd>{list(effectiveness.summary.worsened)}</dd>
        <dt>{t('cycles.neverAddressed')}</dt>
        <dd>{list(effectiveness.summary.neverAddressed)}</dd>
      </dl>
      <DataTable testId="effect-table" caption={t('cycles.effects')} showCaption headers={[t('cycles.measure'), t('cycles.subject'), t('cycles.expected'), t('cycles.observed'), t('cycles.verdict')]}>
        {effectiveness.effects.flatMap((effect) =>
          effect.indicators.map((entry) => (
            <TableRow key={`${effect.measureId}-${entry.indicator}`}>
              <TableCell>{effect.title}</TableCell>
              <TableCell>{t(`cycles.indicators.${entry.indicator}`)}</TableCell>
              <TableCell>{entry.expected ?? ''}</TableCell>
              <TableCell>{entry.observed ?? ''}</TableCell>
              <TableCell>{t(`cycles.verdicts.${entry.verdict}`)}</TableCell>
            </TableRow>
          )),
        )}
      </DataTable>
      {effectiveness.history.length > 0 && <VegaChart spec={trend} description={t('cycles.trendChart')} testId="trend-chart" />}
    </section>
  );
}
