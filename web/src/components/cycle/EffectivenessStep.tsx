import { Paragraph, TableCell, TableRow } from '@rijkshuisstijl-community/components-react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { indicatorTrendSpec } from '../../../../src/domain/charts/risk-diagram.ts';
import type { RiskMethod } from '../../../../src/domain/risk.ts';
import type { CycleWorkspace } from '../../api/cycles.ts';
import { DataTable } from '../DataTable.tsx';
import { VegaChart } from '../VegaChart.tsx';
import type { CycleAbilities } from './abilities.ts';
import { StepSection } from './StepSection.tsx';
import { IndicatorScoreForm } from './IndicatorScoreForm.tsx';
import { ScenarioScoreForm } from './ScenarioScoreForm.tsx';

/** Step 4: re-assessment of indicators and scenarios after the measures, the effect per measure (expected against observed) and the trend. */
export function EffectivenessStep({ data, abilities, onSaved }: { data: CycleWorkspace; abilities: CycleAbilities; onSaved: () => void }) {
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
  const pair = (likelihood: string | null, impact: string | null) => `${likelihood ?? '–'} / ${impact ?? '–'}`;
  return (
    <StepSection data={data} step="effectiveness">
      <dl className="vitaal-facts" data-testid="effect-summary">
        <dt>{t('cycles.improved')}</dt>
        <dd>{list(effectiveness.summary.improved)}</dd>
        <dt>{t('cycles.worsened')}</dt>
        <dd>{list(effectiveness.summary.worsened)}</dd>
        <dt>{t('cycles.neverAddressed')}</dt>
        <dd>{list(effectiveness.summary.neverAddressed)}</dd>
      </dl>
      <DataTable testId="effect-table" caption={t('cycles.effects')} showCaption headers={[t('cycles.measure'), t('cycles.subject'), t('cycles.expected'), t('cycles.observed'), t('cycles.verdict')]}>
        {effectiveness.effects.flatMap((effect) => [
          ...effect.indicators.map((entry) => (
            <TableRow key={`${effect.measureId}-${entry.indicator}`}>
              <TableCell>{effect.title}</TableCell>
              <TableCell>{t(`cycles.indicators.${entry.indicator}`)}</TableCell>
              <TableCell>{entry.expected ?? ''}</TableCell>
              <TableCell>{entry.observed ?? ''}</TableCell>
              <TableCell>{t(`cycles.verdicts.${entry.verdict}`)}</TableCell>
            </TableRow>
          )),
          ...effect.scenarios.map((entry) => (
            <TableRow key={`${effect.measureId}-${entry.scenarioId}`}>
              <TableCell>{effect.title}</TableCell>
              <TableCell>
                {entry.key} ({t('cycles.likelihood')} / {t('cycles.impact')})
              </TableCell>
              <TableCell>{pair(entry.expectedLikelihoodClass, entry.expectedImpactClass)}</TableCell>
              <TableCell>{pair(entry.observedLikelihoodClass, entry.observedImpactClass)}</TableCell>
              <TableCell>
                {t(`cycles.verdicts.${entry.likelihoodVerdict}`)} / {t(`cycles.verdicts.${entry.impactVerdict}`)}
              </TableCell>
            </TableRow>
          )),
        ])}
      </DataTable>
      {effectiveness.history.length > 0 && <VegaChart spec={trend} description={t('cycles.trendChart')} testId="trend-chart" />}
      {abilities.reassessmentOpen ? (
        <>
          <Paragraph>{t('cycleWork.reassessmentIntro')}</Paragraph>
          {abilities.scoreProviders.length > 0 && <IndicatorScoreForm cycleId={data.cycle.id} providers={abilities.scoreProviders} scores={data.scores} phase="reassessment" onSaved={onSaved} />}
          {abilities.addsScenarios && data.scenarios.items.length > 0 && <ScenarioScoreForm cycleId={data.cycle.id} method={data.scenarios.method as RiskMethod} scenarios={data.scenarios.items} phase="reassessment" onSaved={onSaved} />}
        </>
      ) : (
        (abilities.runsCycle || abilities.scoreProviders.length > 0) && <Paragraph>{t('cycleWork.reassessmentLater')}</Paragraph>
      )}
    </StepSection>
  );
}
