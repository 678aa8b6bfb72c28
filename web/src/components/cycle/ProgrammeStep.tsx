import { Paragraph } from '@rijkshuisstijl-community/components-react';
import { useTranslation } from 'react-i18next';
import type { RiskMethod } from '../../../../src/domain/risk.ts';
import type { CycleWorkspace } from '../../api/cycles.ts';
import { formatEuros } from '../../format.ts';
import type { CycleAbilities } from './abilities.ts';
import { StepSection } from './StepSection.tsx';
import { MeasureBoard } from './MeasureBoard.tsx';
import { MeasureEditForm, MeasureForm } from './MeasureForm.tsx';

/** Step 3: the action programme as board or table, the forms for a new measure and for changing one, for those who may. */
export function ProgrammeStep({ data, abilities, onSaved }: { data: CycleWorkspace; abilities: CycleAbilities; onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const editable = data.measures.items.filter(abilities.editsMeasure);
  return (
    <StepSection data={data} step="measures">
      <Paragraph data-testid="programme-summary">{t('cycles.programmeSummary', { count: data.measures.items.length, overdue: data.measures.overdue, cost: formatEuros(data.measures.totalCostEur, i18n.language) })}</Paragraph>
      <MeasureBoard cycleId={data.cycle.id} measures={data.measures} changesStatus={abilities.changesStatus} onSaved={onSaved} />
      {abilities.measureScopes.length > 0 && <MeasureForm data={data} scopes={abilities.measureScopes} method={data.scenarios.method as RiskMethod} onSaved={onSaved} />}
      {editable.length > 0 && <MeasureEditForm cycleId={data.cycle.id} measures={editable} onSaved={onSaved} />}
    </StepSection>
  );
}
