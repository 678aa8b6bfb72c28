import { Paragraph, TableCell, TableRow } from '@rijkshuisstijl-community/components-react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { riskDiagramSpec } from '../../../../src/domain/charts/risk-diagram.ts';
import type { RiskMethod, ThreatCatalogue } from '../../../../src/domain/risk.ts';
import type { CycleWorkspace } from '../../api/cycles.ts';
import { formatNumber } from '../../format.ts';
import { DataTable } from '../DataTable.tsx';
import { VegaChart } from '../VegaChart.tsx';
import type { CycleAbilities } from './abilities.ts';
import { StepSection } from './StepSection.tsx';
import { ScoreSharing, StrategicInputs, ThreatLinks } from './AnalysisLinks.tsx';
import { IndicatorScoreForm } from './IndicatorScoreForm.tsx';
import { RuleText } from './RuleText.tsx';
import { ScenarioEditForm, ScenarioForm } from './ScenarioForm.tsx';

const classList = (classes: readonly { class: string; score: number }[]) => classes.map((entry) => `${entry.class}=${entry.score}`).join(', ');

/** The values the risk rule's text is built from, so that the translated rule states the method's own classes. */
export const riskRuleValues = (method: RiskMethod) => ({ impactClasses: classList(method.impact.classes), likelihoodClasses: classList(method.likelihood.classes), notApplicable: method.impact.notApplicable });

/** Step 2: indicator scores and the process score with its rule and sharing, threats, strategic inputs, risk scenarios and the risk diagram; the forms for those who may write. */
export function AnalysisStep({ data, abilities, onSaved }: { data: CycleWorkspace; abilities: CycleAbilities; onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en';
  const { scores, scenarios, threats } = data;
  const providerName = (id: string) => data.providers.find((provider) => provider.providerId === id)?.providerName ?? id;
  const method = scenarios.method as RiskMethod;
  const catalogue = threats.catalogue as ThreatCatalogue;
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
    <StepSection data={data} step="analysis">
      <DataTable testId="score-table" caption={t('cycles.scores')} showCaption headers={[t('cycles.provider'), t('cycles.indicator'), t('cycles.phase'), t('cycles.score'), t('cycles.rationale'), t('cycleWork.scoreForm.evidence')]}>
        {scores.items.map((score) => (
          <TableRow key={score.id}>
            <TableCell>{providerName(score.providerId)}</TableCell>
            <TableCell>{t(`cycles.indicators.${score.indicator}`)}</TableCell>
            <TableCell>{t(`cycles.phases.${score.phase}`)}</TableCell>
            <TableCell>{score.score}</TableCell>
            <TableCell>{score.rationale}</TableCell>
            <TableCell>{score.evidence.join(', ')}</TableCell>
          </TableRow>
        ))}
      </DataTable>
      {scores.aggregate.length > 0 && (
        <DataTable
          testId="process-score-table"
          caption={t('cycles.processScores')}
          showCaption
          headers={[t('cycles.indicator'), t('cycles.phases.analysis'), t('cycleWork.mean'), t('cycleWork.providersScored'), t('cycles.phases.reassessment')]}
        >
          {scores.aggregate.map((entry) => (
            <TableRow key={entry.indicator}>
              <TableCell>{t(`cycles.indicators.${entry.indicator}`)}</TableCell>
              <TableCell>{entry.score}</TableCell>
              <TableCell>{formatNumber(Math.round(entry.mean * 10) / 10, i18n.language)}</TableCell>
              <TableCell>{entry.providers}</TableCell>
              <TableCell>{scores.reassessmentAggregate.find((other) => other.indicator === entry.indicator)?.score ?? ''}</TableCell>
            </TableRow>
          ))}
        </DataTable>
      )}
      <RuleText ruleKey={scores.aggregationRuleKey} text={scores.aggregationRule} testId="score-rule" />
      {abilities.analysisOpen && abilities.scoreProviders.length > 0 && <IndicatorScoreForm cycleId={data.cycle.id} providers={abilities.scoreProviders} scores={scores} phase="analysis" onSaved={onSaved} />}
      <ScoreSharing data={data} abilities={abilities} onSaved={onSaved} />
      <ThreatLinks data={data} abilities={abilities} onSaved={onSaved} />
      <StrategicInputs data={data} abilities={abilities} onSaved={onSaved} />
      <DataTable testId="scenario-table" caption={t('cycles.scenarios')} showCaption headers={[t('cycles.scenario'), t('cycles.threat'), t('cycles.likelihood'), t('cycles.impact'), t('cycles.riskScore'), t('cycles.phases.reassessment')]}>
        {scenarios.items.map((scenario) => (
          <TableRow key={scenario.id} data-scenario={scenario.key}>
            <TableCell>
              {scenario.key}: {scenario.title}
              {scenario.description && <div>{scenario.description}</div>}
            </TableCell>
            <TableCell>{scenario.threatKey ? name(catalogue.threats.find((entry) => entry.key === scenario.threatKey), scenario.threatKey) : ''}</TableCell>
            <TableCell>{scenario.analysis?.likelihoodClass ?? ''}</TableCell>
            <TableCell>{scenario.analysis ? `${scenario.analysis.impactClass} (${scenario.analysis.impactScore})` : ''}</TableCell>
            <TableCell>{scenario.analysis?.riskScore ?? ''}</TableCell>
            <TableCell>{scenario.reassessment ? `${scenario.reassessment.likelihoodClass}/${scenario.reassessment.impactClass} (${scenario.reassessment.riskScore})` : ''}</TableCell>
          </TableRow>
        ))}
      </DataTable>
      {scenarios.diagram.length > 0 && <VegaChart spec={diagram} description={t('cycles.riskDiagram')} testId="risk-diagram" />}
      <RuleText ruleKey={scenarios.aggregationRuleKey} text={scenarios.aggregationRule} values={riskRuleValues(method)} testId="risk-rule" />
      {abilities.addsScenarios && abilities.analysisOpen && <ScenarioForm cycleId={data.cycle.id} method={method} catalogue={catalogue} onSaved={onSaved} />}
      {abilities.editsScenarios && scenarios.items.length > 0 && <ScenarioEditForm cycleId={data.cycle.id} catalogue={catalogue} scenarios={scenarios.items} onSaved={onSaved} />}
      {abilities.addsScenarios && !abilities.analysisOpen && <Paragraph>{t('cycleWork.analysisClosed')}</Paragraph>}
    </StepSection>
  );
}
