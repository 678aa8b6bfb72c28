import { Heading } from '@rijkshuisstijl-community/components-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CycleWorkspace } from '../../api/cycles.ts';

type Step = CycleWorkspace['cycle']['steps'][number]['step'];

/** The section of one step in the workspace, numbered as the cycle numbers it (a quickscan has only the analysis, as its step 1; the other parts stand unnumbered). */
export function StepSection({ data, step, children }: { data: CycleWorkspace; step: Step; children: ReactNode }) {
  const { t } = useTranslation();
  const position = data.cycle.steps.find((entry) => entry.step === step)?.position;
  return (
    <section aria-labelledby={`step-${step}`}>
      <Heading level={2} id={`step-${step}`}>
        {position ? `${position}. ` : ''}
        {t(`cycles.steps.${step}`)}
      </Heading>
      {children}
    </section>
  );
}
