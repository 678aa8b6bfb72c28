import { Heading } from '@rijkshuisstijl-community/components-react';
import { useTranslation } from 'react-i18next';
import type { CycleWorkspace } from '../../api/cycles.ts';
import type { CycleAbilities } from './abilities.ts';
import { StepSection } from './StepSection.tsx';
import { ProviderDesignation } from './ProviderDesignation.tsx';
import { VitalityAssessment } from './VitalityAssessment.tsx';

/** Step 1: the vitality assessment and the ministry's decision, the providers of the process designated and notified. */
export function DesignationStep({ data, abilities, onSaved }: { data: CycleWorkspace; abilities: CycleAbilities; onSaved: () => void }) {
  const { t } = useTranslation();
  return (
    <StepSection data={data} step="designation">
      <VitalityAssessment data={data} abilities={abilities} onSaved={onSaved} />
      <Heading level={3}>{t('cycles.providers')}</Heading>
      <ProviderDesignation data={data} abilities={abilities} onSaved={onSaved} />
    </StepSection>
  );
}
