import { Heading, Paragraph } from '@rijkshuisstijl-community/components-react';
import { useTranslation } from 'react-i18next';
import type { RiskMethod } from '../../../../src/domain/risk.ts';
import type { CycleWorkspace } from '../../api/cycles.ts';
import { formatEuros } from '../../format.ts';
import type { CycleAbilities } from './abilities.ts';
import { MeasureBoard } from './MeasureBoard.tsx';
import { MeasureForm } from './MeasureForm.tsx';

/** Step 3: the action programme as board or table, and the form for a new measure for those who may add one. */
export function ProgrammeStep({ data, abilities, onSaved }: { data: CycleWorkspace; abilities: CycleAbilities; onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  return (
    <section aria-labelledby="step-measures">
      <Heading level={2} id="step-measures">
        3. {t('cycles.steps.measures')}
      </Heading>
      <Paragraph data-testid="programme-summary">{t('cycles.programmeSummary', { count: data.measures.items.length, overdue: data.measures.overdue, cost: formatEuros(data.measures.totalCostEur, i18n.language) })}</Paragraph>
      <MeasureBoard cycleId={data.cycle.id} measures={data.measures} changesStatus={abilities.changesStatus} onSaved={onSaved} />
      {abilities.measureScopes.length > 0 && <MeasureForm data={data} scopes={abilities.measureScopes} method={data.scenarios.method as RiskMethod} onSaved={onSaved} />}
    </section>
  );
}
